import t from 'tap'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { setupTestApp } from '../helper.js'
import { bearer, newPerson } from '../factories.js'

/*
 * docs/rules.md §10, privacy: on 1 April 2020 a CDN cached personal pages and about a hundred people saw someone
 * else's data; in the baby-sitting procedure people could read others' applications. Here many citizens
 * read their own data at once, on one instance and on two sharing the database, and no answer may carry
 * another person's codice fiscale or be cacheable by a shared cache.
 */
const CITIZENS = 44
const ROUNDS = 4
const CITIZEN_HOURS = '2020-04-02T17:00:00+02:00'
const PATRONATO_HOURS = '2020-04-03T10:00:00+02:00'
// Any codice fiscale, omocodia included: an error body must carry none at all.
const CF_SHAPE = /[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]/g
const cfsIn = (body: string) => [...new Set(body.match(CF_SHAPE) ?? [])]
const INDEMNITY = {
  benefitCode: 'indennita-professionisti-cococo',
  payment: { method: 'post_office' },
  declarations: { truthfulness: true, notPensioner: true, noCitizenshipIncome: true, noOtherCompulsoryScheme: true },
}

const ctx = await setupTestApp(t)
const second = await setupTestApp(t, {}, ctx.database)
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })

interface Citizen {
  cf: string
  email: string
  token: string
  applicationId: string
}
const citizens: Citizen[] = []
await freeze(CITIZEN_HOURS)
for (let i = 0; i < CITIZENS; i++) {
  const email = `cittadino.${i}@example.it`
  const cf = await newPerson(ctx.emulator, {}, { email, mobile: `+39 333 ${1_000_000 + i}` })
  const { accessToken } = await ctx.app.tokens.issueSession({
    subject: cf,
    role: 'citizen',
    authLevel: 'pin_ordinario',
  })
  citizens.push({ cf, email, token: accessToken, applicationId: '' })
}
// Everyone submits at once too, half through each instance.
await Promise.all(
  citizens.map(async (c, i) => {
    const res = await [ctx.app, second.app][i % 2].inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: bearer(c.token),
      payload: INDEMNITY,
    })
    if (res.statusCode !== 201) throw new Error(`submission for ${c.cf} failed: ${res.statusCode} ${res.body}`)
    c.applicationId = res.json().id
  }),
)

// Patronato filings: two citizens more, one per patronato organisation.
await freeze(PATRONATO_HOURS)
const patronati = await Promise.all(
  ['PAT0001', 'PAT0002'].map(async (operatorId, i) => {
    const organisationId = ['ORG0002', 'ORG0003'][i]
    const { accessToken: token } = await ctx.app.tokens.issueSession({
      subject: operatorId,
      role: 'patronato',
      authLevel: 'pin_dispositivo',
      organisationId,
    })
    const cf = await newPerson(
      ctx.emulator,
      {},
      { email: `assistito.${i}@example.it`, mobile: `+39 347 ${2_000_000 + i}` },
    )
    const mandate = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/patronato/mandates',
      headers: bearer(token),
      payload: { codiceFiscale: cf },
    })
    const filed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/patronato/applications',
      headers: bearer(token),
      payload: { codiceFiscale: cf, ...INDEMNITY },
    })
    if (mandate.statusCode !== 201 || filed.statusCode !== 201)
      throw new Error(`patronato filing failed: ${mandate.body} ${filed.body}`)
    return { operatorId, token, cf, applicationId: filed.json().id as string }
  }),
)
const everyCf = [...citizens.map((c) => c.cf), ...patronati.map((p) => p.cf)]
const emailOf = new Map<string, string>([
  ...citizens.map((c) => [c.cf, c.email] as const),
  ...patronati.map((p, i) => [p.cf, `assistito.${i}@example.it`] as const),
])

