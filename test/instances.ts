import type { Test } from 'tap'
import { createTestDatabase } from './db.js'
import { startService, type Service } from '../bench/processes.js'
import { SERVER_ENTRY } from './root.js'
import { freePorts } from './free-port.js'

/** The emulator token of the instances these helpers start. */
export const INSTANCES_ADMIN_TOKEN = 'instances-admin-token-0123456789'
export const ADMIN_HEADERS = { 'x-emulator-token': INSTANCES_ADMIN_TOKEN }

export interface TwoInstances {
  database: Awaited<ReturnType<typeof createTestDatabase>>
  databaseUrl: string
  a: Service
  b: Service
}

/**
 * Two server processes on one fresh database of the real Postgres at DATABASE_URL (processes cannot
 * share an embedded PGlite), stopped when the test ends. Overload shedding is off: the machine running
 * the suite is busy, and these tests are about what instances share, not about load.
 */
export async function startTwoInstances(t: Test, env: Record<string, string> = {}): Promise<TwoInstances> {
  const database = await createTestDatabase()
  const url = new URL(process.env.DATABASE_URL!)
  url.pathname = `/${database.name}`
  const databaseUrl = url.toString()
  const serviceEnv = {
    DATABASE_URL: databaseUrl,
    EMULATOR_ADMIN_TOKEN: INSTANCES_ADMIN_TOKEN,
    LOG_LEVEL: 'warn',
    JOBS_INTERVAL_MS: '0',
    RATE_LIMIT_PER_IP: '0',
    RATE_LIMIT_PER_SUBJECT: '0',
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    ...env,
  }
  const services: Service[] = []
  t.teardown(async () => {
    await Promise.all(services.map((s) => s.stop()))
    await database.close()
  })
  // Each is stopped by the teardown as soon as it is up, even if the other one fails to start.
  const started = (port: number) =>
    startService(SERVER_ENTRY, port, serviceEnv, '/health/ready').then((service) => {
      services.push(service)
      return service
    })
  const [a, b] = await Promise.all((await freePorts(2)).map(started))
  return { database, databaseUrl, a, b }
}

/** One HTTP call to an instance; the body is JSON either way ({} when there is none). */
export async function call(
  service: Service,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(service.url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, any> }
}
