import autocannon from 'autocannon'
import pg from 'pg'
import { withDatabase } from '../test/db.js'
import { mintTokens, seedCitizens, type Citizen } from './seed.js'

/** The Postgres server the benches make their databases on. */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
/** Seconds and connections of each measured phase (npm run bench, bench:profile). */
export const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
/** 17:00 in Rome on 2 April 2020: citizens' window, the procedures open. */
export const NOW = new Date('2020-04-02T15:00:00Z')
/** 17:00 in Rome, the day before the procedures opened. */
export const BEFORE_OPENING = new Date('2020-03-31T15:00:00Z')
/** Every seeded citizen's personal PIN. */
export const PERSONAL_PIN = 'BENCH123'
/** Access tokens last from 17:00 on 31 March (before opening) to past 17:00 on 2 April: one login serves every phase. */
export const TOKEN_TTL_SECONDS = 3 * 86400
/**
 * How the people get their tokens: `idp` (the default) logs each one in through the test identity
 * provider, as the people of 1 April logged in before they applied, so the service issued every token it
 * is shown; BENCH_TOKENS=minted signs them outside the service, as another instance would, so each
 * token's signature is checked once by the instance measured.
 */
export const TOKENS = process.env.BENCH_TOKENS === 'minted' ? 'minted' : 'idp'

/** Drops and creates the bench's own database on the server of `adminUrl`; returns its URL. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  return withDatabase(adminUrl, name)
}

/**
 * Each phase starts from a quiet database: the WAL of the previous phase (or of seeding) is
 * checkpointed first, so no phase pays for another's writes.
 */
export async function settle(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  await client.query('CHECKPOINT')
  await client.end()
  await new Promise((resolve) => setTimeout(resolve, 1000))
}

/**
 * `VACUUM (ANALYZE)` of the whole database, after the setup's writes (the people, their logins): done
 * now, not by autovacuum in the middle of a measure (it once halved a ceiling and added about a millisecond of
 * Postgres CPU to each login).
 */
export async function vacuum(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  await client.query('VACUUM (ANALYZE)')
  await client.end()
}

/** The middle value (the mean of the two middle ones for an even count): a round's typical figure. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Every request takes the next citizen in the list: no two requests share a person. */
export function rotating(
  citizens: Citizen[],
  build: (c: Citizen, i: number) => { body?: string; path?: string; headers?: Record<string, string> },
) {
  let i = 0
  return (request: autocannon.Request) => {
    const n = i++
    const citizen = citizens[n % citizens.length]
    const part = build(citizen, n)
    return {
      ...request,
      ...part,
      headers: { ...request.headers, authorization: `Bearer ${citizen.token}`, ...part.headers },
    }
  }
}

/** An art. 30 indemnity paid to an Italian IBAN: what every seeded citizen may submit once. */
const submissionBody = JSON.stringify({
  benefitCode: 'indennita-agricoli',
  payment: { method: 'iban', iban: 'IT60X0542811101000000123456' },
  declarations: { truthfulness: true, notPensioner: true, noCitizenshipIncome: true },
})

/** What the ceiling (bench/ceiling-server.ts) is asked: one small JSON body, one INSERT. */
export const CEILING_REQUEST = {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{"n":1}',
} as const

/** The emulator token of every bench's service. */
export const ADMIN_TOKEN = 'bench-admin-token-0123456789'

/**
 * The service's environment in a bench: quiet logs, day-long tokens, and no per-client rate limit
 * (one load generator, one IP: the limits would measure themselves, not the service).
 */
export function serviceEnv(databaseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    EMULATOR_ADMIN_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'warn',
    JOBS_INTERVAL_MS: '0',
    ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS),
    RATE_LIMIT_PER_IP: '0',
    RATE_LIMIT_PER_SUBJECT: '0',
    ...overrides,
  }
}

