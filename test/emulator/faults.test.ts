import t from 'tap'
import { setupTestApp, json } from '../helper.js'

// Shed at the first sample over the threshold, whatever the number in flight: the mechanism alone.
const AT_ONCE = { OVERLOAD_SUSTAINED_MS: '0', OVERLOAD_MIN_IN_FLIGHT: '0' }
const ctx = await setupTestApp(t)
const benefits = () => ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })

t.afterEach(async () => {
  await ctx.emulator('DELETE', '/emulator/faults')
})

t.test('an overload fault answers 503 problem+json with Retry-After; removing it restores service', async (t) => {
  const put = await ctx.emulator('PUT', '/emulator/faults', { routePattern: '/api/v1/benefits', overload: true })
  t.equal(put.statusCode, 200)
  t.match(json(put).items, [{ routePattern: '/api/v1/benefits', method: '*', overload: true }])
  const res = await benefits()
  t.equal(res.statusCode, 503)
  t.equal(json(res).code, 'OVERLOADED')
  t.ok(Number(res.headers['retry-after']) > 0)
  t.match(res.headers['content-type'], /problem\+json/)
  t.equal((await ctx.emulator('GET', '/emulator/clock')).statusCode, 200, 'the emulator API is never affected')
  t.same(json(await ctx.emulator('DELETE', '/emulator/faults?routePattern=/api/v1/benefits')), { deleted: 1 })
  t.equal((await benefits()).statusCode, 200)
})

t.test('latency and error rate apply to matching routes and methods only', async (t) => {
  await ctx.emulator('PUT', '/emulator/faults', { routePattern: '/api/v1/ben*', method: 'GET', latencyMs: 300 })
  const started = Date.now()
  t.equal((await benefits()).statusCode, 200)
  t.ok(Date.now() - started >= 290, 'delayed')
  const quick = Date.now()
  await ctx.app.inject({ method: 'GET', url: '/api/v1/stats/applications' })
  t.ok(Date.now() - quick < 250, 'other routes are not delayed')

  await ctx.emulator('PUT', '/emulator/faults', { routePattern: '/api/v1/ben*', method: 'GET', errorRate: 1 })
  const failed = await benefits()
  t.equal(failed.statusCode, 500)
  t.equal(json(failed).code, 'INJECTED_FAULT')
  t.equal(
    json(await ctx.emulator('GET', '/emulator/faults')).items.length,
    1,
    'PUT replaced the fault for the same pattern and method',
  )
  await ctx.emulator('PUT', '/emulator/faults', { routePattern: '/api/v1/ben*', method: 'GET', errorRate: 0.5 })
  const statuses = await Promise.all(Array.from({ length: 60 }, () => benefits().then((r) => r.statusCode)))
  const failures = statuses.filter((s) => s === 500).length
  t.ok(failures > 5 && failures < 55, `about half fail (${failures}/60)`)
})

t.test('faults live in the database: another instance applies them', async (t) => {
  const other = await setupTestApp(t, {}, ctx.database)
  await other.app.inject({ method: 'GET', url: '/api/v1/benefits' })
  await ctx.emulator('PUT', '/emulator/faults', { routePattern: '/api/v1/benefits', overload: true })
  await new Promise((resolve) => setTimeout(resolve, 1100))
  t.equal((await other.app.inject({ method: 'GET', url: '/api/v1/benefits' })).statusCode, 503)
  const row = await ctx.database.db.selectFrom('faults').selectAll().executeTakeFirstOrThrow()
  t.match(row, { route_pattern: '/api/v1/benefits', overload: true })
})

t.test('bad fault input is refused', async (t) => {
  t.equal((await ctx.emulator('PUT', '/emulator/faults', { routePattern: 'no-slash' })).statusCode, 400)
  t.equal((await ctx.emulator('PUT', '/emulator/faults', { routePattern: '/x', errorRate: 2 })).statusCode, 400)
  t.equal(
    (await ctx.app.inject({ method: 'PUT', url: '/emulator/faults', payload: { routePattern: '/x' } })).statusCode,
    401,
  )
})

t.test('a blocked event loop is answered 503 OVERLOADED with Retry-After, then service resumes', async (t) => {
  const busy = await setupTestApp(t, { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '50', ...AT_ONCE }, ctx.database)
  await new Promise((resolve) => setTimeout(resolve, 300))
  // Hold the event loop again and again, as a flood of work would: every tick comes late.
  for (let i = 0; i < 8; i++) {
    const until = Date.now() + 120
    while (Date.now() < until) {
      // busy
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
  const shed = await busy.app.inject({ method: 'GET', url: '/api/v1/benefits' })
  t.equal(shed.statusCode, 503)
  t.equal(json(shed).code, 'OVERLOADED')
  t.ok(Number(shed.headers['retry-after']) > 0)
  await new Promise((resolve) => setTimeout(resolve, 600))
  t.equal((await busy.app.inject({ method: 'GET', url: '/api/v1/benefits' })).statusCode, 200)
})
