import t from 'tap'
import { sql } from 'kysely'
import { setupTestApp, json } from '../../helper.js'
import { bearer, fixturePerson, newPerson } from '../../factories.js'
import type { AuthLevel } from '../../../src/core/auth/auth.types.js'
import { BENEFIT_CODES } from '../../../src/modules/application/benefits/catalogue.js'
import { listOwnApplicationPages } from '../../../src/modules/application/application.repository.js'

const ctx = await setupTestApp(t)
const db = ctx.database.db
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const citizenToken = async (cf: string, authLevel: AuthLevel = 'pin_ordinario') =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel })).accessToken
const IBAN = 'IT60X0542811101000000123456'
const indemnity = (benefitCode: string, extra: Record<string, boolean> = {}) => ({
  benefitCode,
  payment: { method: 'iban', iban: IBAN },
  declarations: {
    truthfulness: true,
    notPensioner: true,
    noCitizenshipIncome: true,
    noOtherCompulsoryScheme: true,
    notEmployed: true,
    ...extra,
  },
})
const submit = (token: string, body: unknown, key?: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: { ...bearer(token), ...(key ? { 'idempotency-key': key } : {}) },
    payload: body as object,
  })
const countApplications = async (cf: string) =>
  (
    await db
      .selectFrom('applications')
      .select(db.fn.countAll<number>().as('n'))
      .where('codice_fiscale', '=', cf)
      .executeTakeFirstOrThrow()
  ).n

// Citizens' hours on 2 April 2020 (Thursday, summer time): 16:00-08:00.
const CITIZEN_HOURS = '2020-04-02T17:00:00+02:00'
// Someone the art. 29 indemnity (seasonal tourism workers) accepts.
const seasonalWorker = () =>
  newPerson(ctx.emulator, { seasonalTourism: { contractEndedOn: '2019-10-15', involuntary: true } })

t.test('the catalogue lists the benefits of 2 April 2020, PIN semplificato included', async (t) => {
  // On 2 April 2020: the DL 34 benefits appear only on 19 May (docs/rules.md §14).
  await ctx.emulator('PUT', '/emulator/clock', { now: CITIZEN_HOURS, frozen: true })
  const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })
  t.equal(res.statusCode, 200)
  const { items } = json(res)
  t.equal(items.length, 7, 'the six indemnities and bonus of DL 18, and the congedo COVID')
  t.ok(items.every((b: { allowedAuthLevels: string[] }) => b.allowedAuthLevels.includes('pin_semplificato')))
  t.match(
    items.find((b: { code: string }) => b.code === 'indennita-spettacolo'),
    { legalBasis: 'DL 18/2020 art. 38', amountEur: 600, exclusiveGroup: 'indennita' },
  )
  t.match(res.headers['cache-control'], /public/)
})

t.test('a submission writes application, protocol, audit and receipt, then is evaluated', async (t) => {
  await freeze(CITIZEN_HOURS)
  const cf = fixturePerson('VAT-registered professional').codiceFiscale
  const res = await submit(await citizenToken(cf), indemnity('indennita-professionisti-cococo'))
  t.equal(res.statusCode, 201)
  const app1 = json(res)
  t.match(app1, {
    status: 'submitted',
    channel: 'web',
    codiceFiscale: cf,
    benefitCode: 'indennita-professionisti-cococo',
    payment: { method: 'iban', ibanMasked: 'IT60 **** 3456' },
  })
  t.match(app1.protocolNumber, /^INPS\.2020\.\d{7}$/)
  t.notOk(res.body.includes(IBAN), 'the IBAN is never echoed in full')
  t.equal(res.headers['cache-control'], 'no-store')
  t.match(res.headers.vary, /Authorization/)
  const audit = json(await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${cf}&action=application.submitted`))
  t.equal(audit.items.length, 1)
  const outbox = json(await ctx.emulator('GET', `/emulator/outbox?codiceFiscale=${cf}`))
  t.ok(
    outbox.items.some((m: { subject: string }) => m.subject.includes(app1.protocolNumber)),
    'receipt sent',
  )

  t.same(json(await ctx.emulator('POST', '/emulator/jobs/run')), { processed: 1 })
  const read = json(
    await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/applications/${app1.id}`,
      headers: bearer(await citizenToken(cf)),
    }),
  )
  t.match(read, { status: 'accepted', amountEur: 600, paymentDate: '2020-04-16' })
  t.same(json(await ctx.emulator('POST', '/emulator/jobs/run')), { processed: 0 }, 'nothing left')
})

