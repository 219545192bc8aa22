import t from 'tap'
import fc from 'fast-check'
import { SignJWT, generateKeyPair } from 'jose'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { ADMIN_TOKEN, setupTestApp } from '../helper.js'
import { activateTestPin, bearer, newPerson } from '../factories.js'
import { ROLES, type AuthContext, type Role } from '../../src/core/auth/auth.types.js'

/*
 * Issue 6, "Bad input": every route of the running app (read from app.swagger(), so new routes are
 * fuzzed without touching this file) gets hostile bodies, queries, path parameters and headers, and
 * must answer 2xx or 4xx problem+json, never 5xx. Replay a failure with FUZZ_SEED=<printed seed>:
 * each route's property runs with a seed derived from it, and fast-check prints the counterexample.
 */
const SEED = /^-?\d+$/.test(process.env.FUZZ_SEED ?? '')
  ? Number(process.env.FUZZ_SEED)
  : Math.floor(Math.random() * 2 ** 31)
const MIN_CASES = 10_000
const RUNS = { default: 110, argon2: 40, reset: 12, unknownRoutes: 500 }
// Routes whose valid-looking bodies cost an argon2 hash or verify each (a reset re-hashes the fixture
// operators' PINs, about 150 ms): fewer runs keep the file under a minute.
const ARGON2_ROUTES =
  /^POST \/api\/v1\/(auth\/|pin-requests|pin-recoveries|contact-center\/pin-requests)|^POST \/emulator\/operators/
// FUZZ_SCALE=10 for a deeper run outside CI's budget.
const SCALE = Number(process.env.FUZZ_SCALE) > 0 ? Number(process.env.FUZZ_SCALE) : 1
const runsFor = (key: string) =>
  Math.round(
    SCALE * (key === 'POST /emulator/reset' ? RUNS.reset : ARGON2_ROUTES.test(key) ? RUNS.argon2 : RUNS.default),
  )
