import { isIP } from 'node:net'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })
const IsoDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })

/** The environment, as read: every variable optional, strings only. */
export const Environment = Type.Object({
  PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  HOST: Type.Optional(Type.String({ minLength: 1 })),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  DB_POOL_MAX: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
  DB_STATEMENT_TIMEOUT_MS: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
  SUBMISSION_BATCHES_IN_FLIGHT: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
  EMULATOR_ENABLED: Type.Optional(Type.Enum(['true', 'false'])),
  EMULATOR_ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  LOG_LEVEL: Type.Optional(Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  POSTAL_DELAY_HOURS: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
  ACCESS_WINDOWS_ENABLED: Type.Optional(Type.Enum(['true', 'false'])),
  ACCESS_WINDOWS_FROM: Type.Optional(IsoDate),
  INTERMEDIARY_WINDOW_START: Type.Optional(TimeOfDay),
  INTERMEDIARY_WINDOW_END: Type.Optional(TimeOfDay),
  EMERGENCY_END: Type.Optional(IsoDate),
  ACCESS_TOKEN_TTL_SECONDS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{1,5}$' })),
  SEED_FIXTURES: Type.Optional(Type.Enum(['true', 'false'])),
  JOBS_INTERVAL_MS: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
  OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: Type.Optional(Type.String({ pattern: '^(0(\\.[0-9]+)?|1(\\.0+)?)$' })),
  TRUST_PROXY: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f.:/, ]+$|^true$|^false$' })),
  RATE_LIMIT_PER_IP: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
  RATE_LIMIT_PER_SUBJECT: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
  HTTP_REQUEST_TIMEOUT_MS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,6}$' })),
  HTTP_HEADERS_TIMEOUT_MS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,6}$' })),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,6}$' })),
})
export type Environment = Static<typeof Environment>

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
  readonly overload: { readonly maxEventLoopDelayMs: number; readonly maxEventLoopUtilization: number }
  /** A request must arrive whole (headers within headersTimeoutMs, body within requestTimeoutMs) or it is answered 408 and closed. */
  readonly http: { readonly requestTimeoutMs: number; readonly headersTimeoutMs: number; readonly keepAliveTimeoutMs: number }
}

export interface RuleSettings {
  /** Time a letter takes to reach the residence (SPEC 3: default 5 days). */
  readonly postalDelayHours: number
  readonly accessWindows: {
    readonly enabled: boolean
    /** Rome-local date from which the split day applies (messaggio INPS 1464/2020: 2 April 2020). */
    readonly from: string
    /** Patronati and intermediaries inside [start, end); citizens the rest of the day. */
    readonly intermediaryStart: string
    readonly intermediaryEnd: string
  }
  /** Rome-local date on which the emergency (and the PIN semplificato) ends; none by default. */
  readonly emergencyEnd?: string
}

export const DEFAULT_RULES: RuleSettings = Object.freeze({
  postalDelayHours: 120,
  accessWindows: Object.freeze({ enabled: true, from: '2020-04-02', intermediaryStart: '08:00', intermediaryEnd: '16:00' }),
})

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
function parseTrustProxy(value: string | undefined): false | number | string[] | string {
  if (value === undefined || value === 'false') return false
  if (value === 'true') return 1
  if (/^[0-9]+$/.test(value)) {
    const hops = Number(value)
    return hops === 0 ? false : hops <= 10 ? hops : 'a number of hops must be between 0 and 10'
  }
  const entries = value.split(',').map((v) => v.trim()).filter(Boolean)
  const bad = entries.filter((entry) => {
    const [address, prefix, ...rest] = entry.split('/')
    const family = isIP(address)
    if (family === 0 || rest.length > 0) return true
    return prefix !== undefined && !(/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))
  })
  if (entries.length === 0 || bad.length > 0) return `not an address or CIDR: ${bad.join(', ') || value}`
  return entries
}

