import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import { GESTIONE_SEPARATA, IBAN, OTHER_IBAN, indemnityBody, newApplicant } from './applicant.factories.js'
import { createInstalmentService } from '../../../src/modules/application/instalment.service.js'
import { incomeFellEnough } from '../../../src/modules/application/benefits/maggio-professionisti.js'
import { topUpCitizenshipIncome } from '../../../src/modules/application/benefits/positions.rules.js'

// docs/rules.md §14: DL 34/2020 "Rilancio", from 19 May 2020.
const ctx = await setupTestApp(t)
const db = ctx.database.db
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const submit = async (cf: string, body: object) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/applications', headers: bearer(await token(cf)), payload: body })
const read = async (cf: string, id: string) =>
  json(await ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(await token(cf)) }))
const payments = async (cf: string) =>
  json(await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await token(cf)) }))
    .items as Array<Record<string, unknown>>
const run = async () => json(await ctx.emulator('POST', '/emulator/jobs/run'))
const periods = async (cf: string) =>
  (await payments(cf))
    .map((p) => `${p.period} ${p.amountEur} ${p.status}${p.failureReason ? ` ${p.failureReason}` : ''}`)
    .sort()

const DECLARE = { truthfulness: true, notPensioner: true, notEmployed: true, noOtherCompulsoryScheme: true }
const dl34Body = (benefitCode: string, extra: Record<string, number> = {}) => ({
  benefitCode,
  payment: { method: 'iban', iban: IBAN },
  declarations: { ...DECLARE, ...extra },
})
const professional = (y2019: number, y2020: number) => ({
  gestioneSeparata: {
    kind: 'professionista',
    activeSince: '2015-01-01',
    vatIncome: { marchApril2019Eur: y2019, marchApril2020Eur: y2020 },
  },
})

/** A March beneficiary: applied on 2 April, evaluated at `evaluatedAt`. */
async function marchBeneficiary(
  positions: Record<string, unknown>,
  benefitCode: string,
  extra: Parameters<typeof newApplicant>[2] = {},
  evaluatedAt = '2020-04-02T17:00:00+02:00',
) {
  await freeze('2020-04-02T17:00:00+02:00')
  const cf = await newApplicant(ctx, positions, extra)
  const res = await submit(cf, indemnityBody(undefined, benefitCode))
  if (res.statusCode !== 201) throw new Error(res.body)
  await freeze(evaluatedAt)
  await run()
  return { cf, id: json(res).id as string }
}

t.test(
  'the three DL 34 benefits appear on 19 May 2020, not before; May opens on 19 June; earlier is 403',
  async (t) => {
    const cf = await newApplicant(ctx, professional(10_000, 1_000))
    await freeze('2020-05-18T23:59:00+02:00')
    const before = json(await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })).items.map(
      (b: { code: string }) => b.code,
    )
    t.notOk(before.includes('indennita-maggio-professionisti'))
    t.notOk(before.includes('indennita-nuove-categorie'))
    t.notOk(before.includes('indennita-spettacolo-dl34'))
    const early = await submit(
      cf,
      dl34Body('indennita-maggio-professionisti', { incomeMarchApril2019Eur: 10_000, incomeMarchApril2020Eur: 1_000 }),
    )
    t.equal(early.statusCode, 403)
    t.match(json(early), { code: 'APPLICATION_PERIOD_NOT_OPEN', opensAt: '2020-06-19T00:00:00+02:00' })

    await freeze('2020-05-19T00:00:00+02:00')
    const after = json(await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })).items
    const find = (code: string) => after.find((b: { code: string }) => b.code === code)
    t.match(find('indennita-maggio-professionisti'), {
      amountEur: 1000,
      legalBasis: 'DL 34/2020 art. 84 c. 2, 3 e 6',
      opensAt: '2020-06-19T00:00:00+02:00',
      closesAt: '2020-08-31T00:00:00+02:00',
    })
    t.match(find('indennita-nuove-categorie'), {
      amountEur: 600,
      exclusiveGroup: 'indennita-dl34',
      opensAt: '2020-05-19T00:00:00+02:00',
    })
    t.match(find('indennita-spettacolo-dl34'), { amountEur: 600, exclusiveGroup: 'indennita-dl34' })
    const stillEarly = await submit(
      cf,
      dl34Body('indennita-maggio-professionisti', { incomeMarchApril2019Eur: 10_000, incomeMarchApril2020Eur: 1_000 }),
    )
    t.match(json(stillEarly), { code: 'APPLICATION_PERIOD_NOT_OPEN' }, 'listed from 19 May, open from 19 June')
    await freeze('2020-06-19T00:00:00+02:00')
    t.equal(
      (
        await submit(
          cf,
          dl34Body('indennita-maggio-professionisti', {
            incomeMarchApril2019Eur: 10_000,
            incomeMarchApril2020Eur: 1_000,
          }),
        )
      ).statusCode,
      201,
    )
  },
)

