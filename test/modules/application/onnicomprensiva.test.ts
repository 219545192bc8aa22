import t, { type Test } from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import { createInstalmentService } from '../../../src/modules/application/instalment.service.js'
import { IBAN, OTHER_IBAN, indemnityBody, newApplicant } from './applicant.factories.js'

// docs/rules.md §17–§18: the one-off indemnities of DL 104 art. 9 and DL 137 art. 15, on application and
// paid automatically to the beneficiaries of the earlier indemnities.
const ctx = await setupTestApp(t)
const db = ctx.database.db
const DL104 = 'indennita-dl104'
const RISTORI = 'indennita-ristori'
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const oneOff = (benefitCode: string, iban = IBAN) => ({
  benefitCode,
  payment: { method: 'iban', iban },
  declarations: { truthfulness: true, notPensioner: true, notEmployed: true },
})
const submit = async (cf: string, payload: object) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/applications', headers: bearer(await token(cf)), payload })
const read = async (cf: string, id: string) =>
  json(await ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(await token(cf)) }))
const run = () => ctx.emulator('POST', '/emulator/jobs/run')
/** The person's one-off payments as stored: the IBAN is the one of the application they went through. */
const payments = async (cf: string) =>
  (
    await db
      .selectFrom('payments')
      .select(['benefit_code', 'period', 'amount_eur', 'iban', 'value_date', 'application_id'])
      .where('codice_fiscale', '=', cf)
      .where('benefit_code', 'in', [DL104, RISTORI])
      .execute()
  )
    .map((p) => `${p.benefit_code} ${p.period} ${p.amount_eur} ${p.iban} ${p.value_date} ${p.application_id}`)
    .sort()
const SPETTACOLO = { entertainment: { contributions2019: 40, income2019Eur: 20_000 } }
const INTERMITTENT = { intermittent: { daysWorked: 40 } }

/** A March 2020 beneficiary of an indemnity DL 104 pays again, with April and May paid. */
async function marchBeneficiary(t: Test, positions: Record<string, unknown>, benefitCode: string, iban = IBAN) {
  const cf = await newApplicant(ctx, positions)
  await freeze('2020-04-02T17:00:00+02:00')
  const res = await submit(cf, indemnityBody({ method: 'iban', iban }, benefitCode))
  t.equal(res.statusCode, 201)
  await run()
  await freeze('2020-05-21T17:00:00+02:00')
  await run()
  t.equal((await read(cf, json(res).id)).status, 'accepted')
  return { cf, id: json(res).id as string }
}

/** Files in the window of the benefit and evaluates; returns the application as read back. */
async function decided(t: Test, cf: string, benefitCode: string, at: string) {
  await freeze(at)
  const res = await submit(cf, oneOff(benefitCode))
  t.equal(res.statusCode, 201, 'submitted')
  await run()
  return read(cf, json(res).id)
}

// First: it counts the job's runs, so no other beneficiary may be waiting.
t.test('the automatic one-off: a run killed half way, then run again, pays each beneficiary once', async (t) => {
  const people = []
  for (let i = 0; i < 5; i++) people.push(await marchBeneficiary(t, SPETTACOLO, 'indennita-spettacolo'))
  await freeze('2020-10-28T17:00:00+01:00')
  const service = (afterApplication?: (done: number) => void) =>
    createInstalmentService({
      db,
      clock: ctx.app.services.clock,
      payments: ctx.app.services.payments,
      batchSize: 2,
      afterApplication,
    })
  await t.rejects(
    service((done) => {
      if (done === 3) throw new Error('killed')
    }).runDue(),
    /killed/,
  )
  const cfs = people.map((p) => p.cf)
  const count = async () =>
    Number(
      (
        await db
          .selectFrom('payments')
          .select(db.fn.countAll<string>().as('n'))
          .where('codice_fiscale', 'in', cfs)
          .where('benefit_code', '=', DL104)
          .executeTakeFirstOrThrow()
      ).n,
    )
  t.equal(await count(), 2, 'the first batch committed, the second rolled back')
  t.equal(await service().runDue(), 3, 'the three left')
  t.equal(await service().runDue(), 0, 'and nothing the second time')
  t.equal(await count(), 5)
  for (const { cf, id } of people) t.same(await payments(cf), [`${DL104} 2020-08 1000 ${IBAN} 2020-10-31 ${id}`])
  const ledger = await db
    .selectFrom('dl34_instalments')
    .select(['application_id', 'paying_benefit_code'])
    .where(
      'application_id',
      'in',
      people.map((p) => p.id),
    )
    .execute()
  t.equal(ledger.length, 10, 'per application: the DL 34 months and the DL 104 one-off')
})

