import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import { computeCodiceFiscale } from '../../../src/lib/codice-fiscale.js'
import { IBAN, indemnityBody } from './applicant.factories.js'

// docs/rules.md §16: the Reddito di Emergenza (DL 34 art. 82, DL 52 art. 2, DL 104 art. 23), a benefit of the household.
const ctx = await setupTestApp(t)
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const BODY = {
  benefitCode: 'reddito-emergenza',
  payment: { method: 'iban', iban: IBAN },
  declarations: { truthfulness: true },
}
const submit = async (cf: string, body: object = BODY) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/applications', headers: bearer(await token(cf)), payload: body })
const read = async (cf: string, id: string) =>
  json(await ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(await token(cf)) }))
const run = () => ctx.emulator('POST', '/emulator/jobs/run')
const payments = async (cf: string) =>
  (
    json(await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await token(cf)) }))
      .items as Array<Record<string, unknown>>
  )
    .map((p) => `${p.benefitCode} ${p.period} ${p.amountEur} ${p.status}`)
    .sort()

let counter = 0
let households = 0
const GOOD = { isee: { valueEur: 6000 }, movableAssets2019Eur: 1000, monthlyIncomeEur: { april2020: 0, may2020: 0 } }
type Facts = Record<string, unknown>

/** A member of a household: a unique archive person born on `birthDate`, with the household's facts. */
async function member(household: string, facts: Facts, birthDate = '', positions: Record<string, unknown> = {}) {
  counter += 1
  const born = birthDate || new Date(Date.UTC(1960, 0, 1) + ((process.pid % 2000) * 7 + counter) * 86_400_000)
  const record = {
    firstName: 'Lucia',
    lastName: 'Gallo',
    birthDate: typeof born === 'string' ? born : born.toISOString().slice(0, 10),
    sex: 'F' as const,
    birthPlace: 'Roma',
    residence: { street: 'Via Roma 1', postalCode: '00184', municipality: 'Roma', province: 'RM' },
    contacts: { email: 'lucia.gallo@example.it' },
    positions,
    bankAccounts: [] as Array<{ iban: string; holders: string[] }>,
    household: { id: household, ...facts },
  }
  const cf = computeCodiceFiscale({ ...record, belfiore: 'H501' })
  record.bankAccounts = [{ iban: IBAN, holders: [cf] }]
  const res = await ctx.emulator('PUT', `/emulator/persons/${cf}`, record)
  if (res.statusCode !== 200) throw new Error(`member failed: ${res.body}`)
  return cf
}

/** A household of `adults` adults (the applicant first) and `minors` minors, with these facts. */
async function household(facts: Facts = GOOD, adults = 1, minors = 0, positions: Array<Record<string, unknown>> = []) {
  households += 1
  const id = `REM-${process.pid}-${households}`
  const cfs: string[] = []
  for (let i = 0; i < adults + minors; i++) {
    // Minors: born 2008 onwards (under 18 in 2020), each on a day of their own.
    const birth =
      i < adults ? '' : `2008-0${1 + ((counter + i) % 9)}-${String(1 + ((households + i) % 27)).padStart(2, '0')}`
    cfs.push(await member(id, facts, birth, positions[i] ?? {}))
  }
  return cfs
}

/** Files and evaluates the applicant's application; returns it. */
async function evaluated(cf: string, at = '2020-05-22T17:00:00+02:00') {
  await freeze(at)
  const res = await submit(cf)
  if (res.statusCode !== 201) throw new Error(`not filed: ${res.body}`)
  await run()
  return read(cf, json(res).id)
}

t.test(
  'the equivalence scale: 400 for one person, 560 for two adults, 720 with two minors, 800 at most, 840 with a severe disability',
  async (t) => {
    const cases: Array<[string, Promise<string[]>, number]> = [
      ['one person', household(GOOD, 1), 400],
      ['two adults', household(GOOD, 2), 560],
      ['two adults and two minors', household(GOOD, 2, 2), 720],
      ['six adults (2.0 at most)', household(GOOD, 6), 800],
      ['six adults, one severely disabled (2.1)', household(GOOD, 6, 0, [{}, { severeDisability: true }]), 840],
      ['one disabled person alone (1.0)', household(GOOD, 1, 0, [{ severeDisability: true }]), 400],
    ]
    for (const [name, members, quota] of cases) {
      const [applicant] = await members
      const application = await evaluated(applicant)
      t.match(application, { status: 'accepted', amountEur: 2 * quota }, name)
    }
  },
)