const PHASES = [
  { name: "citizens' hours", now: '2020-04-02T17:00:00+02:00' }, // Thursday: citizens 16-08, Contact Center open
  { name: 'patronato hours', now: '2020-04-03T10:00:00+02:00' }, // Friday: patronati and intermediaries 08-16
]
process.stderr.write(`# bad-input fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})\n`)
t.comment(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`)

const ctx = await setupTestApp(t, { LOG_LEVEL: 'warn' })
const app = ctx.app
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
let phaseNow = PHASES[0].now
const stats = { cases: 0, byStatus: new Map<number, number>() }

// ---------- the routes, as the app describes itself ----------
type Schema = Record<string, any>
interface Param {
  name: string
  in: 'path' | 'query' | 'header'
  schema: Schema
}
interface Route {
  key: string
  method: string
  path: string
  security: 'bearer' | 'emulator' | 'public'
  params: Param[]
  body?: { mediaType: string; schema: Schema; example?: unknown }
  rightRoles: Role[]
}
const doc = app.swagger() as Schema
const deref = (s: Schema | undefined): Schema => {
  const ref = s?.$ref as string | undefined
  return ref ? deref(doc.components?.schemas?.[ref.replace(/#$/, '').split('/').pop()!]) : (s ?? {})
}
const routes: Route[] = []
for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
  for (const [method, op] of Object.entries(ops)) {
    if (!['get', 'post', 'put', 'delete', 'patch'].includes(method)) continue
    const security = JSON.stringify(op.security ?? [])
    const content = (op.requestBody?.content ?? {}) as Record<string, Schema>
    const mediaType = Object.keys(content)[0]
    routes.push({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      security: security.includes('bearerAuth') ? 'bearer' : path.startsWith('/emulator') ? 'emulator' : 'public',
      params: ((op.parameters ?? []) as Schema[]).map((p) => ({ name: p.name, in: p.in, schema: deref(p.schema) })),
      body: mediaType
        ? { mediaType, schema: deref(content[mediaType].schema), example: content[mediaType].example }
        : undefined,
      rightRoles: [],
    })
  }
}
// A reset wipes the people and applications the other routes reach: it goes last in each phase.
routes.sort((a, b) => Number(a.key === 'POST /emulator/reset') - Number(b.key === 'POST /emulator/reset'))

// ---------- identities and what the fuzz can point at ----------
const OPERATORS: Record<Exclude<Role, 'citizen'>, Omit<AuthContext, 'tokenId' | 'authLevel'>> = {
  contact_center: { subject: 'CC0001', role: 'contact_center', organisationId: 'ORG0001' },
  patronato: { subject: 'PAT0001', role: 'patronato', organisationId: 'ORG0002' },
  intermediario: { subject: 'INT0001', role: 'intermediario', organisationId: 'ORG0004' },
  backoffice: { subject: 'BO0001', role: 'backoffice', organisationId: 'ORG0005' },
  office: { subject: 'SEDE0001', role: 'office', organisationId: 'ORG0006', officeCode: '1300' },
  caf: { subject: 'CAF0001', role: 'caf', organisationId: 'ORG0007' },
}
const CITIZEN_LEVELS = ['pin_ordinario', 'pin_semplificato', 'pin_dispositivo', 'spid_l2'] as const
const CITIZENS_PER_PHASE = 3
const tokens = new Map<Role, string[]>()
let foreignToken = ''
const pools = { ids: [] as string[], cfs: [] as string[], offices: ['1300', '1302', '5100', '9999'] }
/** Ids and codici fiscali seen in 2xx answers become path and body values of later cases (at most 200 each). */
let remembered = 0
function remember(pool: string[], value: unknown) {
  if (typeof value !== 'string' || value.length > 200 || pool.includes(value)) return
  if (pool.length < 200) pool.push(value)
  else pool[remembered++ % 200] = value
}

/** Fresh citizens (activated PIN, one application each) and tokens for every role, at the phase's time. */
async function preparePhase(now: string) {
  phaseNow = now
  await freeze(now)
  const cfs: string[] = []
  for (let i = 0; i < CITIZENS_PER_PHASE; i++) {
    const cf = await newPerson(ctx.emulator)
    // An activated PIN lets the upload and Libretto routes go past "no credential" into their storage.
    await activateTestPin(app, cf)
    cfs.push(cf)
    remember(pools.cfs, cf)
  }
  for (const role of ROLES) {
    const identities =
      role === 'citizen'
        ? cfs.flatMap((subject) => CITIZEN_LEVELS.map((authLevel) => ({ subject, role, authLevel })))
        : [{ ...OPERATORS[role], authLevel: 'pin_dispositivo' as const }]
    tokens.set(role, await Promise.all(identities.map(async (i) => (await app.tokens.issueSession(i)).accessToken)))
  }
  // A well-formed token signed by someone else's key, with this service's claims.
  const { privateKey } = await generateKeyPair('ES256')
  foreignToken = await new SignJWT({ role: 'citizen', authLevel: 'pin_dispositivo' })
    .setProtectedHeader({ alg: 'ES256', kid: 'not-ours' })
    .setSubject(cfs[0])
    .setIssuer('urn:inps-emulator')
    .setAudience('urn:inps-emulator:api')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey)
  // Something to find: each citizen's own application, so id routes reach their handlers.
  for (const token of tokens.get('citizen')!.filter((_, i) => i % CITIZEN_LEVELS.length === 0)) {
    const submitted = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: bearer(token),
      payload: {
        benefitCode: 'indennita-professionisti-cococo',
        payment: { method: 'post_office' },
        declarations: {
          truthfulness: true,
          notPensioner: true,
          noCitizenshipIncome: true,
          noOtherCompulsoryScheme: true,
        },
      },
    })
    remember(pools.ids, submitted.json().id)
  }
}

// ---------- generators ----------
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%',
  '%00',
  '%zz',
  '..',
  '../../etc/passwd',
  '/',
  '\\',
  ';',
  '?',
  '#',
  '&',
  '=',
  '+',
  '"',
  "'",
  '<script>alert(1)</script>',
  "' OR '1'='1",
  "'; DROP TABLE applications; --",
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '-0',
  '00000000-0000-0000-0000-000000000000',
  '\u202eabc',
  'İ',
  'ß',
  'Ａ',
  '🙂',
  '\ud83d',
  '\ufeff',
  'e\u0301',
  'a'.repeat(300),
  '9'.repeat(40),
  'RSSMRA85T10A562S',
  'rssmra85t10a562s',
  ' RSSMRA85T10A562S ',
]
const anyText = (maxLength = 40) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
  )
const oddString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 3, arbitrary: anyText() },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 5000 }) },
)
const nested = (depth: number, leaf: unknown): unknown =>
  depth === 0 ? leaf : depth % 2 ? [nested(depth - 1, leaf)] : { a: nested(depth - 1, leaf) }
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: oddString },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      -0.000001,
      1e308,
      -1e308,
      2 ** 53 + 2,
      2 ** 31,
      'A'.repeat(70_000),
    ),
  },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 400 }).map((d) => nested(d, 'deep')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(JSON.parse('{"__proto__":{"admin":true}}'), {
      constructor: { prototype: { admin: true } },
    }),
  },
)

/** A value the application could find in its database (resolved when the case runs). */
class Known {
  constructor(
    readonly pool: keyof typeof pools,
    readonly n: number,
  ) {}
  resolve(): string {
    const p = pools[this.pool]
    return p.length ? p[this.n % p.length] : 'none'
  }
  toString() {
    return `Known(${this.pool},${this.n})`
  }
}
const knownFor = (name: string) =>
  fc.nat().map((n) => new Known(/codiceFiscale/i.test(name) ? 'cfs' : /office/i.test(name) ? 'offices' : 'ids', n))

/** Strings the pattern accepts; fast-check cannot generate from every regex (lookarounds), then any string. */
function matching(pattern: string): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern))
  } catch {
    return fc.string()
  }
}
const isoDate = fc.date({ min: new Date('1900-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
function stringFor(s: Schema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0
  const max = Math.min(s.maxLength ?? 60, 300)
  const options: fc.Arbitrary<string>[] = []
  if (Array.isArray(s.examples) && s.examples.length) options.push(fc.constantFrom(...(s.examples as string[])))
  if (s.format === 'date-time')
    options.push(
      fc
        .date({ min: new Date('2019-01-01'), max: new Date('2021-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    )
  else if (s.format === 'date') options.push(isoDate.map((d) => d.toISOString().slice(0, 10)))
  else if (s.format === 'email') options.push(fc.emailAddress())
  else if (s.format === 'uuid') options.push(fc.uuid())
  else if (s.pattern) options.push(matching(s.pattern).filter((v) => v.length >= min && v.length <= max))
  else
    options.push(
      fc.string({ minLength: min, maxLength: max }),
      fc.string({ unit: 'grapheme', minLength: min, maxLength: max }),
    )
  return fc.oneof(...options)
}

/** Mostly what the schema wants, with a hostile leaf now and then, so both validation and handlers get hit. */
function fromSchema(raw: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
  const s = deref(raw)
  const sometimes = (valid: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 10, arbitrary: valid }, { weight: 1, arbitrary: hostileValue })
  if (s.anyOf || s.oneOf) return fc.oneof(...((s.anyOf ?? s.oneOf) as Schema[]).map((b) => fromSchema(b, name, depth)))
  if (s.enum) return sometimes(fc.constantFrom(...(s.enum as unknown[])))
  if (s.const !== undefined) return sometimes(fc.constant(s.const))
  if (/codiceFiscale|officeCode|^id$/i.test(name) && s.type === 'string')
    return sometimes(fc.oneof(stringFor(s), knownFor(name)))
  switch (s.type) {
    case 'string':
      return sometimes(stringFor(s))
    case 'integer':
      return sometimes(fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000 }))
    case 'number':
      return sometimes(fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000, noNaN: true }))
    case 'boolean':
      return sometimes(fc.boolean())
    case 'null':
      return sometimes(fc.constant(null))
    case 'array':
      if (depth > 4) return fc.constant([])
      return sometimes(
        fc.array(fromSchema(s.items ?? {}, name, depth + 1), {
          minLength: s.minItems ?? 0,
          maxLength: Math.min(s.maxItems ?? 4, 12),
        }),
      )
    case 'object': {
      if (depth > 4) return fc.constant({})
      const required = new Set<string>(s.required ?? [])
      const fields = Object.entries((s.properties ?? {}) as Record<string, Schema>).map(([key, sub]) =>
        fc.oneof(
          {
            weight: required.has(key) ? 14 : 5,
            arbitrary: fromSchema(sub, key, depth + 1).map((v) => [key, v] as const),
          },
          { weight: required.has(key) ? 1 : 5, arbitrary: fc.constant(null) },
        ),
      )
      const additional =
        typeof s.additionalProperties === 'object' ? fromSchema(s.additionalProperties, '', depth + 1) : hostileValue
      const extra = fc.oneof(
        { weight: 8, arbitrary: fc.constant([]) },
        {
          weight: 1,
          arbitrary: fc.array(
            fc.tuple(fc.oneof(anyText(12), fc.constantFrom('__proto__', 'constructor', 'toString', '')), additional),
            { maxLength: 3 },
          ),
        },
      )
      return fc.oneof(
        {
          weight: 12,
          arbitrary: fc
            .tuple(fc.tuple(...fields), extra)
            .map(([f, x]) => Object.fromEntries([...f.filter((e) => e !== null), ...x])),
        },
        { weight: 1, arbitrary: hostileValue },
      )
    }
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

const resolveKnown = (v: unknown): unknown =>
  v instanceof Known
    ? v.resolve()
    : Array.isArray(v)
      ? v.map(resolveKnown)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveKnown(x)]))
        : v

/**
 * A form field is text: an object or array goes as its JSON. String() would throw on a generated object
 * whose own `toString` or `valueOf` is not a function (FUZZ_SEED=773232968 once did).
 */
const formText = (v: unknown): string => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v))

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/problem+json',
  'application/octet-stream',
  'application/vnd.api+json',
  '*/*',
  'json',
  ';;;',
  'application/json;;',
  '',
]
const INVALID_JSON = [
  '{',
  '{"a":1',
  "{'a':1}",
  '{"a":1,}',
  '[1,]',
  'undefined',
  'NaN',
  'nul',
  '',
  ' ',
  '\ufeff{}',
  '{"a":1}{"b":2}',
  '{"a":"\\x"}',
  '"\\ud800"',
  '1'.repeat(400),
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '[]',
  '0',
  '"text"',
  'null',
  'true',
]
const HUGE_JSON = JSON.stringify({ padding: 'x'.repeat(1_100_000) })

interface BodyCase {
  contentType?: string
  payload?: string | Buffer
}
/** Counterexamples print a preview, not megabytes of payload. */
const bodyCase = (contentType?: string, payload?: string | Buffer): BodyCase =>
  Object.assign(
    { contentType, payload },
    {
      [fc.toStringMethod]: () =>
        `{ contentType: ${JSON.stringify(contentType)}, payload: ${payload === undefined ? 'none' : JSON.stringify(payload.toString('latin1' as never).slice(0, 300))}${(payload?.length ?? 0) > 300 ? `... (${payload!.length} bytes)` : ''} }`,
    },
  )
const asJson = (v: unknown, contentType = 'application/json'): BodyCase =>
  bodyCase(contentType, JSON.stringify(resolveKnown(v)) ?? 'null')

/** A multipart form whose parts follow the schema (files and text fields) or not, with real and fake file signatures. */
interface Part {
  name: string
  filename?: string
  type?: string
  content: string
}
function multipartBody(schema: Schema): fc.Arbitrary<BodyCase> {
  const names = Object.keys(schema.properties ?? {})
  const MAGIC = [
    '%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n',
    '\x89PNG\r\n\x1a\n\0\0\0\rIHDR',
    '\xff\xd8\xff\xe0\0\x10JFIF\0',
    'GIF89a',
    'PK\x03\x04',
    'hello',
    '',
  ]
  const part: fc.Arbitrary<Part> = fc.record({
    name: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...names, 'module') },
      { weight: 1, arbitrary: anyText(20) },
    ),
    filename: fc.option(fc.oneof(fc.constantFrom('a.pdf', 'scan.png', '../../x', ''), oddString), { nil: undefined }),
    type: fc.option(fc.constantFrom('application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'x/y'), {
      nil: undefined,
    }),
    content: fc.tuple(fc.constantFrom(...MAGIC), fc.string({ unit: 'binary', maxLength: 200 })).map(([m, r]) => m + r),
  })
  const validParts: fc.Arbitrary<Part[]> = fc.tuple(
    ...names.map((name) => {
      const s = deref(schema.properties[name])
      return s.format === 'binary'
        ? fc
            .tuple(
              fc.constantFrom(MAGIC[0], MAGIC[1], MAGIC[2]),
              fc.oneof({ weight: 3, arbitrary: fc.constant(`${name}.pdf`) }, { weight: 1, arbitrary: oddString }),
            )
            .map(([content, filename]) => ({ name, filename, type: 'application/octet-stream', content }))
        : fromSchema(s, name).map((v) => ({
            name,
            filename: undefined,
            type: undefined,
            content: formText(resolveKnown(v)),
          }))
    }),
  )
  // Just over the 5 MB per-file limit.
  const tooLargeFile: fc.Arbitrary<Part[]> = fc.constant([
    {
      name: names.find((n) => n !== 'codiceFiscale') ?? 'module',
      filename: 'big.pdf',
      type: 'application/pdf',
      content: '%PDF-' + 'x'.repeat(5 * 1024 * 1024 + 10),
    },
  ])
  return fc
    .record({
      parts: fc.oneof(
        { weight: 2, arbitrary: validParts },
        { weight: 2, arbitrary: fc.array(part, { maxLength: 6 }) },
        { weight: 1, arbitrary: tooLargeFile },
      ),
      boundary: fc.oneof(fc.constant('----fuzzBoundary7MA4YWxk'), fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/)),
      declared: fc.constantFrom('same', 'other', 'missing', 'quoted'),
      truncate: fc.boolean(),
    })
    .map(({ parts, boundary, declared, truncate }) => {
      // Headers as UTF-8 (names and file names may be any text), contents as raw bytes.
      let bytes = Buffer.concat([
        ...parts.flatMap((p) => [
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}\r\n` +
              `${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
            'utf8',
          ),
          Buffer.from(`${p.content}\r\n`, 'latin1'),
        ]),
        Buffer.from(`--${boundary}--\r\n`),
      ])
      if (truncate) bytes = bytes.subarray(0, Math.floor(bytes.length / 2))
      const header = {
        same: `multipart/form-data; boundary=${boundary}`,
        other: 'multipart/form-data; boundary=nope',
        missing: 'multipart/form-data',
        quoted: `multipart/form-data; boundary="${boundary}"`,
      }[declared]
      return bodyCase(header, bytes)
    })
}

function bodyArb(route: Route): fc.Arbitrary<BodyCase> {
  const jsonish = route.body && route.body.mediaType.includes('json') ? fromSchema(route.body.schema) : hostileValue
  const example = route.body?.example !== undefined ? fc.constant(route.body.example) : jsonish
  const junk: fc.Arbitrary<BodyCase>[] = [
    fc.tuple(jsonish, fc.oneof(fc.constantFrom(...CONTENT_TYPES), anyText(30))).map(([v, ct]) => asJson(v, ct)),
    fc.oneof(fc.constantFrom(...INVALID_JSON), anyText(60)).map((payload) => bodyCase('application/json', payload)),
    fc.integer({ min: 100, max: 20_000 }).map((n) => bodyCase('application/json', '['.repeat(n) + ']'.repeat(n))),
    fc.constant(bodyCase('application/json', HUGE_JSON)),
    fc.constant(bodyCase('application/json')),
  ]
  if (!route.body)
    return fc.oneof(
      { weight: 10, arbitrary: fc.constant(bodyCase()) },
      ...junk.map((arbitrary) => ({ weight: 1, arbitrary })),
    )
  const main = route.body.mediaType.startsWith('multipart/')
    ? multipartBody(route.body.schema)
    : fc.oneof({ weight: 1, arbitrary: example }, { weight: 5, arbitrary: jsonish }).map((v) => asJson(v))
  return fc.oneof(
    { weight: 12, arbitrary: main },
    { weight: 2, arbitrary: junk[0] },
    { weight: 2, arbitrary: junk[1] },
    { weight: 1, arbitrary: junk[2] },
    { weight: 1, arbitrary: fc.constant(bodyCase()) },
    ...junk.slice(3).map((arbitrary) => ({ weight: 1, arbitrary })),
  )
}

// Header values as HTTP can carry them: latin1 without control characters (UTF-8 text arrives as its bytes).
const headerText = (maxLength = 60) =>
  fc.oneof(anyText(maxLength), fc.constantFrom(...ODD_STRINGS.filter((s) => s.length < 400))).map((s) =>
    Buffer.from(s, 'utf8')
      .toString('latin1')
      // eslint-disable-next-line no-control-regex -- these are exactly the characters to drop
      .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ''),
  )

type AuthCase =
  | { kind: 'right' | 'wrong' | 'tampered'; n: number }
  | { kind: 'none' | 'foreign' | 'admin' }
  | { kind: 'raw'; value: string }
function authArb(route: Route): fc.Arbitrary<AuthCase> {
  const raw = fc
    .oneof(
      headerText(),
      headerText().map((s) => `Bearer ${s}`),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'Basic dXNlcjpwYXNz',
        'bearer a.b.c',
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImJhY2tvZmZpY2UifQ.',
        `Bearer ${ADMIN_TOKEN}`,
        ADMIN_TOKEN,
        `${ADMIN_TOKEN} `,
        ADMIN_TOKEN.toUpperCase(),
      ),
    )
    .map((value) => ({ kind: 'raw' as const, value }))
  const some = (kind: 'right' | 'wrong' | 'tampered') => fc.nat().map((n) => ({ kind, n }))
  if (route.security === 'emulator')
    return fc.oneof(
      { weight: 10, arbitrary: fc.constant({ kind: 'admin' as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
      { weight: 2, arbitrary: raw },
    )
  if (route.security === 'public')
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant({ kind: 'none' as const }) },
      { weight: 1, arbitrary: raw },
      { weight: 1, arbitrary: some('wrong') },
    )
  return fc.oneof(
    { weight: 12, arbitrary: some('right') },
    { weight: 2, arbitrary: some('wrong') },
    { weight: 1, arbitrary: some('tampered') },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'foreign' as const }) },
    { weight: 2, arbitrary: raw },
  )
}

function authHeaders(route: Route, a: AuthCase): Record<string, string> {
  const all = (roles: readonly Role[]) => roles.flatMap((r) => tokens.get(r) ?? [])
  const right = all(route.rightRoles.length ? route.rightRoles : ROLES)
  const wrong = all(ROLES.filter((r) => !route.rightRoles.includes(r)))
  switch (a.kind) {
    case 'admin':
      return { 'x-emulator-token': ADMIN_TOKEN }
    case 'none':
      return {}
    case 'raw':
      return route.security === 'emulator'
        ? { 'x-emulator-token': a.value, authorization: a.value }
        : { authorization: a.value }
    case 'foreign':
      return bearer(foreignToken)
    case 'right':
      return bearer(right[a.n % right.length])
    case 'wrong':
      return bearer((wrong.length ? wrong : right)[a.n % (wrong.length || right.length)])
    case 'tampered': {
      // a real signature over claims we changed: the role becomes backoffice
      const [h, , sig] = right[a.n % right.length].split('.')
      const claims = Buffer.from(
        JSON.stringify({
          sub: 'BO0001',
          role: 'backoffice',
          authLevel: 'pin_dispositivo',
          iss: 'urn:inps-emulator',
          aud: 'urn:inps-emulator:api',
          exp: 4e9,
        }),
      ).toString('base64url')
      return bearer(`${h}.${claims}.${sig}`)
    }
  }
}

const encodePath = (v: string) =>
  [...Buffer.from(v, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0').toUpperCase()}`,
    )
    .join('')