t.test('the closing date of each DL 34 benefit comes from its configuration', async (t) => {
  const other = await setupTestApp(t, { DL34_NUOVE_CATEGORIE_LAST_DAY: '2020-06-30' }, ctx.database)
  await freeze('2020-07-01T17:00:00+02:00')
  const cf = await newApplicant(ctx, { intermittent: { daysWorked: 40 } })
  const late = await other.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: bearer(await token(cf)),
    payload: dl34Body('indennita-nuove-categorie'),
  })
  t.equal(late.statusCode, 403)
  t.match(json(late), { code: 'APPLICATION_PERIOD_CLOSED', closedAt: '2020-07-01T00:00:00+02:00' })
  t.equal(
    (await submit(cf, dl34Body('indennita-nuove-categorie'))).statusCode,
    201,
    'the default (30 August, DL 104 art. 9 c. 8) still admits it',
  )
})

t.test(
  'May for professionals: a fall of 33 % is accepted (1,000 euro), 32.99 % rejected in Italian, the archive must confirm',
  async (t) => {
    t.ok(incomeFellEnough(10_000, 6_700))
    t.notOk(incomeFellEnough(10_000, 6_701))
    t.notOk(incomeFellEnough(0, 0), 'no 2019 income: no fall')
    await freeze('2020-06-20T17:00:00+02:00')
    const exact = await newApplicant(ctx, professional(10_000, 6_700))
    const short = await newApplicant(ctx, professional(10_000, 6_700))
    const unconfirmed = await newApplicant(ctx, professional(10_000, 9_000))
    const closed = await newApplicant(ctx, {
      gestioneSeparata: {
        kind: 'professionista',
        activeSince: '2015-01-01',
        activeUntil: '2020-05-18',
        vatIncome: { marchApril2019Eur: 10_000, marchApril2020Eur: 0 },
      },
    })
    const missing = await submit(
      exact,
      dl34Body('indennita-maggio-professionisti', { incomeMarchApril2019Eur: 10_000 }),
    )
    t.equal(missing.statusCode, 422)
    t.match(json(missing), { code: 'MISSING_DECLARATION' })
    const a = json(
      await submit(
        exact,
        dl34Body('indennita-maggio-professionisti', {
          incomeMarchApril2019Eur: 10_000,
          incomeMarchApril2020Eur: 6_700,
        }),
      ),
    )
    const b = json(
      await submit(
        short,
        dl34Body('indennita-maggio-professionisti', {
          incomeMarchApril2019Eur: 10_000,
          incomeMarchApril2020Eur: 6_701,
        }),
      ),
    )
    const c = json(
      await submit(
        unconfirmed,
        dl34Body('indennita-maggio-professionisti', {
          incomeMarchApril2019Eur: 10_000,
          incomeMarchApril2020Eur: 5_000,
        }),
      ),
    )
    const d = json(
      await submit(
        closed,
        dl34Body('indennita-maggio-professionisti', { incomeMarchApril2019Eur: 10_000, incomeMarchApril2020Eur: 0 }),
      ),
    )
    await run()
    t.match(await read(exact, a.id), { status: 'accepted', amountEur: 1000 })
    t.same(await periods(exact), ['2020-05 1000 scheduled'])
    const rejected = await read(short, b.id)
    t.equal(rejected.status, 'rejected')
    t.same(rejected.reasons, [
      {
        code: 'INCOME_FALL_BELOW_33_PERCENT',
        description:
          'riduzione del reddito del bimestre marzo-aprile 2020 inferiore al 33% rispetto al bimestre marzo-aprile 2019',
      },
    ])
    t.match((await read(unconfirmed, c.id)).reasons, [{ code: 'INCOME_FALL_NOT_CONFIRMED' }])
    t.match((await read(closed, d.id)).reasons, [{ code: 'NO_VAT_POSITION_ON_2020_05_19' }])
    t.same(await periods(short), [])
  },
)