t.test('thresholds on each side: ISEE, April income, movable assets, a valid DSU', async (t) => {
  const verdict = async (facts: Facts, adults = 1, positions: Array<Record<string, unknown>> = []) => {
    const [cf] = await household(facts, adults, 0, positions)
    const application = await evaluated(cf)
    return application.status === 'accepted'
      ? 'accepted'
      : application.reasons.map((r: { code: string }) => r.code).join()
  }
  t.equal(await verdict({ ...GOOD, isee: { valueEur: 14_999.99 } }), 'accepted', 'ISEE below 15,000')
  t.equal(await verdict({ ...GOOD, isee: { valueEur: 15_000 } }), 'ISEE_ABOVE_THRESHOLD')
  t.equal(await verdict({ movableAssets2019Eur: 0, monthlyIncomeEur: { april2020: 0 } }), 'NO_VALID_DSU')
  t.equal(await verdict({ ...GOOD, monthlyIncomeEur: { april2020: 399.99 } }), 'accepted', 'April income below 400')
  t.equal(await verdict({ ...GOOD, monthlyIncomeEur: { april2020: 400 } }), 'HOUSEHOLD_INCOME_ABOVE_THRESHOLD')
  t.equal(await verdict({ ...GOOD, monthlyIncomeEur: { april2020: 559 } }, 2), 'accepted', 'two adults: below 560')
  t.equal(await verdict({ ...GOOD, movableAssets2019Eur: 9_999 }), 'accepted', 'one person: assets below 10,000')
  t.equal(await verdict({ ...GOOD, movableAssets2019Eur: 10_000 }), 'MOVABLE_ASSETS_ABOVE_THRESHOLD')
  t.equal(await verdict({ ...GOOD, movableAssets2019Eur: 14_999 }, 2), 'accepted', 'two: below 15,000')
  t.equal(await verdict({ ...GOOD, movableAssets2019Eur: 19_999 }, 4), 'accepted', 'four: 20,000 at most')
  t.equal(await verdict({ ...GOOD, movableAssets2019Eur: 20_000 }, 4), 'MOVABLE_ASSETS_ABOVE_THRESHOLD')
  const disabled = [{}, { severeDisability: true }]
  t.equal(await verdict({ ...GOOD, movableAssets2019Eur: 24_999 }, 4, disabled), 'accepted', 'the cap + 5,000')
  t.equal(await verdict({ ...GOOD, movableAssets2019Eur: 25_000 }, 4, disabled), 'MOVABLE_ASSETS_ABOVE_THRESHOLD')
  t.equal(
    await verdict({ ...GOOD, movableAssets2019Eur: 20_000 }, 3, disabled),
    'MOVABLE_ASSETS_ABOVE_THRESHOLD',
    'the disability raises the cap, not the threshold under it',
  )
})

t.test(
  'members: a pension, pay above the amount, the RdC exclude; the assegno ordinario di invalidità does not',
  async (t) => {
    const codes = async (other: Record<string, unknown>) => {
      const [cf] = await household(GOOD, 2, 0, [{}, other])
      const application = await evaluated(cf)
      return application.status === 'accepted'
        ? 'accepted'
        : application.reasons.map((r: { code: string }) => r.code).join()
    }
    t.equal(await codes({ pension: { kind: 'diretta' } }), 'MEMBER_PENSION')
    t.equal(await codes({ pension: { kind: 'superstiti' } }), 'MEMBER_PENSION', 'an indirect pension')
    t.equal(await codes({ pension: { kind: 'assegno_ordinario_invalidita' } }), 'accepted')
    const job = { sector: 'private', since: '2019-01-01' }
    t.equal(await codes({ employee: { ...job, grossMonthlyPayEur: 561 } }), 'MEMBER_EMPLOYED_ABOVE_THRESHOLD')
    t.equal(await codes({ employee: { ...job, grossMonthlyPayEur: 560 } }), 'accepted', 'not above 560')
    t.equal(await codes({ employee: { ...job, until: '2020-04-30' } }), 'accepted', 'an ended job')
    t.equal(await codes({ citizenshipIncomeMonthlyEur: 300 }), 'MEMBER_CITIZENSHIP_INCOME')
  },
)

t.test('a member who had a COVID indemnity excludes the household (art. 82 c. 3)', async (t) => {
  const [applicant, worker] = await household(GOOD, 2, 0, [
    {},
    { gestioneSeparata: { kind: 'professionista', activeSince: '2015-01-01' } },
  ])
  await freeze('2020-04-02T17:00:00+02:00')
  t.equal((await submit(worker, indemnityBody())).statusCode, 201)
  await run()
  const application = await evaluated(applicant)
  t.match(application, { status: 'rejected', reasons: [{ code: 'MEMBER_COVID_INDEMNITY' }] })
  t.match(application.reasons[0].description, /indennità COVID-19/)
})