const RAW_PATH = [
  '%',
  '%zz',
  '%00',
  '%2e%2e',
  '%2F',
  '..',
  '.',
  ';a=b',
  'a;b',
  '%E0%A4%A',
  '%C0%AF',
  '%ff',
  '%u0041',
  'a%20b',
  '%25',
  '%2500',
]
/** What the unknown-route property sends auth for: a public route nobody declared. */
const NO_ROUTE: Route = { key: 'ANY', method: 'GET', path: '/', security: 'public', params: [], rightRoles: [] }
const paramValue = (p: Param) =>
  fc.oneof(
    { weight: 5, arbitrary: fromSchema(p.schema, p.name) },
    { weight: 2, arbitrary: knownFor(p.name) },
    { weight: 3, arbitrary: oddString },
  )
const asText = (v: unknown) =>
  typeof v === 'string' ? v : v instanceof Known ? v.resolve() : (JSON.stringify(resolveKnown(v)) ?? '')

function caseArb(route: Route) {
  const inPath = route.params.filter((p) => p.in === 'path')
  const inQuery = route.params.filter((p) => p.in === 'query')
  return fc.record({
    auth: authArb(route),
    path: fc.tuple(
      ...inPath.map((p) =>
        fc.oneof(
          { weight: 8, arbitrary: paramValue(p).map((v) => encodePath(asText(v))) },
          { weight: 1, arbitrary: fc.constantFrom(...RAW_PATH) },
        ),
      ),
    ),
    query: fc.tuple(
      fc.tuple(
        ...inQuery.map((p) =>
          fc.option(
            paramValue(p).map((v) => [p.name, asText(v)] as const),
            { nil: undefined, freq: 3 },
          ),
        ),
      ),
      fc.array(
        fc.tuple(
          fc.oneof(anyText(10), fc.constantFrom('__proto__', 'constructor', 'a[b]', 'limit', 'cursor', '')),
          anyText(20),
        ),
        { maxLength: 3 },
      ),
      fc.constantFrom('encoded', 'raw', 'repeated'),
    ),
    body: bodyArb(route),
    headers: fc.record(
      {
        'idempotency-key': fc.oneof(
          fc.constantFrom('k1', 'k2', 'retry-1', 'a'.repeat(128), 'a'.repeat(129)),
          headerText(200),
        ),
        'x-request-id': headerText(80),
        accept: fc.constantFrom('application/xml', 'text/html', '*/*', 'application/json;q=0', ''),
        'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1', 'garbage', '1.2.3.4, 5.6.7.8', ''),
        'accept-language': headerText(30),
      },
      { requiredKeys: [] },
    ),
  })
}
type Case = ReturnType<typeof caseArb> extends fc.Arbitrary<infer C> ? C : never