t.test('every eligibility rule through HTTP: accepted and rejected with reasons', async (t) => {
  await freeze(CITIZEN_HOURS)
  const cases: Array<[string, string, string, string[] | null]> = [
    ['co.co.co. active', 'indennita-professionisti-cococo', 'accepted', null],
    ['opened 2020-02-24', 'indennita-professionisti-cococo', 'rejected', ['NO_GESTIONE_SEPARATA_ON_2020_02_23']],
    ['artigiani', 'indennita-autonomi-ago', 'accepted', null],
    ['reddito di cittadinanza', 'indennita-autonomi-ago', 'rejected', ['CITIZENSHIP_INCOME']],
    ['ended involuntarily on 2019-10-15', 'indennita-stagionali-turismo', 'accepted', null],
    ['2018-12-31', 'indennita-stagionali-turismo', 'rejected', ['CONTRACT_END_OUTSIDE_PERIOD']],
    ['exactly 50 agricultural days', 'indennita-agricoli', 'accepted', null],
    ['49 agricultural days', 'indennita-agricoli', 'rejected', ['INSUFFICIENT_AGRICULTURAL_DAYS_2019']],
    ['exactly 30 contributions', 'indennita-spettacolo', 'accepted', null],
    ['50,001 EUR', 'indennita-spettacolo', 'rejected', ['INCOME_2019_ABOVE_LIMIT']],
    ['pensioner', 'indennita-professionisti-cococo', 'rejected', ['PENSIONER']],
  ]
  const ids: string[] = []
  for (const [note, benefit] of cases) {
    const res = await submit(await citizenToken(fixturePerson(note).codiceFiscale), indemnity(benefit))
    t.equal(res.statusCode, 201, `${note}: submitted`)
    ids.push(json(res).id)
  }
  await ctx.emulator('POST', '/emulator/jobs/run')
  for (const [i, [note, , status, reasons]] of cases.entries()) {
    const row = await db.selectFrom('applications').selectAll().where('id', '=', ids[i]).executeTakeFirstOrThrow()
    t.equal(row.status, status, `${note}: ${status}`)
    if (reasons) t.same(row.reasons, reasons)
    else t.equal(row.amount_eur, 600)
  }
})

t.test('access windows at the edges, summer and winter time', async (t) => {
  const cf = fixturePerson('coloni e mezzadri').codiceFiscale
  // Tokens live 15 minutes of emulated time: mint fresh ones after each jump of the clock.
  const read = async () =>
    ctx.app.inject({ method: 'GET', url: '/api/v1/applications', headers: bearer(await citizenToken(cf)) })
  const patToken = async () =>
    (
      await ctx.app.tokens.issueSession({
        subject: 'PAT0001',
        role: 'patronato',
        authLevel: 'pin_dispositivo',
        organisationId: 'ORG0002',
      })
    ).accessToken
  const patRead = async () =>
    ctx.app.inject({ method: 'GET', url: '/api/v1/patronato/applications', headers: bearer(await patToken()) })
  const edges: Array<[string, number, number, string?]> = [
    // [Rome time, citizen status, patronato status, citizen's next opening when refused]
    ['2020-04-02T07:59:00+02:00', 200, 403],
    ['2020-04-02T08:00:00+02:00', 403, 200, '2020-04-02T16:00:00+02:00'],
    ['2020-04-02T15:59:00+02:00', 403, 200, '2020-04-02T16:00:00+02:00'],
    ['2020-04-02T16:00:00+02:00', 200, 403],
    ['2020-12-02T07:59:00+01:00', 200, 403],
    ['2020-12-02T08:00:00+01:00', 403, 200, '2020-12-02T16:00:00+01:00'],
    ['2020-12-02T15:59:00+01:00', 403, 200, '2020-12-02T16:00:00+01:00'],
    ['2020-12-02T16:00:00+01:00', 200, 403],
    ['2020-04-01T10:00:00+02:00', 200, 200],
  ]
  for (const [at, citizenStatus, patronatoStatus, next] of edges) {
    await freeze(at)
    const c = await read()
    t.equal(c.statusCode, citizenStatus, `citizen at ${at}`)
    if (next) t.match(json(c), { code: 'OUTSIDE_ACCESS_WINDOW', nextWindowOpensAt: next })
    t.equal((await patRead()).statusCode, patronatoStatus, `patronato at ${at}`)
  }
  await freeze('2020-04-02T16:00:00+02:00')
  t.match(json(await patRead()), { code: 'OUTSIDE_ACCESS_WINDOW', nextWindowOpensAt: '2020-04-03T08:00:00+02:00' })
  await freeze('2020-04-03T07:00:00+02:00')
  t.match(json(await patRead()), { nextWindowOpensAt: '2020-04-03T08:00:00+02:00' })
  await freeze('2020-04-02T08:00:00+02:00')
  const refused = await submit(await citizenToken(cf), indemnity('indennita-autonomi-ago'))
  t.equal(refused.statusCode, 403, 'submission refused outside the window')
  t.equal(await countApplications(cf), 0)
})

