import t from 'tap'
import { once } from 'node:events'
import { createTestDatabase, withDatabase } from '../db.js'
import { startService } from '../../bench/processes.js'
import { freePort } from '../free-port.js'
import { SERVER_ENTRY } from '../root.js'

// SIGTERM on a real server process: requests already in flight are answered, new ones are not taken,
// and the process exits 0. On Postgres the process gets this file's database; otherwise an in-memory PGlite.
const TOKEN = 'shutdown-admin-token-0123456789'
const serverUrl = process.env.DATABASE_URL
const database = serverUrl ? await createTestDatabase() : undefined
t.teardown(async () => database?.close())
const databaseEnv: Record<string, string> =
  serverUrl && database ? { DATABASE_URL: withDatabase(serverUrl, database.name) } : { DATA_DIR: 'memory://' }

const port = await freePort()
const service = await startService(
  SERVER_ENTRY,
  port,
  {
    ...databaseEnv,
    EMULATOR_ADMIN_TOKEN: TOKEN,
    LOG_LEVEL: 'warn',
    JOBS_INTERVAL_MS: '0',
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
  },
  '/health/ready',
)
t.teardown(() => service.stop())

t.test('SIGTERM answers the requests in flight, takes no new ones and exits 0', async (t) => {
  // The catalogue depends on the emulated date (here real time): its full answer, before the fault.
  const catalogue = (await (await fetch(`${service.url}/api/v1/benefits`)).json()) as { items: unknown[] }
  t.ok(catalogue.items.length > 0, 'the catalogue answers')

  // Every request to the catalogue now takes 1.5 s: long enough to be caught in flight by the signal.
  const fault = await fetch(`${service.url}/emulator/faults`, {
    method: 'PUT',
    headers: { 'x-emulator-token': TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify({ routePattern: '/api/v1/benefits', method: 'GET', latencyMs: 1500 }),
  })
  t.equal(fault.status, 200, 'latency fault set')

  // Handled at once: a request that fails must fail the assertion below, not the process.
  const inFlight = Array.from({ length: 5 }, () =>
    fetch(`${service.url}/api/v1/benefits`).then(
      async (res) => ({ status: res.status, items: ((await res.json()) as { items?: unknown[] }).items?.length }),
      (err: Error & { cause?: { code?: string } }) => ({ status: 0, error: err.cause?.code ?? err.message }),
    ),
  )
  await new Promise((resolve) => setTimeout(resolve, 400))
  const exited = once(service.child, 'exit')
  const signalledAt = Date.now()
  service.child.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 200))

  const late = await fetch(`${service.url}/api/v1/benefits`).then(
    (res) => res.status,
    () => 0,
  )
  t.ok(late === 0 || late === 503, `a request after the signal is not taken (got ${late})`)

  const answered = await Promise.all(inFlight)
  t.same(
    answered,
    Array.from({ length: 5 }, () => ({ status: 200, items: catalogue.items.length })),
    'every request in flight was answered in full',
  )
  const [code] = await exited
  t.equal(code, 0, 'the process exited cleanly')
  // Kept-alive client connections must not hold the shutdown until close-with-grace gives up (10 s).
  t.ok(
    Date.now() - signalledAt < 5000,
    `it exited once the last answer was sent (${Date.now() - signalledAt} ms after the signal)`,
  )
})