t.test(
  'automatic April and May instalments for March beneficiaries, none for a rejected one, none before 19 May',
  async (t) => {
    const cococoEnded = await marchBeneficiary(
      { gestioneSeparata: { kind: 'cococo', activeSince: '2018-01-01', activeUntil: '2020-04-30' } },
      'indennita-professionisti-cococo',
    )
    const cococoRunning = await marchBeneficiary(
      { gestioneSeparata: { kind: 'cococo', activeSince: '2018-01-01' } },
      'indennita-professionisti-cococo',
    )
    const ago = await marchBeneficiary({ ago: { scheme: 'artigiani' } }, 'indennita-autonomi-ago')
    const seasonal = { seasonalTourism: { contractEndedOn: '2019-10-31', involuntary: true } }
    const seasonalFree = await marchBeneficiary(seasonal, 'indennita-stagionali-turismo')
    const seasonalNaspi = await marchBeneficiary(
      { ...seasonal, naspiOn2020_05_19: true },
      'indennita-stagionali-turismo',
    )
    const seasonalHired = await marchBeneficiary(
      { ...seasonal, employee: { sector: 'private', since: '2020-05-01' } },
      'indennita-stagionali-turismo',
    )
    const agricultural = await marchBeneficiary({ agricultural: { daysWorked2019: 60 } }, 'indennita-agricoli')
    const entertainment = await marchBeneficiary(
      { entertainment: { contributions2019: 40, income2019Eur: 20_000 } },
      'indennita-spettacolo',
    )
    const rejected = await marchBeneficiary(
      { ...GESTIONE_SEPARATA, pension: { kind: 'diretta' } },
      'indennita-professionisti-cococo',
    )
    t.equal((await read(rejected.cf, rejected.id)).status, 'rejected')

    await freeze('2020-05-18T23:59:00+02:00')
    await run()
    t.same(await periods(ago.cf), ['2020-03 600 paid'], 'nothing before 19 May')

    await freeze('2020-05-19T17:00:00+02:00')
    await run()
    t.same(await periods(cococoEnded.cf), ['2020-03 600 paid', '2020-04 600 scheduled', '2020-05 1000 scheduled'])
    t.same(await periods(cococoRunning.cf), ['2020-03 600 paid', '2020-04 600 scheduled'])
    t.same(await periods(ago.cf), ['2020-03 600 paid', '2020-04 600 scheduled'])
    t.same(await periods(seasonalFree.cf), ['2020-03 600 paid', '2020-04 600 scheduled', '2020-05 1000 scheduled'])
    t.same(await periods(seasonalNaspi.cf), ['2020-03 600 paid', '2020-04 600 scheduled'], 'NASpI on 19 May: no May')
    t.same(await periods(seasonalHired.cf), ['2020-03 600 paid', '2020-04 600 scheduled'], 'a job on 19 May: no May')
    t.same(await periods(agricultural.cf), ['2020-03 600 paid', '2020-04 500 scheduled'])
    t.same(await periods(entertainment.cf), ['2020-03 600 paid', '2020-04 600 scheduled', '2020-05 600 scheduled'])
    t.same(await periods(rejected.cf), [], 'a rejected March application gets nothing')
    const april = (await payments(ago.cf)).find((p) => p.period === '2020-04')
    t.match(april, { applicationId: ago.id, benefitCode: 'indennita-autonomi-ago', valueDate: '2020-05-22' })

    await freeze('2020-05-25T17:00:00+02:00')
    await run()
    await run()
    t.same(
      await periods(entertainment.cf),
      ['2020-03 600 paid', '2020-04 600 paid', '2020-05 600 paid'],
      'paid once their value date came, never twice',
    )
  },
)