t.test('one application per household: two members at once, exactly one 201', async (t) => {
  const [a, b, c] = await household(GOOD, 3)
  await freeze('2020-06-03T17:00:00+02:00')
  const answers = await Promise.all([submit(a), submit(b), submit(c)])
  const codes = answers.map((r) => r.statusCode).sort()
  t.same(codes, [201, 409, 409])
  for (const r of answers.filter((r) => r.statusCode === 409)) t.equal(json(r).code, 'HOUSEHOLD_ALREADY_APPLIED')
  const again = await submit(a)
  t.equal(again.statusCode, 409, 'and later too')
})

t.test('a rejected household may apply again through another member, after a valid DSU', async (t) => {
  const [a, b] = await household({ movableAssets2019Eur: 0 }, 2)
  const first = await evaluated(a)
  t.match(first, { status: 'rejected', reasons: [{ code: 'NO_VALID_DSU' }] })
  for (const cf of [a, b]) {
    const record = json(await ctx.emulator('GET', `/emulator/persons/${cf}`))
    const { codiceFiscale: _cf, updatedAt: _u, ...rest } = record
    await ctx.emulator('PUT', `/emulator/persons/${cf}`, { ...rest, household: { ...rest.household, ...GOOD } })
  }
  t.match(await evaluated(b, '2020-06-04T17:00:00+02:00'), { status: 'accepted', amountEur: 1120 })
})

t.test('both quotas are paid, the second a month after the first', async (t) => {
  const [cf] = await household(GOOD, 2)
  const application = await evaluated(cf, '2020-06-10T17:00:00+02:00')
  t.match(application, { status: 'accepted', amountEur: 1120, paymentDate: '2020-06-24' })
  t.same(await payments(cf), ['reddito-emergenza 2020-06 560 scheduled', 'reddito-emergenza 2020-07 560 scheduled'])
  await freeze('2020-06-24T17:00:00+02:00')
  await run()
  t.same(await payments(cf), ['reddito-emergenza 2020-06 560 paid', 'reddito-emergenza 2020-07 560 scheduled'])
  await freeze('2020-07-24T17:00:00+02:00')
  await run()
  t.same(await payments(cf), ['reddito-emergenza 2020-06 560 paid', 'reddito-emergenza 2020-07 560 paid'])
})