function toRequest(route: Route, c: Case): InjectOptions {
  let i = 0
  const path = route.path.replace(/\{[^}]+\}/g, () => c.path[i++] as string)
  const [declared, extra, style] = c.query
  const pairs = [...declared.filter((x): x is readonly [string, string] => x !== undefined), ...extra]
  if (style === 'repeated') pairs.push(...pairs)
  const query = pairs
    .map(([k, v]) =>
      style === 'raw' ? `${k.replace(/[#\s]/g, '')}=${v.replace(/[#\s]/g, '')}` : `${encodePath(k)}=${encodePath(v)}`,
    )
    .join('&')
  const headers: Record<string, string> = { ...c.headers, ...authHeaders(route, c.auth) }
  if (c.body.contentType !== undefined) headers['content-type'] = c.body.contentType
  return {
    method: route.method as InjectOptions['method'],
    url: query ? `${path}?${query}` : path,
    headers,
    ...(c.body.payload === undefined ? {} : { payload: c.body.payload }),
  }
}

// ---------- the verdict ----------
function verdict(request: InjectOptions, res: LightMyRequestResponse) {
  stats.cases += 1
  stats.byStatus.set(res.statusCode, (stats.byStatus.get(res.statusCode) ?? 0) + 1)
  const what = () =>
    `${request.method} ${String(request.url).slice(0, 300)} -> ${res.statusCode} ${res.headers['content-type']} ${res.body.slice(0, 600)}`
  const status = res.statusCode
  if (status >= 200 && status < 300) return
  // Shedding load is not a bug (an injected overload fault lives until restoreAfter removes it).
  const shed = status === 503 && res.headers['retry-after'] !== undefined && res.json().code === 'OVERLOADED'
  if ((status < 400 || status >= 500) && !shed) throw new Error(`not 2xx/4xx: ${what()}`)
  if (!/^application\/problem\+json/.test(String(res.headers['content-type'])))
    throw new Error(`4xx without problem+json: ${what()}`)
  let problem: Record<string, unknown>
  try {
    problem = res.json()
  } catch {
    throw new Error(`problem body is not JSON: ${what()}`)
  }
  if (
    typeof problem.code !== 'string' ||
    !problem.code ||
    problem.status !== status ||
    typeof problem.title !== 'string' ||
    !problem.title
  ) {
    throw new Error(`malformed problem: ${what()}`)
  }
}