t.test(
  'an IBAN the applicant does not hold fails the April instalment as it failed March; a held IBAN redirects both',
  async (t) => {
    const b = await marchBeneficiary(
      { ago: { scheme: 'commercianti' } },
      'indennita-autonomi-ago',
      { bankAccounts: [{ iban: IBAN, holders: ['RSSMRA80A01H501U'] }], holderSelf: [OTHER_IBAN] },
      '2020-04-20T17:00:00+02:00',
    )
    t.same(await periods(b.cf), ['2020-03 600 failed IBAN_NOT_HELD'])
    await freeze('2020-05-19T17:00:00+02:00')
    await run()
    t.same(await periods(b.cf), ['2020-03 600 failed IBAN_NOT_HELD', '2020-04 600 failed IBAN_NOT_HELD'])
    const change = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${b.id}/payment`,
      headers: bearer(await token(b.cf)),
      payload: { method: 'iban', iban: OTHER_IBAN },
    })
    t.equal(change.statusCode, 200)
    t.same(await periods(b.cf), ['2020-03 600 scheduled', '2020-04 600 scheduled'])
  },
)

t.test('a run killed half way, then run again: every instalment exactly once', async (t) => {
  const people = []
  for (let i = 0; i < 5; i++)
    people.push(
      await marchBeneficiary(
        { entertainment: { contributions2019: 40, income2019Eur: 20_000 } },
        'indennita-spettacolo',
      ),
    )
  await freeze('2020-05-21T17:00:00+02:00')
  const crashing = createInstalmentService({
    db,
    clock: ctx.app.services.clock,
    payments: ctx.app.services.payments,
    batchSize: 2,
    afterApplication: (done) => {
      if (done === 3) throw new Error('killed')
    },
  })
  await t.rejects(crashing.runDue(), /killed/)
  const cfs = people.map((p) => p.cf)
  const countAfterCrash = await db
    .selectFrom('payments')
    .select(db.fn.countAll<string>().as('n'))
    .where('codice_fiscale', 'in', cfs)
    .where('period', '!=', '2020-03')
    .executeTakeFirstOrThrow()
  t.equal(
    Number(countAfterCrash.n),
    4,
    'the first batch (two applications, two months each) committed; the second rolled back',
  )
  // Small batches again: the rerun goes on batch after batch from the last id it claimed.
  const rerun = createInstalmentService({
    db,
    clock: ctx.app.services.clock,
    payments: ctx.app.services.payments,
    batchSize: 2,
  })
  t.equal(await rerun.runDue(), 3, 'the three left, in two batches')
  t.equal(await rerun.runDue(), 0, 'and nothing the second time')
  await run()
  for (const cf of cfs)
    t.same(await periods(cf), ['2020-03 600 paid', '2020-04 600 scheduled', '2020-05 600 scheduled'])
  const ledger = await db
    .selectFrom('dl34_instalments')
    .select('application_id')
    .where(
      'application_id',
      'in',
      people.map((p) => p.id),
    )
    .execute()
  t.equal(ledger.length, 5)
})

t.test('two instances running the job at once pay each instalment once', async (t) => {
  const people = []
  for (let i = 0; i < 6; i++)
    people.push(await marchBeneficiary({ ago: { scheme: 'artigiani' } }, 'indennita-autonomi-ago'))
  const other = await setupTestApp(t, {}, ctx.database)
  await freeze('2020-05-22T17:00:00+02:00')
  await Promise.all([
    ctx.app.services.instalments.runDue(),
    other.app.services.instalments.runDue(),
    ctx.app.services.instalments.runDue(),
    other.emulator('POST', '/emulator/jobs/run'),
  ])
  for (const { cf } of people) t.same(await periods(cf), ['2020-03 600 paid', '2020-04 600 scheduled'])
})

t.test('citizenship income (c. 13): the indemnity tops it up to the indemnity, 0 when it is as high', async (t) => {
  t.equal(topUpCitizenshipIncome(600, 200), 400)
  t.equal(topUpCitizenshipIncome(600, 600), 0)
  t.equal(topUpCitizenshipIncome(600, 780.5), 0)
  t.equal(topUpCitizenshipIncome(1000, 250.4), 750)
  t.equal(topUpCitizenshipIncome(600, undefined), 600)

  await freeze('2020-05-20T17:00:00+02:00')
  const low = await newApplicant(ctx, { intermittent: { daysWorked: 30 }, citizenshipIncomeMonthlyEur: 250 })
  const high = await newApplicant(ctx, {
    entertainment: { contributions2019: 7, income2019Eur: 35_000 },
    citizenshipIncomeMonthlyEur: 700,
  })
  const a = json(await submit(low, dl34Body('indennita-nuove-categorie')))
  const b = json(await submit(high, dl34Body('indennita-spettacolo-dl34')))
  await run()
  const accepted = await read(low, a.id)
  t.match(accepted, { status: 'accepted', amountEur: 1050 })
  t.match(accepted.reasons, [
    { code: 'CITIZENSHIP_INCOME_TOP_UP', description: /integrazione del Reddito di cittadinanza/ },
  ])
  t.same(await periods(low), ['2020-03 350 scheduled', '2020-04 350 scheduled', '2020-05 350 scheduled'])
  t.same(
    new Set((await payments(low)).map((p) => p.method)),
    new Set(['reddito_di_cittadinanza']),
    'paid on the RdC, not to the IBAN of the application',
  )
  const none = await read(high, b.id)
  t.equal(none.status, 'rejected')
  t.match(none.reasons, [
    { code: 'CITIZENSHIP_INCOME_NOT_LOWER', description: /Reddito di cittadinanza pari o superiore/ },
  ])

  // A March beneficiary who receives the citizenship income by 19 May: April topped up to 600.
  const ago = await marchBeneficiary({ ago: { scheme: 'artigiani' } }, 'indennita-autonomi-ago')
  const person = json(await ctx.emulator('GET', `/emulator/persons/${ago.cf}`))
  const { codiceFiscale: _cf, updatedAt: _u, ...record } = person
  await ctx.emulator('PUT', `/emulator/persons/${ago.cf}`, {
    ...record,
    positions: { ...record.positions, citizenshipIncomeMonthlyEur: 450 },
  })
  await freeze('2020-05-23T17:00:00+02:00')
  await run()
  t.same(await periods(ago.cf), ['2020-03 600 paid', '2020-04 150 scheduled'])
})

t.test(
  'new categories (c. 8) and entertainment (c. 10): two payments of 600, thresholds, one of the two per person',
  async (t) => {
    await freeze('2020-05-20T17:00:00+02:00')
    const intermittent = await newApplicant(ctx, { intermittent: { daysWorked: 30 } })
    const tooFewDays = await newApplicant(ctx, { seasonalOtherSectors: { daysWorked: 29 } })
    const occasional = await newApplicant(ctx, { occasionalSelfEmployed: { enrolledSince: '2020-02-23' } })
    const lateOccasional = await newApplicant(ctx, { occasionalSelfEmployed: { enrolledSince: '2020-02-24' } })
    const sellerOn23Feb = { vatNumberOn2020_02_23: true, enrolledSince: '2019-01-01' }
    const seller = await newApplicant(ctx, { doorToDoorSeller: { income2019Eur: 5_000.01, ...sellerOn23Feb } })
    const smallSeller = await newApplicant(ctx, { doorToDoorSeller: { income2019Eur: 5_000, ...sellerOn23Feb } })
    // c. 8 lett. d: a VAT number and the Gestione separata on 23 February 2020.
    const noVatSeller = await newApplicant(ctx, {
      doorToDoorSeller: { income2019Eur: 9_000, enrolledSince: '2019-01-01' },
    })
    // c. 8 lett. a: an involuntary end between 1 January 2019 and 31 January 2020.
    const seasonalEnd = { daysWorked: 30, contractEndedOn: '2019-09-30', involuntary: true }
    const seasonal = await newApplicant(ctx, { seasonalOtherSectors: seasonalEnd })
    const resigned = await newApplicant(ctx, { seasonalOtherSectors: { ...seasonalEnd, involuntary: false } })
    const endedLate = await newApplicant(ctx, {
      seasonalOtherSectors: { ...seasonalEnd, contractEndedOn: '2020-02-01' },
    })
    // c. 8 lett. c: no contract running on 23 February 2020, no other compulsory scheme.
    const stillUnderContract = await newApplicant(ctx, {
      occasionalSelfEmployed: { enrolledSince: '2019-06-01', contractRunningOn2020_02_23: true },
    })
    const artisan = await newApplicant(ctx, {
      occasionalSelfEmployed: { enrolledSince: '2019-06-01' },
      ago: { scheme: 'artigiani' },
    })
    const artist = await newApplicant(ctx, { entertainment: { contributions2019: 7, income2019Eur: 35_000 } })
    const fewDays = await newApplicant(ctx, { entertainment: { contributions2019: 6, income2019Eur: 10_000 } })
    const rich = await newApplicant(ctx, { entertainment: { contributions2019: 10, income2019Eur: 35_000.01 } })
    const employed = await newApplicant(ctx, {
      intermittent: { daysWorked: 60 },
      employee: { sector: 'private', since: '2020-05-01' },
    })
    // c. 9: only an open-ended employment excludes.
    const fixedTerm = await newApplicant(ctx, {
      intermittent: { daysWorked: 60 },
      employee: { sector: 'private', since: '2020-05-01', fixedTerm: true },
    })
    // c. 10, first group: art. 38's requisites (30 contributions, up to 50,000 euro).
    const art38Artist = await newApplicant(ctx, { entertainment: { contributions2019: 40, income2019Eur: 45_000 } })
    const ids = new Map<string, string>()
    for (const cf of [
      intermittent,
      tooFewDays,
      occasional,
      lateOccasional,
      seller,
      smallSeller,
      employed,
      noVatSeller,
      seasonal,
      resigned,
      endedLate,
      stillUnderContract,
      artisan,
      fixedTerm,
    ])
      ids.set(cf, json(await submit(cf, dl34Body('indennita-nuove-categorie'))).id)
    for (const cf of [artist, fewDays, rich, art38Artist])
      ids.set(cf, json(await submit(cf, dl34Body('indennita-spettacolo-dl34'))).id)
    const both = await submit(intermittent, dl34Body('indennita-spettacolo-dl34'))
    t.equal(both.statusCode, 409)
    t.match(json(both), { code: 'INCOMPATIBLE_BENEFIT', conflictingBenefitCode: 'indennita-nuove-categorie' })
    t.equal(
      (await submit(intermittent, dl34Body('indennita-nuove-categorie'))).statusCode,
      409,
      'one per person per benefit',
    )
    await run()
    const outcome = async (cf: string) => {
      const a = await read(cf, ids.get(cf)!)
      return a.status === 'accepted'
        ? `accepted ${a.amountEur}`
        : `rejected ${a.reasons.map((r: { code: string }) => r.code).join(',')}`
    }
    // circ. 67/2020: one application, March (DM 10/2020), April and May.
    t.equal(await outcome(intermittent), 'accepted 1800')
    t.same(await periods(intermittent), ['2020-03 600 scheduled', '2020-04 600 scheduled', '2020-05 600 scheduled'])
    t.equal(await outcome(tooFewDays), 'rejected NOT_A_NEW_CATEGORY')
    t.equal(await outcome(occasional), 'accepted 1800')
    t.equal(await outcome(lateOccasional), 'rejected NOT_A_NEW_CATEGORY')
    t.equal(await outcome(seller), 'accepted 1800')
    t.equal(await outcome(smallSeller), 'rejected NOT_A_NEW_CATEGORY')
    t.equal(await outcome(noVatSeller), 'rejected NOT_A_NEW_CATEGORY')
    t.equal(await outcome(seasonal), 'accepted 1800')
    t.equal(await outcome(resigned), 'rejected NOT_A_NEW_CATEGORY')
    t.equal(await outcome(endedLate), 'rejected NOT_A_NEW_CATEGORY')
    t.equal(await outcome(stillUnderContract), 'rejected NOT_A_NEW_CATEGORY')
    t.equal(await outcome(artisan), 'rejected NOT_A_NEW_CATEGORY')
    t.equal(await outcome(employed), 'rejected OPEN_ENDED_EMPLOYMENT')
    t.equal(await outcome(fixedTerm), 'accepted 1800')
    t.equal(await outcome(art38Artist), 'accepted 1200', 'c. 10 first group')
    t.equal(await outcome(artist), 'accepted 1200')
    t.same(await periods(artist), ['2020-04 600 scheduled', '2020-05 600 scheduled'])
    t.equal(await outcome(fewDays), 'rejected INSUFFICIENT_ENTERTAINMENT_CONTRIBUTIONS_2019_DL34')
    t.equal(await outcome(rich), 'rejected INCOME_2019_ABOVE_35000')
  },
)

t.test(
  'c. 10: a March art. 38 beneficiary, paid April and May automatically, is refused the application for the same months',
  async (t) => {
    const artist = await marchBeneficiary(
      { entertainment: { contributions2019: 40, income2019Eur: 20_000 } },
      'indennita-spettacolo',
    )
    await freeze('2020-05-20T17:00:00+02:00')
    const res = await submit(artist.cf, dl34Body('indennita-spettacolo-dl34'))
    t.equal(res.statusCode, 201)
    await run()
    const application = await read(artist.cf, json(res).id)
    t.equal(application.status, 'rejected')
    t.match(application.reasons, [{ code: 'NOT_CUMULABLE', description: /art\. 86 DL 34\/2020/ }])
    t.same(
      await periods(artist.cf),
      ['2020-03 600 paid', '2020-04 600 scheduled', '2020-05 600 scheduled'],
      'each month once',
    )
  },
)