t.test('DL 104 calendar: listed from 15 August, applications from 23 October to 13 November 2020', async (t) => {
  const cf = await newApplicant(ctx, INTERMITTENT)
  const listed = async (code: string) =>
    json(await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })).items.some(
      (b: { code: string }) => b.code === code,
    )
  await freeze('2020-08-14T17:00:00+02:00')
  t.notOk(await listed(DL104))
  await freeze('2020-08-15T17:00:00+02:00')
  t.ok(await listed(DL104))
  t.notOk(await listed(RISTORI))
  await freeze('2020-10-22T23:59:00+02:00')
  t.match(json(await submit(cf, oneOff(DL104))), {
    code: 'APPLICATION_PERIOD_NOT_OPEN',
    opensAt: '2020-10-23T00:00:00+02:00',
  })
  await freeze('2020-11-14T00:00:00+01:00')
  t.match(json(await submit(cf, oneOff(DL104))), {
    code: 'APPLICATION_PERIOD_CLOSED',
    closedAt: '2020-11-14T00:00:00+01:00',
  })
  await freeze('2020-11-13T23:59:00+01:00')
  t.equal((await submit(cf, oneOff(DL104))).statusCode, 201, 'the last day')
  const first = await newApplicant(ctx, INTERMITTENT)
  await freeze('2020-10-23T17:00:00+02:00')
  t.equal((await submit(first, oneOff(DL104))).statusCode, 201, 'the first day')
})

t.test('Ristori calendar: listed from 29 October, applications from 26 November to 18 December 2020', async (t) => {
  const cf = await newApplicant(ctx, INTERMITTENT)
  const listed = async () =>
    json(await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })).items.some(
      (b: { code: string }) => b.code === RISTORI,
    )
  await freeze('2020-10-28T17:00:00+01:00')
  t.notOk(await listed())
  await freeze('2020-10-29T17:00:00+01:00')
  t.ok(await listed())
  await freeze('2020-11-25T23:59:00+01:00')
  t.match(json(await submit(cf, oneOff(RISTORI))), { code: 'APPLICATION_PERIOD_NOT_OPEN' })
  await freeze('2020-12-19T00:00:00+01:00')
  t.match(json(await submit(cf, oneOff(RISTORI))), {
    code: 'APPLICATION_PERIOD_CLOSED',
    closedAt: '2020-12-19T00:00:00+01:00',
  })
  await freeze('2020-12-18T23:59:00+01:00')
  t.equal((await submit(cf, oneOff(RISTORI))).statusCode, 201, 'the last day (circ. 137, not 30 November)')
  const first = await newApplicant(ctx, INTERMITTENT)
  await freeze('2020-11-26T17:00:00+01:00')
  t.equal((await submit(first, oneOff(RISTORI))).statusCode, 201, 'the first day')
})

t.test(
  'paid automatically: DL 104 from 28 October, Ristori from 27 November, with the first IBAN; applying is NOT_CUMULABLE',
  async (t) => {
    const { cf, id } = await marchBeneficiary(
      t,
      { seasonalTourism: { contractEndedOn: '2019-10-31', involuntary: true } },
      'indennita-stagionali-turismo',
      OTHER_IBAN,
    )
    await freeze('2020-10-27T17:00:00+01:00')
    await run()
    t.same(await payments(cf), [], 'not before its day')
    const early = await decided(t, cf, DL104, '2020-10-27T17:00:00+01:00')
    t.match(early, { status: 'rejected', reasons: [{ code: 'NOT_CUMULABLE' }] }, 'refused before the job has paid it')
    await freeze('2020-10-28T17:00:00+01:00')
    await run()
    await run()
    t.same(await payments(cf), [`${DL104} 2020-08 1000 ${OTHER_IBAN} 2020-10-31 ${id}`])
    await freeze('2020-11-26T17:00:00+01:00')
    await run()
    const ristori = await decided(t, cf, RISTORI, '2020-11-26T17:00:00+01:00')
    t.match(ristori, { status: 'rejected', reasons: [{ code: 'NOT_CUMULABLE' }] })
    await freeze('2020-11-27T17:00:00+01:00')
    await run()
    t.same(await payments(cf), [
      `${DL104} 2020-08 1000 ${OTHER_IBAN} 2020-10-31 ${id}`,
      `${RISTORI} 2020-10 1000 ${OTHER_IBAN} 2020-11-30 ${id}`,
    ])
    await freeze('2020-12-01T17:00:00+01:00')
    await run()
    t.match(
      (
        json(await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await token(cf)) }))
          .items as Array<Record<string, unknown>>
      ).filter((p) => p.benefitCode === RISTORI),
      [{ status: 'paid' }],
    )
  },
)

