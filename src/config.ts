import { isIP } from 'node:net'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

/** What a variable's documentation says beside its schema: docs/configuration.md is generated from it. */
interface Doc {
  description: string
  /** The value used when the variable is unset; parsing reads it from here. */
  default?: string
  /** How the default reads in the documentation when it is not a plain value. */
  defaultText?: string
}

const integer = (pattern: string, doc: Doc) => Type.Optional(Type.String({ pattern, kind: 'integer', ...doc }))
const text = (options: { pattern?: string; minLength?: number; kind?: string }, doc: Doc) =>
  Type.Optional(Type.String({ kind: 'string', ...options, ...doc }))
const flag = (doc: Doc) => Type.Optional(Type.Enum(['true', 'false'], { kind: 'boolean', ...doc }))
const TIME_OF_DAY = '^([01][0-9]|2[0-3]):[0-5][0-9]$'
const ISO_DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
const date = (doc: Doc) => text({ pattern: ISO_DATE, kind: 'date' }, doc)

/**
 * The environment, as read: every variable optional, strings only. Each is declared once, with its
 * pattern, default and meaning; loadConfig applies the defaults from here and `npm run docs` writes the
 * table of docs/configuration.md from here.
 */
export const Environment = Type.Object({
  PORT: integer('^[0-9]{1,5}$', { default: '3000', description: 'HTTP port (1–65535)' }),
  HOST: text(
    { minLength: 1 },
    { default: '127.0.0.1', description: 'interface to listen on; `0.0.0.0` in a container (the Dockerfile sets it)' },
  ),
  DATABASE_URL: text(
    { pattern: '^postgres(ql)?://', kind: 'URL' },
    {
      defaultText: 'unset',
      description: '`postgres://` or `postgresql://` URL of a real Postgres; unset means embedded PGlite',
    },
  ),
  DATA_DIR: text(
    { minLength: 1 },
    {
      default: './data',
      description:
        "PGlite's folder (the database lives in `DATA_DIR/pglite`); `memory://` keeps it in memory, gone at exit. Ignored with `DATABASE_URL`",
    },
  ),
  DB_POOL_MAX: integer('^[1-9][0-9]{0,2}$', {
    default: '10',
    description: 'Postgres connections per instance (1–999)',
  }),
  DB_STATEMENT_TIMEOUT_MS: integer('^[0-9]{1,7}$', {
    default: '5000',
    description: 'Postgres `statement_timeout` in milliseconds; `0` disables it',
  }),
  SUBMISSION_BATCHES_IN_FLIGHT: integer('^[1-9][0-9]{0,2}$', {
    default: '1',
    description:
      'application submissions are group-committed: concurrent ones share one statement and one commit. How many such statements one instance runs at once on Postgres (smaller than `DB_POOL_MAX`); PGlite runs one',
  }),
  EMULATOR_ENABLED: flag({
    default: 'true',
    description: '`false` removes the whole `/emulator` control API (and the published fixture PINs with it)',
  }),
  EMULATOR_ADMIN_TOKEN: text(
    { minLength: 16 },
    {
      defaultText: 'unset',
      description:
        'the `X-Emulator-Token` for `/emulator` (at least 16 characters). Unset: one is generated at start and printed once. With several instances, set it explicitly',
    },
  ),
  LOG_LEVEL: Type.Optional(
    Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      kind: 'one of',
      default: 'info',
      description: 'log level; JSON lines on stdout',
    }),
  ),
  POSTAL_DELAY_HOURS: integer('^[0-9]{1,4}$', {
    default: '120',
    description: 'emulated hours before the letter with the second PIN half is delivered (5 days)',
  }),
  ACCESS_WINDOWS_ENABLED: flag({
    default: 'true',
    description: '`false` switches off the split day of docs/rules.md §7 (patronati 08–16, citizens 16–08)',
  }),
  ACCESS_WINDOWS_FROM: date({
    default: '2020-04-02',
    description: 'Rome-local date from which the access windows apply',
  }),
  INTERMEDIARY_WINDOW_START: text(
    { pattern: TIME_OF_DAY, kind: 'HH:MM' },
    { default: '08:00', description: 'start of the patronati/intermediaries window, Europe/Rome' },
  ),
  INTERMEDIARY_WINDOW_END: text(
    { pattern: TIME_OF_DAY, kind: 'HH:MM' },
    {
      default: '16:00',
      description: 'its end, exclusive; must be later than the start. Citizens get the rest of the day',
    },
  ),
  PIN_SEMPLIFICATO_FROM: date({
    default: '2020-03-26',
    description:
      'first Rome-local day of the PIN semplificato (messaggio INPS 1381 of 26 March 2020): before it the first half alone gives no session',
  }),
  PIN_ISSUANCE_END: date({
    default: '2020-09-30',
    description:
      'last Rome-local day on which INPS issued new PINs to everyone (circolare INPS 87 of 17 July 2020): from the next day only minors, people without an Italian identity document and people under tutela, curatela or amministrazione di sostegno get one, for their own services',
  }),
  EMERGENCY_END: date({
    default: '2020-07-31',
    description:
      'last Rome-local day of the emergency, and with it of the PIN semplificato (the first half alone): from the next day it gives no session',
  }),
  APPLICATIONS_OPEN_ON: date({
    default: '2020-04-01',
    description:
      'Rome-local day the DL 18 application procedures opened (docs/rules.md §11); earlier submissions get 403 `APPLICATION_PERIOD_NOT_OPEN`',
  }),
  MARCH_INDEMNITIES_LAST_DAY: date({
    default: '2020-06-03',
    description:
      'last Rome-local day to apply for the five March indemnities (DL 34 art. 84 c. 14); later: 403 `APPLICATION_PERIOD_CLOSED`',
  }),
  MARCH_INDEMNITIES_LAST_DAY_EXTENDED: date({
    default: '2020-06-08',
    description: 'the same for holders of an assegno ordinario di invalidità and citizenship-income recipients',
  }),
  DL34_MAGGIO_PROFESSIONISTI_LAST_DAY: date({
    default: '2020-08-30',
    description:
      'last Rome-local day to apply for the May indemnity of DL 34 (art. 84 c. 2, 3 and 6): DL 104/2020 art. 9 c. 8 ended the DL 34 applications fifteen days after 15 August 2020 (INPS comunicato of 26 August 2020)',
  }),
  DL34_NUOVE_CATEGORIE_LAST_DAY: date({
    default: '2020-08-30',
    description:
      'last Rome-local day to apply for the indemnity of the new categories (DL 34 art. 84 c. 8): DL 104/2020 art. 9 c. 8 ended the DL 34 applications fifteen days after 15 August 2020 (INPS comunicato of 26 August 2020)',
  }),
  DL34_SPETTACOLO_LAST_DAY: date({
    default: '2020-08-30',
    description:
      'last Rome-local day to apply for the entertainment indemnity of DL 34 (art. 84 c. 10): DL 104/2020 art. 9 c. 8 ended the DL 34 applications fifteen days after 15 August 2020 (INPS comunicato of 26 August 2020)',
  }),
  BABY_SITTING_LAST_DAY: date({
    default: '2020-08-31',
    description:
      'last Rome-local day to apply for the baby-sitting bonus (DL 18 art. 23 as amended by L. 77/2020; INPS news of 5 August 2020: 31 July before); later: 403 `APPLICATION_PERIOD_CLOSED`',
  }),
  ACCESS_TOKEN_TTL_SECONDS: integer('^[1-9][0-9]{1,5}$', {
    default: '900',
    description:
      'lifetime of access tokens (10–999999 seconds), counted both on the emulated clock and in real time: a frozen or slow clock does not keep a token alive',
  }),
  SEED_FIXTURES: flag({
    default: 'true',
    description: 'load the default fixtures on first start and on `POST /emulator/reset`; `false` starts empty',
  }),
  JOBS_INTERVAL_MS: integer('^[0-9]{1,7}$', {
    default: '1000',
    description:
      "how often (real milliseconds) each instance's background worker evaluates pending applications; `0` turns it off (then `POST /emulator/jobs/run` does it on demand)",
  }),
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: integer('^[0-9]{1,6}$', {
    default: '1000',
    description:
      'above this event-loop delay the instance answers 503 `OVERLOADED` with `Retry-After` instead of queueing (never on `/docs`, `/openapi.json`, `/health` and `/emulator`); `0` = off',
  }),
  OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: text(
    { pattern: '^(0(\\.[0-9]+)?|1(\\.0+)?)$', kind: 'number' },
    { default: '0.98', description: 'the same for event-loop utilisation (0–1); `0` = off' },
  ),
  OVERLOAD_SUSTAINED_MS: integer('^[0-9]{1,6}$', {
    default: '2000',
    description:
      'shed only when the pressure has lasted this long (real milliseconds, sampled every 200 ms): one stall of the event loop, or a machine busy for a moment with another program, sheds nothing; `0` = shed at the first sample over a threshold',
  }),
  OVERLOAD_MIN_IN_FLIGHT: integer('^[0-9]{1,5}$', {
    default: '8',
    description:
      'shed only while at least this many requests are in flight on the instance: a lone client at a modest rate is never answered 503, since turning it away relieves nothing; `0` = whatever the number',
  }),
  TRUST_PROXY: text(
    { pattern: '^[0-9A-Fa-f.:/, ]+$|^true$|^false$' },
    {
      default: 'false',
      description:
        'which proxies may name the client in `X-Forwarded-For` (rate limits are per client IP): `false` none; `true` = `1`, one hop (the proxy in front of the API, e.g. `deploy/nginx.conf`, which overwrites the header); a number of hops (0–10); or a comma-separated list of proxy addresses/CIDRs (`10.0.0.2,172.16.0.0/12`), safer when the API port is also reachable directly. Never "trust all": each request could pick a new IP',
    },
  ),
  RATE_LIMIT_PER_IP: integer('^[0-9]{1,7}$', {
    default: '600',
    description:
      'requests per minute per client IP on login, PIN request and recovery (each its own counter, shared by all instances through the database); `0` = no limit',
  }),
  RATE_LIMIT_PER_SUBJECT: integer('^[0-9]{1,7}$', {
    default: '30',
    description:
      'the same per codice fiscale (or operator id); `0` = no limit. Over either: 429 `RATE_LIMITED` with `Retry-After`',
  }),
  HTTP_REQUEST_TIMEOUT_MS: integer('^[1-9][0-9]{0,6}$', {
    default: '30000',
    description:
      'real milliseconds a request has to arrive whole (headers and body); slower ones get 408 and the connection is closed',
  }),
  HTTP_HEADERS_TIMEOUT_MS: integer('^[1-9][0-9]{0,6}$', {
    defaultText: '10000, or `HTTP_REQUEST_TIMEOUT_MS` when lower',
    description: 'the same for the headers alone; at most `HTTP_REQUEST_TIMEOUT_MS`',
  }),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: integer('^[1-9][0-9]{0,6}$', {
    default: '72000',
    description:
      "how long an idle kept-alive connection stays open; keep it above the balancer's own idle timeout (nginx: 60 s)",
  }),
  FAULTS_CACHE_MS: integer('^[0-9]{1,6}$', {
    default: '1000',
    description:
      'how long (real milliseconds) an instance keeps the faults of `/emulator/faults` before reading them again from the database: a fault set through another instance applies here within this time; `0` reads them on every request',
  }),
  REQUEST_JOURNAL_ENABLED: flag({
    default: 'true',
    description:
      'record every request to `/api` and `/emulator` in the journal of `GET /emulator/requests` (no bodies, tokens, PINs, IBANs or query strings); written in batches off the request path',
  }),
  REQUEST_JOURNAL_MAX_ROWS: integer('^[1-9][0-9]{0,7}$', {
    default: '100000',
    description:
      'the journal lists this many most recent requests (1–99999999); older ones are deleted a tenth of this at a time, so the table holds up to 10 % more',
  }),
  REQUEST_JOURNAL_FLUSH_MS: integer('^[1-9][0-9]{0,4}$', {
    default: '250',
    description:
      'real milliseconds between two journal writes of one instance (each one statement for the requests queued meanwhile, at most 500)',
  }),
  RESTORE_WAIT_MS: integer('^[0-9]{1,6}$', {
    default: '10000',
    description:
      'how long (real milliseconds) a request arriving during a snapshot restore waits for it before 503 `RESTORE_IN_PROGRESS` with `Retry-After`',
  }),
  ARGON2_MEMORY_KIB: integer('^([89]|[1-9][0-9]{1,6})$', {
    default: '19456',
    description:
      "memory cost of each argon2id hash of a PIN, in KiB (OWASP's baseline: 19 MiB). Existing hashes keep the cost they were made with. Lower it only for tests (at least 8)",
  }),
  ARGON2_TIME_COST: integer('^[1-9][0-9]?$', {
    default: '2',
    description: 'argon2id passes over that memory (1–99). Lower it only for tests',
  }),
})
export type Environment = Static<typeof Environment>
type Variable = keyof Environment