t.test('idempotent retries replay the first answer; a reused key with another body is refused', async (t) => {
  await freeze(CITIZEN_HOURS)
  const cf = fixturePerson('art. 28 accepted: commercianti').codiceFiscale
  const token = await citizenToken(cf)
  const first = await submit(token, indemnity('indennita-autonomi-ago'), 'retry-1')
  const second = await submit(token, indemnity('indennita-autonomi-ago'), 'retry-1')
  t.equal(first.statusCode, 201)
  t.equal(second.statusCode, 201)
  t.same(json(second), json(first))
  t.equal(second.headers['idempotent-replayed'], 'true')
  const other = await submit(
    token,
    { ...indemnity('indennita-autonomi-ago'), payment: { method: 'post_office' } },
    'retry-1',
  )
  t.equal(other.statusCode, 422)
  t.equal(json(other).code, 'IDEMPOTENCY_KEY_REUSED')
  const otherCaller = await submit(
    await citizenToken(fixturePerson('coltivatori diretti').codiceFiscale),
    indemnity('indennita-autonomi-ago'),
    'retry-1',
  )
  t.equal(otherCaller.statusCode, 201, 'keys are scoped to the caller')
  t.equal(await countApplications(cf), 1)
})

t.test('20 concurrent identical submissions make exactly one application', async (t) => {
  await freeze(CITIZEN_HOURS)
  const entertainer = { entertainment: { contributions2019: 40, income2019Eur: 20000 } }
  const a = await newPerson(ctx.emulator, entertainer)
  const tokenA = await citizenToken(a)
  const noKey = await Promise.all(Array.from({ length: 20 }, () => submit(tokenA, indemnity('indennita-spettacolo'))))
  t.equal(noKey.filter((r) => r.statusCode === 201).length, 1)
  t.ok(noKey.filter((r) => r.statusCode !== 201).every((r) => json(r).code === 'DUPLICATE_APPLICATION'))
  t.equal(await countApplications(a), 1)

  const b = await newPerson(ctx.emulator, entertainer)
  const tokenB = await citizenToken(b)
  const sameKey = await Promise.all(
    Array.from({ length: 20 }, () => submit(tokenB, indemnity('indennita-spettacolo'), 'click-day')),
  )
  t.ok(
    sameKey.every((r) => r.statusCode === 201),
    'every retry gets the first answer',
  )
  t.equal(new Set(sameKey.map((r) => json(r).id)).size, 1)
  t.equal(await countApplications(b), 1)
})

t.test('one per benefit, and the five indemnities exclude each other', async (t) => {
  await freeze(CITIZEN_HOURS)
  const cf = fixturePerson('incompatibility').codiceFiscale
  const token = await citizenToken(cf)
  t.equal((await submit(token, indemnity('indennita-agricoli'))).statusCode, 201)
  const again = await submit(token, indemnity('indennita-agricoli'))
  t.match(json(again), { status: 409, code: 'DUPLICATE_APPLICATION' })
  const other = await submit(token, indemnity('indennita-spettacolo'))
  t.match(json(other), { status: 409, code: 'INCOMPATIBLE_BENEFIT', conflictingBenefitCode: 'indennita-agricoli' })
  t.equal(await countApplications(cf), 1)
  const concurrent = fixturePerson('two positions in different schemes').codiceFiscale
  const tokenC = await citizenToken(concurrent)
  const race = await Promise.all(
    ['indennita-autonomi-ago', 'indennita-professionisti-cococo', 'indennita-agricoli'].map((b) =>
      submit(tokenC, indemnity(b)),
    ),
  )
  t.equal(race.filter((r) => r.statusCode === 201).length, 1, 'concurrent different indemnities: one wins')
  t.equal(await countApplications(concurrent), 1)
})