/** What is wrong with a personal answer: shared-cache headers, or anybody's data but `ownCf`'s. */
function problemsOf(res: LightMyRequestResponse, ownCf: string | null, label: string): string[] {
  const problems: string[] = []
  const cacheControl = String(res.headers['cache-control'] ?? '')
  const vary = String(res.headers.vary ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
  if (!/(^|,)\s*no-store\s*(,|$)/.test(cacheControl)) problems.push(`${label}: Cache-Control is "${cacheControl}"`)
  if (/public|s-maxage|max-age=[1-9]|immutable/.test(cacheControl))
    problems.push(`${label}: shared caching allowed by "${cacheControl}"`)
  if (!vary.includes('authorization')) problems.push(`${label}: Vary is "${res.headers.vary}"`)
  if (res.headers.etag !== undefined || res.headers['last-modified'] !== undefined)
    problems.push(`${label}: validators for a shared cache`)
  const foreignCfs = cfsIn(res.body).filter((cf) => cf !== ownCf)
  if (foreignCfs.length > 0) problems.push(`${label}: carries codice fiscale ${foreignCfs.join(', ')}`)
  for (const cf of everyCf) if (cf !== ownCf && res.body.includes(cf)) problems.push(`${label}: carries ${cf}`)
  for (const [cf, email] of emailOf)
    if (cf !== ownCf && res.body.includes(email)) problems.push(`${label}: carries the contact ${email}`)
  return problems
}

/** A deterministic shuffle, so the interleaving differs between rounds but a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items]
  let state = seed + 0x9e3779b9
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0 // a small integer hash as PRNG
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

interface Read {
  citizen: Citizen
  request: InjectOptions
  check: (body: any) => boolean
}
const readsOf = (c: Citizen): Read[] => [
  {
    citizen: c,
    request: { method: 'GET', url: '/api/v1/me', headers: bearer(c.token) },
    check: (b) => b.codiceFiscale === c.cf,
  },
  {
    citizen: c,
    request: { method: 'GET', url: '/api/v1/applications', headers: bearer(c.token) },
    check: (b) =>
      b.items.length === 1 &&
      b.items.every((a: { id: string; codiceFiscale: string }) => a.id === c.applicationId && a.codiceFiscale === c.cf),
  },
  {
    citizen: c,
    request: { method: 'GET', url: `/api/v1/applications/${c.applicationId}`, headers: bearer(c.token) },
    check: (b) => b.id === c.applicationId && b.codiceFiscale === c.cf,
  },
]

t.test('the checks below would notice a leak', async (t) => {
  await freeze(CITIZEN_HOURS)
  const [a, b] = citizens
  const ofA = await ctx.app.inject(readsOf(a)[2].request)
  t.same(problemsOf(ofA, a.cf, 'own'), [], "A's application, judged as A's")
  t.match(problemsOf(ofA, b.cf, 'mixed').join('\n'), a.cf, "A's application served to B is caught")
  const publicPage = await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })
  t.match(
    problemsOf(publicPage, null, 'public').join('\n'),
    /Cache-Control|shared caching/,
    'a cacheable page is caught',
  )
})

for (const [label, apps] of [
  ['one instance', [ctx.app]],
  ['two instances sharing the database', [ctx.app, second.app]],
] as Array<[string, FastifyInstance[]]>) {
  t.test(`${label}: ${CITIZENS} citizens reading their own data at once see only their own`, async (t) => {
    await freeze(CITIZEN_HOURS)
    let answered = 0
    for (let round = 0; round < ROUNDS; round++) {
      // Each citizen reads everything twice, in an order that differs every round, while the evaluation job writes.
      const reads = shuffled(
        citizens.flatMap((c) => [...readsOf(c), ...readsOf(c)]),
        round * 7 + apps.length,
      )
      const [results] = await Promise.all([
        Promise.all(reads.map(async (read, i) => ({ read, res: await apps[i % apps.length].inject(read.request) }))),
        round === 1 ? ctx.emulator('POST', '/emulator/jobs/run') : Promise.resolve(undefined),
      ])
      const problems = results.flatMap(({ read, res }) => {
        const where = `round ${round} ${read.request.url} as ${read.citizen.cf}`
        if (res.statusCode !== 200) return [`${where}: ${res.statusCode} ${res.body}`]
        return [
          ...problemsOf(res, read.citizen.cf, where),
          ...(read.check(res.json()) ? [] : [`${where}: not the caller's own data: ${res.body}`]),
        ]
      })
      answered += results.length
      t.same(
        problems,
        [],
        `round ${round}: ${results.length} concurrent answers, each the caller's own and never cacheable`,
      )
    }
    t.ok(answered >= ROUNDS * 250, `${answered} answers checked`)
  })

  t.test(`${label}: guessing another citizen's application id is a 404 that names nobody`, async (t) => {
    await freeze(CITIZEN_HOURS)
    const guesses = citizens.flatMap((c, i) => {
      const victim = citizens[(i + 1) % citizens.length]
      return [
        { method: 'GET', url: `/api/v1/applications/${victim.applicationId}`, headers: bearer(c.token) },
        {
          method: 'POST',
          url: `/api/v1/applications/${victim.applicationId}/libretto-famiglia`,
          headers: bearer(c.token),
        },
        { method: 'GET', url: `/api/v1/applications/${patronati[i % 2].applicationId}`, headers: bearer(c.token) },
      ] as InjectOptions[]
    })
    const answers = await Promise.all(guesses.map((request, i) => apps[i % apps.length].inject(request)))
    const unknown = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/applications/00000000-0000-4000-8000-000000000000',
      headers: bearer(citizens[0].token),
    })
    const problems = answers.flatMap((res, i) => {
      const where = `${guesses[i].method} ${guesses[i].url}`
      if (res.statusCode !== 404) return [`${where}: ${res.statusCode} ${res.body}`]
      const mentioned = cfsIn(res.body)
      return [
        ...(mentioned.length ? [`${where}: mentions ${mentioned.join(', ')}`] : []),
        ...(res.json().code === unknown.json().code
          ? []
          : [`${where}: tells an existing id (${res.json().code}) from a missing one (${unknown.json().code})`]),
        ...problemsOf(res, null, where),
      ]
    })
    t.equal(unknown.statusCode, 404)
    t.same(problems, [], `${answers.length} guesses, all 404 like an id that does not exist`)
    const stillThere = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/applications/${citizens[1].applicationId}`,
      headers: bearer(citizens[1].token),
    })
    t.notOk(
      stillThere.json().librettoRegisteredAt,
      "nobody registered someone else's application on the Libretto Famiglia",
    )
  })

  t.test(`${label}: a patronato cannot read another patronato's filing`, async (t) => {
    await freeze(PATRONATO_HOURS)
    const [a, b] = patronati
    const requests: Array<{ as: string; request: InjectOptions; expect: number; ownCf: string | null }> = []
    const read = (who: typeof a, url: string, expect: number, ownCf: string | null) =>
      requests.push({ as: who.operatorId, request: { method: 'GET', url, headers: bearer(who.token) }, expect, ownCf })
    for (let i = 0; i < 20; i++) {
      read(a, `/api/v1/patronato/applications/${b.applicationId}`, 404, null)
      read(b, `/api/v1/patronato/applications/${a.applicationId}`, 404, null)
      read(a, `/api/v1/patronato/applications/${citizens[i].applicationId}`, 404, null)
      read(a, `/api/v1/patronato/applications/${a.applicationId}`, 200, a.cf)
      read(b, '/api/v1/patronato/applications', 200, b.cf)
    }
    const answers = await Promise.all(requests.map(({ request }, i) => apps[i % apps.length].inject(request)))
    const problems = answers.flatMap((res, i) => {
      const { as, request, expect, ownCf } = requests[i]
      const where = `${request.url} as ${as}`
      if (res.statusCode !== expect) return [`${where}: ${res.statusCode} ${res.body}`]
      if (expect === 404 && cfsIn(res.body).length) return [`${where}: the 404 mentions ${cfsIn(res.body).join(', ')}`]
      return problemsOf(res, ownCf, where)
    })
    t.same(problems, [], `${answers.length} concurrent patronato reads: each sees its own filings only`)
    const listOfB = answers[4].json()
    t.same(
      listOfB.items.map((x: { id: string }) => x.id),
      [b.applicationId],
      'the list holds only what this patronato filed',
    )
  })
}