/** The declared defaults, by variable. */
export const ENVIRONMENT_DEFAULTS: Readonly<Partial<Record<Variable, string>>> = Object.freeze(
  Object.fromEntries(
    Object.entries(Environment.properties).flatMap(([name, schema]) =>
      'default' in schema && typeof schema.default === 'string' ? [[name, schema.default]] : [],
    ),
  ),
)

export interface Config {
  readonly port: number
  readonly host: string
  /** Real Postgres when set; otherwise embedded PGlite. */
  readonly databaseUrl?: string
  /** PGlite data folder; 'memory://' keeps the embedded database in memory. */
  readonly dataDir: string
  readonly dbPoolMax: number
  readonly dbStatementTimeoutMs: number
  /** Submission statements (group commits) one instance runs at once on Postgres; PGlite always runs one. */
  readonly submissionBatchesInFlight: number
  readonly emulatorEnabled: boolean
  /** Undefined means "generate one at start and print it once". */
  readonly emulatorAdminToken?: string
  readonly logLevel: string
  readonly rules: RuleSettings
  readonly accessTokenTtlSeconds: number
  /** Load the default fixture set on first start (and on reset). */
  readonly seedFixtures: boolean
  /** How often the background worker evaluates pending applications; 0 turns it off. */
  readonly jobsIntervalMs: number
  /**
   * Which proxies may name the client in X-Forwarded-For (rate limits are per client IP): false (none),
   * a number of hops counted from this server, or the proxies' addresses/CIDRs. Never "any".
   */
  readonly trustProxy: false | number | readonly string[]
  /** Requests per minute on login, PIN request and recovery: per client IP, and per codice fiscale or operator; 0 = no limit. */
  readonly rateLimits: { readonly perIp: number; readonly perSubject: number }
  /** Shed load (503 + Retry-After) above these; 0 turns a check off. */
  readonly overload: {
    readonly maxEventLoopDelayMs: number
    readonly maxEventLoopUtilization: number
    /** How long the pressure must last before anything is shed. */
    readonly sustainedMs: number
    /** Requests in flight below which nothing is shed. */
    readonly minInFlight: number
  }
  /** A request must arrive whole (headers within headersTimeoutMs, body within requestTimeoutMs) or it is answered 408 and closed. */
  readonly http: {
    readonly requestTimeoutMs: number
    readonly headersTimeoutMs: number
    readonly keepAliveTimeoutMs: number
  }
  /** How long an instance trusts the faults it read; 0 reads them on every request. */
  readonly faultsCacheMs: number
  /** The request journal of GET /emulator/requests: on or off, rows kept, real ms between batched writes. */
  readonly requestJournal: { readonly enabled: boolean; readonly maxRows: number; readonly flushMs: number }
  /** How long a request waits for a snapshot restore before 503 RESTORE_IN_PROGRESS. */
  readonly restoreWaitMs: number
}