t.test('bad payment, declarations and children are refused with the field named', async (t) => {
  await freeze(CITIZEN_HOURS)
  const token = await citizenToken(fixturePerson('coloni e mezzadri').codiceFiscale)
  const badIban = await submit(token, {
    ...indemnity('indennita-autonomi-ago'),
    payment: { method: 'iban', iban: 'IT60X0542811101000000123457' },
  })
  t.match(json(badIban), { status: 422, code: 'INVALID_IBAN', errors: [{ field: '/payment/iban' }] })
  const foreign = await submit(token, {
    ...indemnity('indennita-autonomi-ago'),
    payment: { method: 'iban', iban: 'DE89370400440532013000' },
  })
  t.match(json(foreign), { status: 422, code: 'INVALID_IBAN' })
  const noIban = await submit(token, { ...indemnity('indennita-autonomi-ago'), payment: { method: 'iban' } })
  t.match(json(noIban), { status: 422, code: 'INVALID_IBAN' })
  const noDecl = await submit(token, { ...indemnity('indennita-autonomi-ago'), declarations: { truthfulness: true } })
  t.match(json(noDecl), { status: 422, code: 'MISSING_DECLARATION', errors: [{ field: '/declarations/notPensioner' }] })
  const unknown = await submit(token, { ...indemnity('reddito-universale') })
  t.match(json(unknown), { status: 400, code: 'VALIDATION_ERROR' })
  const baby = (children: unknown) =>
    submit(token, {
      benefitCode: 'bonus-baby-sitting',
      declarations: { truthfulness: true, otherParentNotBenefiting: true },
      children,
    })
  t.match(json(await baby(undefined)), { status: 422, code: 'CHILDREN_REQUIRED' })
  t.match(json(await baby([{ codiceFiscale: 'RSSLCU12A41H501Y', birthDate: '2012-01-01' }])), {
    status: 400,
    code: 'INVALID_CODICE_FISCALE',
  })
  t.match(json(await baby([{ codiceFiscale: 'RSSLCU12A41H501X', birthDate: '2012-01-02' }])), {
    status: 422,
    code: 'CODICE_FISCALE_MISMATCH',
  })
  t.match(json(await baby([{ codiceFiscale: 'RSSLCU05A41H501B', birthDate: '2005-01-01' }])), {
    status: 422,
    code: 'CHILD_NOT_ELIGIBLE',
  })
  t.equal(await countApplications(fixturePerson('coloni e mezzadri').codiceFiscale), 0, 'nothing half-written')
})