/** Stops the emulated clock at `now` (every instance on the database follows it). */
export async function freezeClock(serviceUrl: string, now: Date): Promise<void> {
  const res = await fetch(`${serviceUrl}/emulator/clock`, {
    method: 'PUT',
    headers: { 'x-emulator-token': ADMIN_TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify({ now: now.toISOString(), frozen: true }),
  })
  if (!res.ok) throw new Error(`the clock could not be set: ${res.status}`)
}

/** `count` archive people with an active PIN (`personalPin`, set on 1 April 2020): their codici fiscali. */
async function seededPeople(databaseUrl: string, count: number, personalPin: string): Promise<string[]> {
  console.log(`seeding ${count} citizens...`)
  const people = await seedCitizens(databaseUrl, count, 0, personalPin, new Date('2020-04-01T00:00:00Z'))
  return people.map((p) => p.codiceFiscale)
}

/** `count` archive people with an active PIN, each with an access token minted outside the service at `now`. */
export async function citizensWithTokens(
  databaseUrl: string,
  count: number,
  personalPin: string,
  now: Date,
): Promise<Citizen[]> {
  return mintTokens(databaseUrl, await seededPeople(databaseUrl, count, personalPin), now, TOKEN_TTL_SECONDS)
}

/**
 * Logs each citizen in through the test identity provider (an assertion, then POST
 * /api/v1/auth/federated with it), `concurrency` at a time, at the service's emulated now: the same
 * people with the tokens the service issued.
 */
export async function loginThroughIdp(
  serviceUrl: string,
  codiciFiscali: string[],
  concurrency = 32,
): Promise<Citizen[]> {
  console.log(`logging ${codiciFiscali.length} citizens in through the test IdP...`)
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${serviceUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`)
    return res.json()
  }
  const loggedIn: Citizen[] = new Array(codiciFiscali.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < codiciFiscali.length; i = next++) {
      const codiceFiscale = codiciFiscali[i]
      const { assertion } = await post(
        '/emulator/idp/assertions',
        { codiceFiscale, provider: 'cie' },
        { 'x-emulator-token': ADMIN_TOKEN },
      )
      const { accessToken } = await post('/api/v1/auth/federated', { assertion })
      loggedIn[i] = { codiceFiscale, token: accessToken }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return loggedIn
}

/**
 * The people of `npm run bench` and `bench:profile`: `count` seeded, each logged in (TOKENS) at 17:00 on
 * 31 March with a token that lasts into 2 April, then the database vacuumed. The clock stays frozen on
 * 31 March.
 */
export async function peopleLoggedIn(serviceUrl: string, databaseUrl: string, count: number): Promise<Citizen[]> {
  await freezeClock(serviceUrl, BEFORE_OPENING)
  const people = await seededPeople(databaseUrl, count, PERSONAL_PIN)
  const citizens =
    TOKENS === 'idp'
      ? await loginThroughIdp(serviceUrl, people)
      : await mintTokens(databaseUrl, people, BEFORE_OPENING, TOKEN_TTL_SECONDS)
  await vacuum(databaseUrl)
  return citizens
}

/** POST /api/v1/applications by each citizen in turn, with the bench's body (and per-request headers). */
export function submissionRequest(
  citizens: Citizen[],
  headersOf: (n: number) => Record<string, string> = () => ({}),
): autocannon.Request {
  return {
    method: 'POST',
    path: '/api/v1/applications',
    headers: { 'content-type': 'application/json' },
    setupRequest: rotating(citizens, (_citizen, n) => ({ body: submissionBody, headers: headersOf(n) })),
  }
}

/** POST /api/v1/auth/pin by each citizen in turn, with the seeded personal PIN. */
export function loginRequest(citizens: Citizen[]): autocannon.Request {
  return {
    method: 'POST',
    path: '/api/v1/auth/pin',
    headers: { 'content-type': 'application/json' },
    setupRequest: rotating(citizens, (c) => ({
      body: JSON.stringify({ codiceFiscale: c.codiceFiscale, pin: PERSONAL_PIN }),
    })),
  }
}