export interface RuleSettings {
  /** Time a letter takes to reach the residence (docs/rules.md §3: default 5 days). */
  readonly postalDelayHours: number
  readonly accessWindows: {
    readonly enabled: boolean
    /** Rome-local date from which the split day applies (the contingentamento of 2 April 2020). */
    readonly from: string
    /** Patronati and intermediaries inside [start, end); citizens the rest of the day. */
    readonly intermediaryStart: string
    readonly intermediaryEnd: string
  }
  /** Last Rome-local day of the emergency (and of the PIN semplificato). */
  readonly emergencyEnd: string
  /** First Rome-local day of the PIN semplificato (messaggio INPS 1381/2020). */
  readonly semplificatoFrom: string
  /** Last Rome-local day of new PINs for everyone (circolare INPS 87/2020); then only the exceptions. */
  readonly pinIssuanceEnd: string
  /** Rome-local days of the application calendar (docs/rules.md §11). */
  readonly calendar: {
    readonly opensOn: string
    readonly lastDay: string
    readonly lastDayExtended: string
    readonly lastDayOf: Readonly<Record<string, string>>
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const SECRET_VARIABLES = new Set(['EMULATOR_ADMIN_TOKEN', 'DATABASE_URL'])

function isCalendarDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value
}

function describe(path: string, message: string): string {
  const name = path.replace(/^\//, '') || 'environment'
  return `${name}: ${message}`
}

/**
 * TRUST_PROXY: `false`, `true` (one hop: the proxy in front of us), a number of hops, or a comma-separated
 * list of proxy addresses/CIDRs. "Trust everything" is never offered: any client could then pick its IP.
 */
function parseTrustProxy(value: string): false | number | string[] | string {
  if (value === 'false') return false
  if (value === 'true') return 1
  if (/^[0-9]+$/.test(value)) {
    const hops = Number(value)
    return hops === 0 ? false : hops <= 10 ? hops : 'a number of hops must be between 0 and 10'
  }
  const entries = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
  const bad = entries.filter((entry) => {
    const [address, prefix, ...rest] = entry.split('/')
    const family = isIP(address)
    if (family === 0 || rest.length > 0) return true
    return prefix !== undefined && !(/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))
  })
  if (entries.length === 0 || bad.length > 0) return `not an address or CIDR: ${bad.join(', ') || value}`
  return entries
}

/**
 * The declared variables that are set (an empty string counts as unset), checked against their
 * schemas; every bad one is reported together, by name. `get` falls back on the declared default.
 */
function readEnvironment(env: Record<string, string | undefined>, names: readonly Variable[]) {
  const known: Partial<Record<Variable, string>> = Object.fromEntries(
    names.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]),
  )
  const schema = Type.Object(Object.fromEntries(names.map((name) => [name, Environment.properties[name]])))
  const errors = [...Value.Errors(schema, known)]
  if (errors.length > 0) {
    const byVariable = new Map(errors.map((e) => [e.instancePath, e]))
    throw new ConfigError(
      [...byVariable.values()].map((e) => {
        // A secret is never echoed, even a wrong one.
        const got = SECRET_VARIABLES.has(e.instancePath.slice(1))
          ? ''
          : ` (got "${String(Value.Pointer.Get(known, e.instancePath))}")`
        return describe(e.instancePath, `${e.message}${got}`)
      }),
    )
  }
  return {
    known,
    get: (name: Variable): string | undefined => known[name] ?? ENVIRONMENT_DEFAULTS[name],
    number: (name: Variable): number => Number(known[name] ?? ENVIRONMENT_DEFAULTS[name]),
  }
}