/** Reads the environment once; every bad value is reported together, by variable name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(Environment.properties)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  )
  const errors = [...Value.Errors(Environment, known)]
  if (errors.length > 0) {
    const byVariable = new Map(errors.map((e) => [e.instancePath, e]))
    throw new ConfigError([...byVariable.values()].map((e) => {
      // A secret is never echoed, even a wrong one.
      const got = SECRET_VARIABLES.has(e.instancePath.slice(1)) ? '' : ` (got "${String(Value.Pointer.Get(known, e.instancePath))}")`
      return describe(e.instancePath, `${e.message}${got}`)
    }))
  }
  const e = known as Environment
  const problems: string[] = []
  const port = Number(e.PORT ?? 3000)
  if (port < 1 || port > 65535) problems.push(describe('PORT', `must be between 1 and 65535 (got ${port})`))
  const start = e.INTERMEDIARY_WINDOW_START ?? DEFAULT_RULES.accessWindows.intermediaryStart
  const end = e.INTERMEDIARY_WINDOW_END ?? DEFAULT_RULES.accessWindows.intermediaryEnd
  const poolMax = Number(e.DB_POOL_MAX ?? 10)
  const batchesInFlight = Number(e.SUBMISSION_BATCHES_IN_FLIGHT ?? 1)
  if (batchesInFlight >= poolMax && e.SUBMISSION_BATCHES_IN_FLIGHT !== undefined) {
    problems.push(describe('SUBMISSION_BATCHES_IN_FLIGHT', `must be smaller than DB_POOL_MAX (${batchesInFlight} >= ${poolMax}): reads need a connection too`))
  }
  if (start >= end) problems.push(describe('INTERMEDIARY_WINDOW_END', `must be later than INTERMEDIARY_WINDOW_START (${start} >= ${end})`))
  for (const key of ['ACCESS_WINDOWS_FROM', 'EMERGENCY_END'] as const) {
    const value = e[key]
    // Date.parse rolls 2020-02-31 over to 2 March: a real date reads back unchanged.
    if (value !== undefined && !isCalendarDate(value)) problems.push(describe(key, `not a calendar date (got "${value}")`))
  }
  const trustProxy = parseTrustProxy(e.TRUST_PROXY)
  if (typeof trustProxy === 'string') problems.push(describe('TRUST_PROXY', `${trustProxy} (got "${e.TRUST_PROXY}")`))
  const requestTimeoutMs = Number(e.HTTP_REQUEST_TIMEOUT_MS ?? 30000)
  const headersTimeoutMs = Number(e.HTTP_HEADERS_TIMEOUT_MS ?? Math.min(10000, requestTimeoutMs))
  // Node refuses a headers timeout longer than the whole request's.
  if (headersTimeoutMs > requestTimeoutMs) problems.push(describe('HTTP_HEADERS_TIMEOUT_MS', `must not exceed HTTP_REQUEST_TIMEOUT_MS (${headersTimeoutMs} > ${requestTimeoutMs})`))
  if (problems.length > 0) throw new ConfigError(problems)

  return Object.freeze({
    port,
    host: e.HOST ?? '127.0.0.1',
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR ?? './data',
    dbPoolMax: poolMax,
    submissionBatchesInFlight: batchesInFlight,
    dbStatementTimeoutMs: Number(e.DB_STATEMENT_TIMEOUT_MS ?? 5000),
    emulatorEnabled: e.EMULATOR_ENABLED !== 'false',
    emulatorAdminToken: e.EMULATOR_ADMIN_TOKEN,
    logLevel: e.LOG_LEVEL ?? 'info',
    accessTokenTtlSeconds: Number(e.ACCESS_TOKEN_TTL_SECONDS ?? 900),
    seedFixtures: e.SEED_FIXTURES !== 'false',
    jobsIntervalMs: Number(e.JOBS_INTERVAL_MS ?? 1000),
    overload: Object.freeze({ maxEventLoopDelayMs: Number(e.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS ?? 1000), maxEventLoopUtilization: Number(e.OVERLOAD_MAX_EVENT_LOOP_UTILIZATION ?? 0.98) }),
    trustProxy: Array.isArray(trustProxy) ? Object.freeze(trustProxy) : (trustProxy as false | number),
    http: Object.freeze({ requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs: Number(e.HTTP_KEEP_ALIVE_TIMEOUT_MS ?? 72000) }),
    rateLimits: Object.freeze({ perIp: Number(e.RATE_LIMIT_PER_IP ?? 600), perSubject: Number(e.RATE_LIMIT_PER_SUBJECT ?? 30) }),
    rules: Object.freeze({
      postalDelayHours: Number(e.POSTAL_DELAY_HOURS ?? DEFAULT_RULES.postalDelayHours),
      accessWindows: Object.freeze({
        enabled: e.ACCESS_WINDOWS_ENABLED !== 'false',
        from: e.ACCESS_WINDOWS_FROM ?? DEFAULT_RULES.accessWindows.from,
        intermediaryStart: start,
        intermediaryEnd: end,
      }),
      emergencyEnd: e.EMERGENCY_END,
    }),
  })
}
