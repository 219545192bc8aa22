import t, { type Test } from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import { IBAN, indemnityBody, newApplicant } from './applicant.factories.js'

// docs/rules.md §16: DL 34 art. 85, the domestic workers' 500 + 500 euro (msg 2184 and circ. 65/2020).
const ctx = await setupTestApp(t)
const CODE = 'indennita-lavoratori-domestici'
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const body = {
  benefitCode: CODE,
  payment: { method: 'iban', iban: IBAN },
  declarations: { truthfulness: true, notPensioner: true, notCohabiting: true },
}
const submit = async (cf: string, payload: object = body) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/applications', headers: bearer(await token(cf)), payload })
const read = async (cf: string, id: string, as = cf) =>
  ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(await token(as)) })
const run = () => ctx.emulator('POST', '/emulator/jobs/run')
const payments = async (cf: string) =>
  (
    json(await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await token(cf)) }))
      .items as Array<Record<string, unknown>>
  )
    .map((p) => `${p.benefitCode} ${p.period} ${p.amountEur} ${p.method} ${p.valueDate}`)
    .sort()
const DOMESTIC = { domestic: { hoursPerWeek: 12, cohabiting: false, since: '2019-09-01' } }

/** Files in the open window and runs the evaluation; returns the application as read back. */
async function decided(t: Test, positions: Record<string, unknown>) {
  const cf = await newApplicant(ctx, positions)
  await freeze('2020-06-02T17:00:00+02:00')
  const res = await submit(cf)
  t.equal(res.statusCode, 201, 'submitted')
  await run()
  return { cf, application: json(await read(cf, json(res).id)) }
}

t.test('calendar: listed from 19 May, open from 25 May to 30 August 2020', async (t) => {
  const cf = await newApplicant(ctx, DOMESTIC)
  const listed = async () =>
    json(await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })).items.some(
      (b: { code: string }) => b.code === CODE,
    )
  await freeze('2020-05-18T17:00:00+02:00')
  t.notOk(await listed(), 'absent before DL 34')
  await freeze('2020-05-24T23:59:00+02:00')
  t.ok(await listed())
  t.match(json(await submit(cf)), { code: 'APPLICATION_PERIOD_NOT_OPEN', opensAt: '2020-05-25T00:00:00+02:00' })
  await freeze('2020-08-31T00:00:00+02:00')
  t.match(json(await submit(cf)), { code: 'APPLICATION_PERIOD_CLOSED', closedAt: '2020-08-31T00:00:00+02:00' })
  await freeze('2020-08-30T23:59:00+02:00')
  t.equal((await submit(cf)).statusCode, 201, 'the last day (DL 104 art. 9 c. 8)')
  const early = await newApplicant(ctx, DOMESTIC)
  await freeze('2020-05-25T17:00:00+02:00')
  t.equal((await submit(early)).statusCode, 201, 'the first day')
})

t.test('amounts: April and May, 500 euro each, paid together; the declarations are required', async (t) => {
  const { cf, application } = await decided(t, DOMESTIC)
  t.match(application, { status: 'accepted', amountEur: 1000 })
  t.same(await payments(cf), [`${CODE} 2020-04 500 iban 2020-06-16`, `${CODE} 2020-05 500 iban 2020-06-16`])
  const other = await newApplicant(ctx, DOMESTIC)
  const missing = await submit(other, { ...body, declarations: { truthfulness: true, notPensioner: true } })
  t.equal(missing.statusCode, 422)
  t.match(json(missing), { code: 'MISSING_DECLARATION' })
  t.equal((await read(cf, application.id, other)).statusCode, 404, "another person's token does not read it")
})