t.test("a citizen never sees another citizen's application", async (t) => {
  await freeze(CITIZEN_HOURS)
  const owner = await seasonalWorker()
  const created = json(await submit(await citizenToken(owner), indemnity('indennita-stagionali-turismo')))
  const intruder = await citizenToken(await newPerson(ctx.emulator))
  const peek = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/applications/${created.id}`,
    headers: bearer(intruder),
  })
  t.equal(peek.statusCode, 404)
  t.notOk(peek.body.includes(owner))
  t.same(
    json(await ctx.app.inject({ method: 'GET', url: '/api/v1/applications', headers: bearer(intruder) })).items,
    [],
  )
  const mine = json(
    await ctx.app.inject({ method: 'GET', url: '/api/v1/applications', headers: bearer(await citizenToken(owner)) }),
  )
  t.same(
    mine.items.map((a: { id: string }) => a.id),
    [created.id],
  )
})

t.test('patronati file under mandate and see only their own filings; intermediaries are refused', async (t) => {
  await freeze('2020-04-02T10:00:00+02:00')
  const op = async (operatorId: string, pin: string) =>
    json(await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/operator', payload: { operatorId, pin } }))
      .accessToken
  const pat1 = await op('PAT0001', 'PATA2020')
  const pat2 = await op('PAT0002', 'PATB2020')
  const intermediary = await op('INT0001', 'INTR2020')
  const cf = await newPerson(ctx.emulator, { ago: { scheme: 'commercianti' } })
  const body = {
    codiceFiscale: await newPerson(ctx.emulator, { ago: { scheme: 'artigiani' } }),
    ...indemnity('indennita-autonomi-ago'),
  }
  const file = (token: string, payload: object) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/patronato/applications', headers: bearer(token), payload })
  t.match(json(await file(pat1, body)), { status: 403, code: 'NO_MANDATE' })
  const mandate = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/patronato/mandates',
    headers: bearer(pat1),
    payload: { codiceFiscale: body.codiceFiscale },
  })
  t.equal(mandate.statusCode, 201)
  const filed = await file(pat1, body)
  t.equal(filed.statusCode, 201)
  t.match(json(filed), { channel: 'patronato', codiceFiscale: body.codiceFiscale })
  const row = await db.selectFrom('applications').selectAll().where('id', '=', json(filed).id).executeTakeFirstOrThrow()
  t.equal(row.filed_by, 'PAT0001')

  t.equal(
    (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/patronato/applications/${json(filed).id}`,
        headers: bearer(pat2),
      })
    ).statusCode,
    404,
    'another patronato cannot read it',
  )
  t.same(
    json(await ctx.app.inject({ method: 'GET', url: '/api/v1/patronato/applications', headers: bearer(pat2) })).items,
    [],
  )
  t.equal(
    json(await ctx.app.inject({ method: 'GET', url: '/api/v1/patronato/applications', headers: bearer(pat1) })).items
      .length,
    1,
  )

  for (const url of ['/api/v1/patronato/applications', '/api/v1/applications']) {
    const res = await ctx.app.inject({
      method: 'POST',
      url,
      headers: bearer(intermediary),
      payload: { codiceFiscale: cf, ...indemnity('indennita-autonomi-ago') },
    })
    t.match(json(res), { status: 403, code: 'INTERMEDIARY_NOT_ALLOWED' }, url)
  }
  t.equal(await countApplications(cf), 0)
})

t.test('baby-sitting with the PIN semplificato: valid, but the Libretto Famiglia needs the second half', async (t) => {
  await freeze(CITIZEN_HOURS)
  const cf = fixturePerson('baby-sitting 1000').codiceFiscale
  const simplified = await citizenToken(cf, 'pin_semplificato')
  const res = await submit(simplified, {
    benefitCode: 'bonus-baby-sitting',
    declarations: { truthfulness: true, otherParentNotBenefiting: true },
    children: [{ codiceFiscale: 'RSSLCU12A41H501X', birthDate: '2012-01-01' }],
  })
  t.equal(res.statusCode, 201)
  const id = json(res).id
  const libretto = (token: string) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/libretto-famiglia`, headers: bearer(token) })
  t.match(json(await libretto(simplified)), { status: 403, code: 'SECOND_HALF_REQUIRED' })
  await ctx.emulator('POST', '/emulator/jobs/run')
  t.match(
    json(await ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(simplified) })),
    { status: 'accepted', amountEur: 1000 },
  )
  t.match(
    json(await libretto(await citizenToken(cf, 'pin_ordinario'))),
    { status: 403, code: 'DISPOSITIVO_REQUIRED' },
    'taking it up is dispositive (msg 1465/2020)',
  )
  const registered = await libretto(await citizenToken(cf, 'spid_l2'))
  t.equal(registered.statusCode, 200)
  t.match(json(registered), { status: 'registered' })
})

t.test('public stats count per benefit and status, with no personal data', async (t) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/stats/applications' })
  t.equal(res.statusCode, 200)
  const stats = json(res)
  const total = (await db.selectFrom('applications').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow())
    .n
  t.equal(stats.total, total)
  t.same(
    stats.byBenefit.map((b: { benefitCode: string }) => b.benefitCode),
    BENEFIT_CODES,
    'every benefit of the catalogue, those of DL 34 and the Reddito di Emergenza included',
  )
  t.ok(BENEFIT_CODES.includes('reddito-emergenza'))
  t.ok(BENEFIT_CODES.includes('congedo-covid'))
  t.notMatch(res.body, /[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]/, 'no codice fiscale')
})

t.test("a patronato's filings come in pages: every one once, newest first, and a forged cursor is 400", async (t) => {
  await freeze('2020-04-03T10:00:00+02:00')
  const login = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/operator',
    payload: { operatorId: 'PAT0002', pin: 'PATB2020' },
  })
  const token = json(login).accessToken as string
  const filedIds: string[] = []
  for (let i = 0; i < 5; i++) {
    const codiceFiscale = await newPerson(ctx.emulator, { ago: { scheme: 'artigiani' } })
    const mandate = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/patronato/mandates',
      headers: bearer(token),
      payload: { codiceFiscale },
    })
    t.equal(mandate.statusCode, 201)
    const filed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/patronato/applications',
      headers: bearer(token),
      payload: { codiceFiscale, ...indemnity('indennita-autonomi-ago') },
    })
    t.equal(filed.statusCode, 201)
    filedIds.push(json(filed).id)
  }
  const list = (query: string) =>
    ctx.app.inject({ method: 'GET', url: `/api/v1/patronato/applications${query}`, headers: bearer(token) })
  const everything = json(await list('')).items.map((a: { id: string }) => a.id)
  const seen: string[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = json(await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`))
    t.ok(page.items.length <= 2)
    seen.push(...page.items.map((a: { id: string }) => a.id))
    cursor = page.nextCursor
    pages++
  } while (cursor && pages < 10)
  t.same(seen, everything, 'the pages together are the whole list, in its order, each once')
  t.ok(filedIds.every((id) => seen.includes(id)))
  t.equal(pages, Math.ceil(everything.length / 2))
  for (const [forged, code] of [
    ['not a cursor!', 'VALIDATION_ERROR'],
    [Buffer.from('2020-04-03T10:00:00Z|not-a-uuid').toString('base64url'), 'INVALID_CURSOR'],
    [Buffer.from(`yesterday|${filedIds[0]}`).toString('base64url'), 'INVALID_CURSOR'],
  ]) {
    const refused = await list(`?cursor=${encodeURIComponent(forged)}`)
    t.equal(refused.statusCode, 400)
    t.equal(json(refused).code, code)
  }
})