/** Undo what a successful control call did, so one case does not turn the rest of the run into 503s or 401s. */
let officeSnapshot: Array<{ officeCode: string; name: string; open: boolean }> = []
async function restoreAfter(route: Route, res: LightMyRequestResponse) {
  if (res.statusCode >= 300) return
  if (route.key === 'PUT /emulator/faults') await ctx.emulator('DELETE', '/emulator/faults')
  if (['PUT /emulator/clock', 'POST /emulator/clock/advance', 'POST /emulator/reset'].includes(route.key))
    await freeze(phaseNow)
  if (route.key === 'PUT /emulator/offices/{officeCode}') {
    const before = officeSnapshot.find((o) => o.officeCode === res.json().officeCode)
    if (before)
      await ctx.emulator('PUT', `/emulator/offices/${before.officeCode}`, { open: before.open, name: before.name })
  }
}

function harvest(res: LightMyRequestResponse) {
  if (res.statusCode >= 300 || !String(res.headers['content-type']).includes('json')) return
  const walk = (v: unknown, depth: number): void => {
    if (!v || typeof v !== 'object' || depth > 3) return
    if (Array.isArray(v)) return v.slice(0, 5).forEach((x) => walk(x, depth + 1))
    const o = v as Record<string, unknown>
    remember(pools.ids, o.id)
    remember(pools.cfs, o.codiceFiscale)
    Object.values(o).forEach((x) => walk(x, depth + 1))
  }
  walk(res.json(), 0)
}

