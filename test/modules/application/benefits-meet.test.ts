import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import { IBAN, indemnityBody, newApplicant } from './applicant.factories.js'

// docs/rules.md §6, §11, §14: the rules where benefits meet (cumulation, automatic months, RdC, riesame windows).
const ctx = await setupTestApp(t)
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const submit = async (cf: string, body: object) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/applications', headers: bearer(await token(cf)), payload: body })
const read = async (cf: string, id: string) =>
  json(await ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(await token(cf)) }))
const riesame = async (cf: string, id: string) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/applications/${id}/riesame`,
    headers: bearer(await token(cf)),
    payload: { note: 'Chiedo il riesame' },
  })
const run = () => ctx.emulator('POST', '/emulator/jobs/run')
const periods = async (cf: string) =>
  (
    json(await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await token(cf)) }))
      .items as Array<Record<string, unknown>>
  )
    .map((p) => `${p.benefitCode} ${p.period} ${p.amountEur} ${p.method}`)
    .sort()
const DECLARE = { truthfulness: true, notPensioner: true, notEmployed: true, noOtherCompulsoryScheme: true }
const dl34Body = (benefitCode: string) => ({
  benefitCode,
  payment: { method: 'iban', iban: IBAN },
  declarations: DECLARE,
})
const SEASONAL_TOURISM = { seasonalTourism: { contractEndedOn: '2019-10-31', involuntary: true } }
const INTERMITTENT = { intermittent: { daysWorked: 40 } }

async function marchApplication(cf: string, benefitCode: string) {
  await freeze('2020-04-02T17:00:00+02:00')
  const res = await submit(cf, indemnityBody(undefined, benefitCode))
  t.equal(res.statusCode, 201)
  await run()
  return json(res).id as string
}

t.test('art. 86 DL 34: a March art. 29 beneficiary applying as a new category is NOT_CUMULABLE', async (t) => {
  const cf = await newApplicant(ctx, { ...SEASONAL_TOURISM, ...INTERMITTENT })
  t.equal((await read(cf, await marchApplication(cf, 'indennita-stagionali-turismo'))).status, 'accepted')
  await freeze('2020-05-20T17:00:00+02:00')
  const c8 = await submit(cf, dl34Body('indennita-nuove-categorie'))
  t.equal(c8.statusCode, 201, 'different exclusive groups: the submission is taken')
  await run()
  const application = await read(cf, json(c8).id)
  t.match(application, { status: 'rejected', reasons: [{ code: 'NOT_CUMULABLE' }] })
  t.same(
    await periods(cf),
    [
      'indennita-stagionali-turismo 2020-03 600 iban',
      'indennita-stagionali-turismo 2020-04 600 iban',
      'indennita-stagionali-turismo 2020-05 1000 iban',
    ],
    'April and May once, from the March application',
  )
})

t.test('the same rule the other way: a new category accepted first keeps a later art. 29 from March', async (t) => {
  const cf = await newApplicant(ctx, { ...SEASONAL_TOURISM, ...INTERMITTENT })
  await freeze('2020-05-20T17:00:00+02:00')
  const c8 = json(await submit(cf, dl34Body('indennita-nuove-categorie')))
  await run()
  t.equal((await read(cf, c8.id)).status, 'accepted')
  const march = json(await submit(cf, indemnityBody(undefined, 'indennita-stagionali-turismo')))
  await run()
  t.match(await read(cf, march.id), { status: 'rejected', reasons: [{ code: 'NOT_CUMULABLE' }] })
  await freeze('2020-05-25T17:00:00+02:00')
  await run()
  t.same(await periods(cf), [
    'indennita-nuove-categorie 2020-03 600 iban',
    'indennita-nuove-categorie 2020-04 600 iban',
    'indennita-nuove-categorie 2020-05 600 iban',
  ])
})

t.test(
  'art. 84 c. 11: an art. 38 March beneficiary with a job or a pension on 19 May gets no April or May',
  async (t) => {
    const artist = { entertainment: { contributions2019: 40, income2019Eur: 20_000 } }
    const hired = await newApplicant(ctx, artist)
    const retired = await newApplicant(ctx, artist)
    const free = await newApplicant(ctx, artist)
    for (const cf of [hired, retired, free]) await marchApplication(cf, 'indennita-spettacolo')
    for (const [cf, change] of [
      [hired, { employee: { sector: 'private', since: '2020-05-04' } }],
      [retired, { pension: { kind: 'diretta' } }],
    ] as const) {
      const {
        codiceFiscale: _cf,
        updatedAt: _u,
        ...record
      } = json(await ctx.emulator('GET', `/emulator/persons/${cf}`))
      await ctx.emulator('PUT', `/emulator/persons/${cf}`, { ...record, positions: { ...record.positions, ...change } })
    }
    await freeze('2020-05-20T17:00:00+02:00')
    await run()
    t.same(await periods(hired), ['indennita-spettacolo 2020-03 600 iban'])
    t.same(await periods(retired), ['indennita-spettacolo 2020-03 600 iban'])
    t.same(await periods(free), [
      'indennita-spettacolo 2020-03 600 iban',
      'indennita-spettacolo 2020-04 600 iban',
      'indennita-spettacolo 2020-05 600 iban',
    ])
  },
)

t.test(
  'c. 13: an RdC recipient who applied for March by the 8 June extension gets no March, the April top-up on the RdC',
  async (t) => {
    const cf = await newApplicant(ctx, { ago: { scheme: 'artigiani' }, citizenshipIncomeMonthlyEur: 400 })
    await freeze('2020-06-08T17:00:00+02:00')
    const res = await submit(cf, indemnityBody(undefined, 'indennita-autonomi-ago'))
    t.equal(res.statusCode, 201, 'the extension to 8 June holds for RdC recipients')
    await run()
    t.match(await read(cf, json(res).id), {
      status: 'accepted',
      amountEur: 0,
      reasons: [{ code: 'CITIZENSHIP_INCOME_TOP_UP' }],
    })
    t.same(await periods(cf), ['indennita-autonomi-ago 2020-04 200 reddito_di_cittadinanza'])
    const before = await newApplicant(ctx, { ago: { scheme: 'artigiani' }, citizenshipIncomeMonthlyEur: 400 })
    await freeze('2020-04-02T17:00:00+02:00')
    const early = json(await submit(before, indemnityBody(undefined, 'indennita-autonomi-ago')))
    await run()
    t.match(await read(before, early.id), { status: 'rejected', reasons: [{ code: 'CITIZENSHIP_INCOME' }] })
  },
)

t.test(
  'the May service (19 June 2020) takes a co.co.co. ceased by 19 May and a seasonal worker who had no March',
  async (t) => {
    const cococo = await newApplicant(ctx, {
      gestioneSeparata: { kind: 'cococo', activeSince: '2019-01-01', activeUntil: '2020-04-30' },
    })
    const seasonal = await newApplicant(ctx, SEASONAL_TOURISM)
    const hadMarch = await newApplicant(ctx, SEASONAL_TOURISM)
    await marchApplication(hadMarch, 'indennita-stagionali-turismo')
    await freeze('2020-06-19T17:00:00+02:00')
    const ids = new Map<string, string>()
    for (const cf of [cococo, seasonal, hadMarch])
      ids.set(cf, json(await submit(cf, dl34Body('indennita-maggio-professionisti'))).id)
    await run()
    t.match(await read(cococo, ids.get(cococo)!), { status: 'accepted', amountEur: 1000 })
    t.match(await read(seasonal, ids.get(seasonal)!), { status: 'accepted', amountEur: 1000 })
    t.match(
      await read(hadMarch, ids.get(hadMarch)!),
      { status: 'rejected', reasons: [{ code: 'NOT_CUMULABLE' }] },
      'May is paid to them without applying',
    )
  },
)

t.test(
  'riesame opens on 1 June 2020 (msg 2263) and, for the DL 34 indemnities, on 10 August 2020 (msg 3088)',
  async (t) => {
    const pensioner = await newApplicant(ctx, { ago: { scheme: 'artigiani' }, pension: { kind: 'diretta' } })
    const march = await marchApplication(pensioner, 'indennita-autonomi-ago')
    await freeze('2020-05-31T23:00:00+02:00')
    const early = await riesame(pensioner, march)
    t.equal(early.statusCode, 409)
    t.match(json(early), { code: 'RIESAME_NOT_OPEN', opensOn: '2020-06-01' })
    await freeze('2020-06-01T17:00:00+02:00')
    t.equal((await riesame(pensioner, march)).statusCode, 202)

    const notNew = await newApplicant(ctx, { agricultural: { daysWorked2019: 60 } })
    await freeze('2020-05-20T17:00:00+02:00')
    const c8 = json(await submit(notNew, dl34Body('indennita-nuove-categorie')))
    await run()
    t.equal((await read(notNew, c8.id)).status, 'rejected')
    await freeze('2020-08-09T17:00:00+02:00')
    t.match(json(await riesame(notNew, c8.id)), { code: 'RIESAME_NOT_OPEN', opensOn: '2020-08-10' })
    await freeze('2020-08-30T17:00:00+02:00')
    t.equal((await riesame(notNew, c8.id)).statusCode, 202, '20 days from 10 August: 30 August is the last day')
  },
)