t.test('exclusions of art. 85', async (t) => {
  const cases: Array<[string, Record<string, unknown>, string | null]> = [
    [
      '10 hours exactly',
      { domestic: { hoursPerWeek: 10, cohabiting: false, since: '2019-01-01' } },
      'NO_DOMESTIC_CONTRACT_OVER_10_HOURS',
    ],
    [
      'hired after 23 February',
      { domestic: { hoursPerWeek: 20, cohabiting: false, since: '2020-02-24' } },
      'NO_DOMESTIC_CONTRACT_OVER_10_HOURS',
    ],
    [
      'ended before 23 February',
      { domestic: { hoursPerWeek: 20, cohabiting: false, since: '2019-01-01', until: '2020-02-22' } },
      'NO_DOMESTIC_CONTRACT_OVER_10_HOURS',
    ],
    ['no domestic work', {}, 'NO_DOMESTIC_CONTRACT_OVER_10_HOURS'],
    [
      'cohabiting',
      { domestic: { hoursPerWeek: 40, cohabiting: true, since: '2019-01-01' } },
      'COHABITING_WITH_EMPLOYER',
    ],
    ['direct pension', { ...DOMESTIC, pension: { kind: 'diretta' } }, 'PENSION_HOLDER_ART_85'],
    ['survivor pension', { ...DOMESTIC, pension: { kind: 'superstiti' } }, 'PENSION_HOLDER_ART_85'],
    ['assegno ordinario di invalidità', { ...DOMESTIC, pension: { kind: 'assegno_ordinario_invalidita' } }, null],
    [
      'open-ended job',
      { ...DOMESTIC, employee: { sector: 'private', since: '2020-01-01' } },
      'OPEN_ENDED_NON_DOMESTIC_EMPLOYMENT',
    ],
    ['fixed-term job', { ...DOMESTIC, employee: { sector: 'private', since: '2020-01-01', fixedTerm: true } }, null],
    [
      'open-ended job ended before the application',
      { ...DOMESTIC, employee: { sector: 'private', since: '2019-01-01', until: '2020-05-31' } },
      null,
    ],
  ]
  for (const [name, positions, reason] of cases) {
    const { application } = await decided(t, positions)
    if (reason) t.match(application, { status: 'rejected', reasons: [{ code: reason }] }, name)
    else t.match(application, { status: 'accepted', amountEur: 1000 }, name)
  }
})

t.test('RdC: below 500 euro topped up on the RdC, otherwise nothing', async (t) => {
  const low = await decided(t, { ...DOMESTIC, citizenshipIncomeMonthlyEur: 300 })
  t.match(low.application, { status: 'accepted', amountEur: 400, reasons: [{ code: 'CITIZENSHIP_INCOME_TOP_UP' }] })
  t.same(await payments(low.cf), [
    `${CODE} 2020-04 200 reddito_di_cittadinanza 2020-06-16`,
    `${CODE} 2020-05 200 reddito_di_cittadinanza 2020-06-16`,
  ])
  const high = await decided(t, { ...DOMESTIC, citizenshipIncomeMonthlyEur: 500 })
  t.match(high.application, { status: 'rejected', reasons: [{ code: 'CITIZENSHIP_INCOME_NOT_LOWER' }] })
})

t.test('art. 86: not with the April and May of another COVID indemnity, either way round', async (t) => {
  const cf = await newApplicant(ctx, {
    ...DOMESTIC,
    seasonalTourism: { contractEndedOn: '2019-10-31', involuntary: true },
  })
  await freeze('2020-04-02T17:00:00+02:00')
  const march = json(await submit(cf, indemnityBody(undefined, 'indennita-stagionali-turismo')))
  await run()
  t.equal(json(await read(cf, march.id)).status, 'accepted')
  await freeze('2020-06-02T17:00:00+02:00')
  const domestic = json(await submit(cf))
  await run()
  t.match(json(await read(cf, domestic.id)), { status: 'rejected', reasons: [{ code: 'NOT_CUMULABLE' }] })
  t.notOk((await payments(cf)).some((p) => p.startsWith(CODE)))

  const first = await newApplicant(ctx, { ...DOMESTIC, intermittent: { daysWorked: 40 } })
  const accepted = json(await submit(first))
  await run()
  t.equal(json(await read(first, accepted.id)).status, 'accepted')
  const c8 = json(
    await submit(first, {
      benefitCode: 'indennita-nuove-categorie',
      payment: { method: 'iban', iban: IBAN },
      declarations: { truthfulness: true, notPensioner: true, notEmployed: true },
    }),
  )
  await run()
  t.match(json(await read(first, c8.id)), { status: 'rejected', reasons: [{ code: 'NOT_CUMULABLE' }] })
})

t.test('riesame: within 20 days of the rejection', async (t) => {
  const { cf, application } = await decided(t, {
    domestic: { hoursPerWeek: 8, cohabiting: false, since: '2019-01-01' },
  })
  t.equal(application.status, 'rejected')
  const riesame = async () =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/v1/applications/${application.id}/riesame`,
      headers: bearer(await token(cf)),
      payload: { note: 'Lavoro 12 ore a settimana presso due famiglie' },
    })
  await freeze('2020-06-23T17:00:00+02:00')
  t.equal((await riesame()).statusCode, 409, 'day 21 after 2 June')
  await freeze('2020-06-22T17:00:00+02:00')
  t.equal((await riesame()).statusCode, 202, 'day 20')
})