async function runCase(route: Route, c: Case) {
  const request = toRequest(route, c)
  const res = await app.inject(request)
  verdict(request, res)
  await restoreAfter(route, res)
  harvest(res)
}

// ---------- the run ----------
const started = Date.now()
await preparePhase(PHASES[0].now)
officeSnapshot = (await ctx.emulator('GET', '/emulator/offices')).json().items

t.test('every route is known with its allowed roles', async (t) => {
  t.ok(routes.length >= 40, `${routes.length} routes from app.swagger()`)
  for (const route of routes.filter((r) => r.security === 'bearer')) {
    const url = route.path.replace(/\{[^}]+\}/g, 'probe')
    for (const role of ROLES) {
      const res = await app.inject({
        method: route.method as InjectOptions['method'],
        url,
        headers: bearer(tokens.get(role)![0]),
      })
      if (!['ROLE_NOT_ALLOWED', 'INTERMEDIARY_NOT_ALLOWED'].includes(res.json().code)) route.rightRoles.push(role)
    }
    t.ok(route.rightRoles.length > 0, `${route.key}: ${route.rightRoles.join(', ')}`)
  }
})

t.test('counterexamples found by earlier runs stay fixed', async (t) => {
  const citizen = await newPerson(ctx.emulator)
  const { accessToken } = await activateTestPin(app, citizen)
  const boundary = 'regressionBoundary'
  const pdf = '%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n'
  const file = (name: string, filename: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n${pdf}\r\n`
  const cases: InjectOptions[] = [
    // A path parameter over Fastify's maxParamLength: was a plain-JSON 414.
    { method: 'GET', url: `/api/v1/pin-requests/${'x'.repeat(150)}` },
    // Ajv coerced these to Infinity and skipped maximum: was a 500 from SQL.
    {
      method: 'GET',
      url: '/api/v1/backoffice/pin-dispositivo-requests?limit=1e309',
      headers: bearer(tokens.get('backoffice')![0]),
    },
    { method: 'GET', url: '/emulator/persons?limit=Infinity', headers: { 'x-emulator-token': ADMIN_TOKEN } },
    // Below the range of the real column: was a 500.
    {
      method: 'PUT',
      url: '/emulator/faults',
      headers: { 'x-emulator-token': ADMIN_TOKEN },
      payload: { routePattern: '/x', errorRate: 4.4e-323 },
    },
    // U+0000 cannot be stored by Postgres: were 500s.
    {
      method: 'POST',
      url: '/emulator/operators',
      headers: { 'x-emulator-token': ADMIN_TOKEN },
      payload: { role: 'backoffice', organisation: 'a\u0000b' },
    },
    {
      method: 'POST',
      url: '/api/v1/pin-dispositivo-requests',
      headers: { ...bearer(accessToken), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.from(
        file('module', 'a\u0000b.pdf') + file('identityDocument', 'id.pdf') + `--${boundary}--\r\n`,
        'latin1',
      ),
    },
  ]
  for (const request of cases) {
    const res = await app.inject(request)
    t.doesNotThrow(
      () => verdict(request, res),
      `${request.method} ${String(request.url).slice(0, 60)}: ${res.statusCode}`,
    )
  }
  await ctx.emulator('DELETE', '/emulator/faults')
})

for (const [phaseIndex, phase] of PHASES.entries()) {
  t.test(`hostile input in ${phase.name} (${phase.now})`, async (t) => {
    if (phaseIndex > 0) await preparePhase(phase.now)
    for (const [routeIndex, route] of routes.entries()) {
      // One subtest per route, so a failure names its route and the others still run.
      await t.test(route.key, async (t) => {
        const numRuns = runsFor(route.key)
        const before = stats.cases
        const routeStarted = Date.now()
        try {
          await fc.assert(
            fc.asyncProperty(caseArb(route), (c) => runCase(route, c)),
            {
              seed: SEED + phaseIndex * 100_003 + routeIndex * 7919,
              numRuns,
              endOnFailure: process.env.FUZZ_SHRINK !== '1',
            },
          )
        } finally {
          await ctx.emulator('DELETE', '/emulator/faults')
          await freeze(phaseNow)
        }
        t.pass(`${stats.cases - before} cases in ${Date.now() - routeStarted} ms`)
      })
    }
  })

  t.test(`unknown routes and methods in ${phase.name}`, async (t) => {
    const before = stats.cases
    const firstSegments = routes.map((r) => r.path.split('/')[1])
    const segment = fc.oneof(
      fc.constantFrom(
        ...firstSegments,
        'api',
        'v1',
        'v2',
        'applications',
        'emulator',
        '..',
        '%2e%2e',
        'docs',
        'openapi.json',
      ),
      oddString.map(encodePath),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        fc.array(segment, { minLength: 1, maxLength: 6 }),
        bodyArb(NO_ROUTE),
        authArb(NO_ROUTE),
        async (method, segments, body, auth) => {
          const request: InjectOptions = {
            method: method as InjectOptions['method'],
            url: `/${segments.join('/')}`,
            headers: {
              ...authHeaders(NO_ROUTE, auth),
              ...(body.contentType ? { 'content-type': body.contentType } : {}),
            },
            ...(body.payload ? { payload: body.payload } : {}),
          }
          // Anything that happens to hit a real route is judged the same way.
          const res = await app.inject(request)
          verdict(request, res)
        },
      ),
      {
        seed: SEED + phaseIndex * 100_003 + 1,
        numRuns: Math.round(SCALE * RUNS.unknownRoutes),
        endOnFailure: process.env.FUZZ_SHRINK !== '1',
      },
    )
    t.pass(`${stats.cases - before} cases`)
  })
}

t.test(`at least ${MIN_CASES} generated cases`, async (t) => {
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const statuses = [...stats.byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}:${n}`)
    .join(' ')
  t.comment(`${stats.cases} cases in ${seconds} s (seed ${SEED}); statuses ${statuses}`)
  process.stderr.write(`# bad-input fuzz: ${stats.cases} cases in ${seconds} s, seed ${SEED}; ${statuses}\n`)
  t.ok(stats.cases >= MIN_CASES, `${stats.cases} cases`)
})