t.test(
  'the calendar: 22 May to 31 July 2020 (DL 52 art. 2), then 15 September to 15 October (DL 104 art. 23)',
  async (t) => {
    const at = async (now: string) => {
      const [cf] = await household(GOOD, 1)
      await freeze(now)
      const res = await submit(cf)
      return res.statusCode === 201 ? 201 : json(res).code
    }
    await freeze('2020-05-21T17:00:00+02:00')
    const catalogue = json(await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' }))
    const rem = (catalogue.items ?? catalogue).find((b: { code: string }) => b.code === 'reddito-emergenza')
    t.match(rem, { opensAt: '2020-05-22T00:00:00+02:00', closesAt: '2020-08-01T00:00:00+02:00', amountEur: 400 })
    t.equal(await at('2020-05-21T23:59:00+02:00'), 'APPLICATION_PERIOD_NOT_OPEN')
    t.equal(await at('2020-05-22T17:00:00+02:00'), 201, 'msg 2131 of 22/5/2020')
    t.equal(await at('2020-06-30T23:59:00+02:00'), 201)
    t.equal(await at('2020-07-31T23:59:00+02:00'), 201, 'DL 52/2020: 31 July')
    t.equal(await at('2020-08-01T17:00:00+02:00'), 'APPLICATION_PERIOD_NOT_OPEN', 'until the DL 104 round')
    t.equal(await at('2020-09-14T23:59:00+02:00'), 'APPLICATION_PERIOD_NOT_OPEN')
    t.equal(await at('2020-09-15T17:00:00+02:00'), 201, 'circ. 102 of 11/9/2020')
    t.equal(await at('2020-10-15T23:59:00+02:00'), 201)
    t.equal(await at('2020-10-16T17:00:00+02:00'), 'APPLICATION_PERIOD_CLOSED')
    const notYet = await (async () => {
      const [cf] = await household(GOOD, 1)
      await freeze('2020-08-20T17:00:00+02:00')
      return json(await submit(cf))
    })()
    t.equal(notYet.opensAt, '2020-09-15T00:00:00+02:00', 'the refusal says when the next round opens')
  },
)

t.test('the DL 104 quota: one more, on May income, also to a household that had the first two', async (t) => {
  const [cf, other] = await household({ ...GOOD, monthlyIncomeEur: { april2020: 0, may2020: 100 } }, 2)
  t.match(await evaluated(cf), { status: 'accepted', amountEur: 1120 })
  const dl104 = await evaluated(other, '2020-09-20T17:00:00+02:00')
  t.match(dl104, { status: 'accepted', amountEur: 560 }, 'a new application, a single quota')
  t.equal((await submit(cf)).statusCode, 409, 'one per household in this round too')
  const [poorer] = await household({ ...GOOD, monthlyIncomeEur: { april2020: 0, may2020: 400 } }, 1)
  t.match(await evaluated(poorer, '2020-09-21T17:00:00+02:00'), {
    status: 'rejected',
    reasons: [{ code: 'HOUSEHOLD_INCOME_ABOVE_THRESHOLD' }],
  })
})

t.test('a CAF files under mandate, in the intermediaries hours, and only the Rem', async (t) => {
  const created = json(
    await ctx.emulator('POST', '/emulator/operators', { role: 'caf', organisation: 'CAF ACLI Roma' }),
  )
  t.match(created, { role: 'caf', operatorId: /^CAF/ })
  const cafToken = async () =>
    (
      await ctx.app.tokens.issueSession({
        subject: created.operatorId,
        role: 'caf',
        authLevel: 'pin_dispositivo',
        organisationId: created.organisationId,
      })
    ).accessToken
  const file = async (cf: string, body: object = BODY) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/patronato/applications',
      headers: bearer(await cafToken()),
      payload: { codiceFiscale: cf, ...body },
    })
  const [cf] = await household(GOOD, 1)
  await freeze('2020-06-05T10:00:00+02:00')
  const without = await file(cf)
  t.equal(without.statusCode, 403)
  t.equal(json(without).code, 'NO_MANDATE')
  const mandate = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/patronato/mandates',
    headers: bearer(await cafToken()),
    payload: { codiceFiscale: cf },
  })
  t.equal(mandate.statusCode, 201)
  const indemnity = await file(cf, indemnityBody())
  t.equal(indemnity.statusCode, 403)
  t.equal(json(indemnity).code, 'INTERMEDIARY_NOT_ALLOWED', 'a CAF files no indemnity')
  await freeze('2020-06-05T17:00:00+02:00')
  t.equal(json(await file(cf)).code, 'OUTSIDE_ACCESS_WINDOW', "the intermediaries' window")
  await freeze('2020-06-05T10:00:00+02:00')
  const filed = await file(cf)
  t.equal(filed.statusCode, 201)
  t.match(json(filed), { channel: 'caf', benefitCode: 'reddito-emergenza' })
  const listed = json(
    await ctx.app.inject({ method: 'GET', url: '/api/v1/patronato/applications', headers: bearer(await cafToken()) }),
  )
  t.same(
    listed.items.map((a: { id: string }) => a.id),
    [json(filed).id],
    'the CAF sees its own filing',
  )
  const patronato = (
    await ctx.app.tokens.issueSession({
      subject: 'PAT0001',
      role: 'patronato',
      authLevel: 'pin_dispositivo',
      organisationId: 'ORG0002',
    })
  ).accessToken
  const foreign = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/patronato/applications/${json(filed).id}`,
    headers: bearer(patronato),
  })
  t.equal(foreign.statusCode, 404, "a patronato does not see the CAF's filing")
  const intermediary = (
    await ctx.app.tokens.issueSession({
      subject: 'INT0001',
      role: 'intermediario',
      authLevel: 'pin_dispositivo',
      organisationId: 'ORG0004',
    })
  ).accessToken
  const refused = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/patronato/applications',
    headers: bearer(intermediary),
    payload: { codiceFiscale: cf, ...BODY },
  })
  t.equal(json(refused).code, 'INTERMEDIARY_NOT_ALLOWED', 'a commercialista is still refused')
})

t.test('a patronato files the Rem under mandate; the member then cannot', async (t) => {
  const [a, b] = await household(GOOD, 2)
  await freeze('2020-06-08T10:00:00+02:00')
  const patronato = (
    await ctx.app.tokens.issueSession({
      subject: 'PAT0001',
      role: 'patronato',
      authLevel: 'pin_dispositivo',
      organisationId: 'ORG0002',
    })
  ).accessToken
  await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/patronato/mandates',
    headers: bearer(patronato),
    payload: { codiceFiscale: a },
  })
  const filed = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/patronato/applications',
    headers: bearer(patronato),
    payload: { codiceFiscale: a, ...BODY },
  })
  t.match(json(filed), { channel: 'patronato' })
  await freeze('2020-06-08T17:00:00+02:00')
  t.equal(json(await submit(b)).code, 'HOUSEHOLD_ALREADY_APPLIED')
})