const ALL_VARIABLES = Object.keys(Environment.properties) as Variable[]
/** The variables declared with date(): each must also be a day of the calendar. */
const DATE_VARIABLES = ALL_VARIABLES.filter((name) => {
  const schema = Environment.properties[name]
  return 'kind' in schema && schema.kind === 'date'
})

/** Reads the environment once; every bad value is reported together, by variable name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const { known, get, number } = readEnvironment(env, ALL_VARIABLES)
  const problems: string[] = []
  const port = number('PORT')
  if (port < 1 || port > 65535) problems.push(describe('PORT', `must be between 1 and 65535 (got ${port})`))
  const start = get('INTERMEDIARY_WINDOW_START')!
  const end = get('INTERMEDIARY_WINDOW_END')!
  const poolMax = number('DB_POOL_MAX')
  const batchesInFlight = number('SUBMISSION_BATCHES_IN_FLIGHT')
  if (batchesInFlight >= poolMax && known.SUBMISSION_BATCHES_IN_FLIGHT !== undefined) {
    problems.push(
      describe(
        'SUBMISSION_BATCHES_IN_FLIGHT',
        `must be smaller than DB_POOL_MAX (${batchesInFlight} >= ${poolMax}): reads need a connection too`,
      ),
    )
  }
  if (start >= end)
    problems.push(
      describe('INTERMEDIARY_WINDOW_END', `must be later than INTERMEDIARY_WINDOW_START (${start} >= ${end})`),
    )
  for (const key of DATE_VARIABLES) {
    const value = known[key]
    // Date.parse rolls 2020-02-31 over to 2 March: a real date reads back unchanged.
    if (value !== undefined && !isCalendarDate(value))
      problems.push(describe(key, `not a calendar date (got "${value}")`))
  }
  const trustProxy = parseTrustProxy(get('TRUST_PROXY')!)
  if (typeof trustProxy === 'string')
    problems.push(describe('TRUST_PROXY', `${trustProxy} (got "${known.TRUST_PROXY}")`))
  const requestTimeoutMs = number('HTTP_REQUEST_TIMEOUT_MS')
  const headersTimeoutMs = Number(known.HTTP_HEADERS_TIMEOUT_MS ?? Math.min(10000, requestTimeoutMs))
  // Node refuses a headers timeout longer than the whole request's.
  if (headersTimeoutMs > requestTimeoutMs)
    problems.push(
      describe(
        'HTTP_HEADERS_TIMEOUT_MS',
        `must not exceed HTTP_REQUEST_TIMEOUT_MS (${headersTimeoutMs} > ${requestTimeoutMs})`,
      ),
    )
  if (problems.length > 0) throw new ConfigError(problems)

  return Object.freeze({
    port,
    host: get('HOST')!,
    databaseUrl: known.DATABASE_URL,
    dataDir: get('DATA_DIR')!,
    dbPoolMax: poolMax,
    submissionBatchesInFlight: batchesInFlight,
    dbStatementTimeoutMs: number('DB_STATEMENT_TIMEOUT_MS'),
    emulatorEnabled: get('EMULATOR_ENABLED') === 'true',
    emulatorAdminToken: known.EMULATOR_ADMIN_TOKEN,
    logLevel: get('LOG_LEVEL')!,
    accessTokenTtlSeconds: number('ACCESS_TOKEN_TTL_SECONDS'),
    seedFixtures: get('SEED_FIXTURES') === 'true',
    jobsIntervalMs: number('JOBS_INTERVAL_MS'),
    overload: Object.freeze({
      maxEventLoopDelayMs: number('OVERLOAD_MAX_EVENT_LOOP_DELAY_MS'),
      maxEventLoopUtilization: number('OVERLOAD_MAX_EVENT_LOOP_UTILIZATION'),
      sustainedMs: number('OVERLOAD_SUSTAINED_MS'),
      minInFlight: number('OVERLOAD_MIN_IN_FLIGHT'),
    }),
    trustProxy: Array.isArray(trustProxy) ? Object.freeze(trustProxy) : (trustProxy as false | number),
    http: Object.freeze({
      requestTimeoutMs,
      headersTimeoutMs,
      keepAliveTimeoutMs: number('HTTP_KEEP_ALIVE_TIMEOUT_MS'),
    }),
    rateLimits: Object.freeze({ perIp: number('RATE_LIMIT_PER_IP'), perSubject: number('RATE_LIMIT_PER_SUBJECT') }),
    faultsCacheMs: number('FAULTS_CACHE_MS'),
    requestJournal: Object.freeze({
      enabled: get('REQUEST_JOURNAL_ENABLED') === 'true',
      maxRows: number('REQUEST_JOURNAL_MAX_ROWS'),
      flushMs: number('REQUEST_JOURNAL_FLUSH_MS'),
    }),
    restoreWaitMs: number('RESTORE_WAIT_MS'),
    rules: Object.freeze({
      postalDelayHours: number('POSTAL_DELAY_HOURS'),
      accessWindows: Object.freeze({
        enabled: get('ACCESS_WINDOWS_ENABLED') === 'true',
        from: get('ACCESS_WINDOWS_FROM')!,
        intermediaryStart: start,
        intermediaryEnd: end,
      }),
      emergencyEnd: get('EMERGENCY_END')!,
      semplificatoFrom: get('PIN_SEMPLIFICATO_FROM')!,
      pinIssuanceEnd: get('PIN_ISSUANCE_END')!,
      calendar: Object.freeze({
        opensOn: get('APPLICATIONS_OPEN_ON')!,
        lastDay: get('MARCH_INDEMNITIES_LAST_DAY')!,
        lastDayExtended: get('MARCH_INDEMNITIES_LAST_DAY_EXTENDED')!,
        lastDayOf: Object.freeze({
          'indennita-maggio-professionisti': get('DL34_MAGGIO_PROFESSIONISTI_LAST_DAY')!,
          'indennita-nuove-categorie': get('DL34_NUOVE_CATEGORIE_LAST_DAY')!,
          'indennita-spettacolo-dl34': get('DL34_SPETTACOLO_LAST_DAY')!,
          'bonus-baby-sitting': get('BABY_SITTING_LAST_DAY')!,
        }),
      }),
    }),
  })
}

/**
 * argon2id's cost. Hashing happens deep in services that have no config at hand, so secrets.ts reads
 * these two variables itself, once, at its first hash (loadConfig has already refused bad values at start).
 */
export function argon2Cost(env: Record<string, string | undefined> = process.env): {
  memoryCost: number
  timeCost: number
} {
  const { number } = readEnvironment(env, ['ARGON2_MEMORY_KIB', 'ARGON2_TIME_COST'])
  return { memoryCost: number('ARGON2_MEMORY_KIB'), timeCost: number('ARGON2_TIME_COST') }
}

export const DEFAULT_RULES: RuleSettings = loadConfig({}).rules