t.test('no automatic payment to who held a job on 15 August, nor through a professional May indemnity', async (t) => {
  const { cf } = await marchBeneficiary(
    t,
    { ...SPETTACOLO, employee: { sector: 'private', since: '2020-07-01', until: '2020-08-31' } },
    'indennita-spettacolo',
  )
  await freeze('2020-11-30T17:00:00+01:00')
  await run()
  t.same(await payments(cf), [], 'neither DL 104 nor Ristori')
  t.match(await decided(t, cf, RISTORI, '2020-11-30T17:00:00+01:00'), { status: 'accepted', amountEur: 1000 })
})

t.test(
  'new applicants: DL 104 accepted pays Ristori automatically; Ristori alone for a later seasonal end',
  async (t) => {
    const cf = await newApplicant(ctx, INTERMITTENT)
    const dl104 = await decided(t, cf, DL104, '2020-10-29T17:00:00+01:00')
    t.match(dl104, { status: 'accepted', amountEur: 1000 })
    await freeze('2020-11-27T17:00:00+01:00')
    await run()
    t.same(await payments(cf), [
      `${DL104} 2020-08 1000 ${IBAN} 2020-11-12 ${dl104.id}`,
      `${RISTORI} 2020-10 1000 ${IBAN} 2020-11-30 ${dl104.id}`,
    ])

    const lateSeasonal = await newApplicant(ctx, {
      seasonalTourism: { contractEndedOn: '2020-09-30', involuntary: true },
    })
    t.match(await decided(t, lateSeasonal, DL104, '2020-10-29T17:00:00+01:00'), {
      status: 'rejected',
      reasons: [{ code: 'NOT_A_ONE_OFF_CATEGORY' }],
    })
    t.match(await decided(t, lateSeasonal, RISTORI, '2020-11-27T17:00:00+01:00'), {
      status: 'accepted',
      amountEur: 1000,
    })
  },
)

t.test('exclusions on the day of the decree', async (t) => {
  const cases: Array<[string, Record<string, unknown>, string | null]> = [
    ['direct pension', { ...INTERMITTENT, pension: { kind: 'diretta' } }, 'PENSION_HOLDER'],
    ['assegno ordinario di invalidità', { ...INTERMITTENT, pension: { kind: 'assegno_ordinario_invalidita' } }, null],
    [
      'open-ended job on 15 August',
      { ...INTERMITTENT, employee: { sector: 'private', since: '2020-08-01' } },
      'EMPLOYED_ON_DECREE_DAY',
    ],
    [
      'fixed-term job',
      { ...INTERMITTENT, employee: { sector: 'private', since: '2020-08-01', fixedTerm: true } },
      null,
    ],
    ['job from 16 August', { ...INTERMITTENT, employee: { sector: 'private', since: '2020-08-16' } }, null],
    ['no category', { entertainment: { contributions2019: 6, income2019Eur: 1000 } }, 'NOT_A_ONE_OFF_CATEGORY'],
  ]
  for (const [name, positions, reason] of cases) {
    const application = await decided(t, await newApplicant(ctx, positions), DL104, '2020-10-29T17:00:00+01:00')
    if (reason) t.match(application, { status: 'rejected', reasons: [{ code: reason }] }, name)
    else t.match(application, { status: 'accepted', amountEur: 1000 }, name)
  }
})

t.test(
  'DL 157 (Ristori-quater): once more to the DL 137 beneficiaries from 14 December 2020, by application to the others',
  async (t) => {
    const QUATER = 'indennita-ristori-quater'
    const { cf, id } = await marchBeneficiary(t, SPETTACOLO, 'indennita-spettacolo')
    const quater = async (who: string) =>
      (
        await db
          .selectFrom('payments')
          .select(['period', 'amount_eur', 'application_id'])
          .where('codice_fiscale', '=', who)
          .where('benefit_code', '=', QUATER)
          .execute()
      ).map((p) => `${p.period} ${p.amount_eur} ${p.application_id}`)
    await freeze('2020-12-13T17:00:00+01:00')
    await run()
    t.same(await quater(cf), [], 'nothing before circ. 146')
    await freeze('2020-12-14T17:00:00+01:00')
    await run()
    await run()
    t.same(await quater(cf), [`2020-11 1000 ${id}`], 'once, through the March application')
    t.match(
      await decided(t, cf, QUATER, '2020-12-15T17:00:00+01:00'),
      { status: 'rejected', reasons: [{ code: 'NOT_CUMULABLE' }] },
      'who was paid automatically is refused the application',
    )
    const newcomer = await newApplicant(ctx, INTERMITTENT)
    await freeze('2020-12-13T17:00:00+01:00')
    t.match(json(await submit(newcomer, oneOff(QUATER))), { code: 'APPLICATION_PERIOD_NOT_OPEN' })
    t.match(await decided(t, newcomer, QUATER, '2020-12-15T17:00:00+01:00'), { status: 'accepted', amountEur: 1000 })
  },
)