t.test(
  "citizens' pages read together: each answer is the asker's own page, in order, cursors and ties included",
  async (t) => {
    await freeze(CITIZEN_HOURS)
    const many = await seasonalWorker()
    const one = await seasonalWorker()
    const none = await newPerson(ctx.emulator)
    const first = json(await submit(await citizenToken(many), indemnity('indennita-stagionali-turismo')))
    const only = json(await submit(await citizenToken(one), indemnity('indennita-stagionali-turismo')))
    // Four more for `many`, a minute apart, the last two at the same instant (the id breaks the tie).
    await sql`
    INSERT INTO applications
    SELECT (jsonb_populate_record(a, jsonb_build_object(
      'id', gen_random_uuid(), 'protocol_number', a.protocol_number || '-' || n, 'benefit_code', 'copy-' || n,
      'exclusive_group', NULL, 'submitted_at', a.submitted_at + least(n, 3) * interval '1 minute'))).*
    FROM applications a, generate_series(1, 4) n WHERE a.id = ${first.id}`.execute(db)
    const newestFirst = await db
      .selectFrom('applications')
      .select(['id', 'submitted_at'])
      .where('codice_fiscale', '=', many)
      .orderBy('submitted_at', 'desc')
      .orderBy('id', 'desc')
      .execute()
    t.equal(newestFirst.length, 5)
    const ids = newestFirst.map((r) => r.id)
    const after = (i: number) => ({ submittedAt: newestFirst[i].submitted_at, id: newestFirst[i].id })

    const pages = await listOwnApplicationPages(db, [
      { codiceFiscale: many, limit: 2 },
      { codiceFiscale: one, limit: 20 },
      { codiceFiscale: none, limit: 5 },
      { codiceFiscale: many, after: after(0), limit: 10 },
      { codiceFiscale: many, after: after(1), limit: 2 },
      { codiceFiscale: one, after: { submittedAt: new Date(0), id: only.id }, limit: 5 },
    ])
    t.same(
      pages.map((page) => page.map((r) => r.id)),
      [ids.slice(0, 2), [only.id], [], ids.slice(1), ids.slice(2, 4), []],
    )
    t.ok(pages[0].every((r) => r.codice_fiscale === many && r.submitted_at instanceof Date))

    // Through HTTP, at once: every citizen gets their own list and nothing else.
    const askers = [many, one, none, many, one, none, many]
    const answers = await Promise.all(
      askers.map(async (cf) =>
        json(
          await ctx.app.inject({
            method: 'GET',
            url: '/api/v1/applications?limit=3',
            headers: bearer(await citizenToken(cf)),
          }),
        ),
      ),
    )
    const expected: Record<string, string[]> = { [many]: ids.slice(0, 3), [one]: [only.id], [none]: [] }
    askers.forEach((cf, i) => {
      t.same(
        answers[i].items.map((a: { id: string }) => a.id),
        expected[cf],
      )
      t.equal(answers[i].nextCursor !== undefined, cf === many)
    })
    const rest = json(
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/applications?cursor=${answers[0].nextCursor}`,
        headers: bearer(await citizenToken(many)),
      }),
    )
    t.same(
      rest.items.map((a: { id: string }) => a.id),
      ids.slice(3),
    )
  },
)

t.test(
  'a page that fails its statement fails alone; cursors Postgres would refuse are 400 before they join a batch',
  async (t) => {
    await freeze(CITIZEN_HOURS)
    const owner = await seasonalWorker()
    const created = json(await submit(await citizenToken(owner), indemnity('indennita-stagionali-turismo')))
    // No token carries such a codice fiscale; asked of the service directly, it fails the batch's statement.
    const [broken, mine] = await Promise.allSettled([
      ctx.app.services.applications.pageOwn('BAD\u0000', undefined, 5),
      ctx.app.services.applications.pageOwn(owner, undefined, 5),
    ])
    t.equal(broken.status, 'rejected')
    t.equal(mine.status, 'fulfilled')
    t.same(mine.status === 'fulfilled' ? mine.value.items.map((a) => a.id) : [], [created.id])

    const token = await citizenToken(owner)
    const forged = [
      `2020-04-02T15:00:00.000Z|------------------------------------`,
      `-271821-04-20T00:00:00.000Z|${created.id}`,
      `0000-01-01T00:00:00.000Z|${created.id}`,
      `2020-02-30T00:00:00.000Z|${created.id}`,
      `2020-04-02T15:00:00Z|${created.id}`,
    ].map((raw) => Buffer.from(raw).toString('base64url'))
    const answers = await Promise.all(
      [...forged, undefined].map((cursor) =>
        ctx.app.inject({
          method: 'GET',
          url: `/api/v1/applications${cursor ? `?cursor=${cursor}` : ''}`,
          headers: bearer(token),
        }),
      ),
    )
    for (const refused of answers.slice(0, forged.length)) {
      t.equal(refused.statusCode, 400)
      t.equal(json(refused).code, 'INVALID_CURSOR')
    }
    t.equal(answers[forged.length].statusCode, 200)
    t.same(
      json(answers[forged.length]).items.map((a: { id: string }) => a.id),
      [created.id],
    )
  },
)

t.test('an application id is a plain UUID: the URN form is a 400, not a query Postgres refuses', async (t) => {
  await freeze(CITIZEN_HOURS)
  const owner = await seasonalWorker()
  const token = await citizenToken(owner)
  const created = json(await submit(token, indemnity('indennita-stagionali-turismo')))
  const get = (id: string) =>
    ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(token) })
  const urn = await get(`urn:uuid:${created.id}`)
  t.equal(urn.statusCode, 400)
  t.equal(json(urn).code, 'VALIDATION_ERROR')
  t.equal((await get(created.id.toUpperCase())).statusCode, 200, 'any case, as Postgres reads it')
  t.equal((await get(created.id)).statusCode, 200)
})

t.test(
  "one application each, asked at once: the asker's own is 200, someone else's 404 like a missing one",
  async (t) => {
    await freeze(CITIZEN_HOURS)
    const people = await Promise.all([1, 2, 3].map(() => seasonalWorker()))
    const tokens = await Promise.all(people.map((cf) => citizenToken(cf)))
    const ids: string[] = []
    for (const token of tokens) ids.push(json(await submit(token, indemnity('indennita-stagionali-turismo'))).id)
    const asks = tokens.flatMap((token, asker) => ids.map((id, owner) => ({ token, id, mine: asker === owner })))
    const answers = await Promise.all(
      asks.map(({ token, id }) =>
        ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(token) }),
      ),
    )
    asks.forEach(({ id, mine }, i) => {
      t.equal(answers[i].statusCode, mine ? 200 : 404)
      if (mine) t.equal(json(answers[i]).id, id)
      else t.equal(json(answers[i]).code, 'APPLICATION_NOT_FOUND')
    })
  },
)
