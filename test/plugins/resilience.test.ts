import t from 'tap'
import { setupTestApp, json } from '../helper.js'

/** What a loaded machine must still serve: Swagger UI and its assets, the document, the probes, the control API. */
const NEVER_SHED = [
  '/docs',
  '/docs/static/swagger-ui-standalone-preset.js',
  '/docs/static/swagger-ui-bundle.js',
  '/openapi.json',
  '/health/live',
  '/emulator/clock',
]

// Shed at the first sample over the threshold, whatever the number in flight: the mechanism alone.
const AT_ONCE = { OVERLOAD_SUSTAINED_MS: '0', OVERLOAD_MIN_IN_FLIGHT: '0' }
const ctx = await setupTestApp(t)
const get = (app: typeof ctx.app, url: string) =>
  app.inject({
    method: 'GET',
    url,
    headers: url.startsWith('/emulator') ? { 'x-emulator-token': 'test-admin-token-0123456789' } : {},
  })

t.test(
  'a forced overload of every route sheds /api but never Swagger UI, its assets, the probes or /emulator',
  async (t) => {
    t.teardown(() => ctx.emulator('DELETE', '/emulator/faults'))
    t.equal((await ctx.emulator('PUT', '/emulator/faults', { routePattern: '/*', overload: true })).statusCode, 200)
    const shed = await get(ctx.app, '/api/v1/benefits')
    t.equal(shed.statusCode, 503)
    t.equal(json(shed).code, 'OVERLOADED')
    for (const url of NEVER_SHED) t.equal((await get(ctx.app, url)).statusCode, 200, url)
  },
)

t.test('a blocked event loop sheds /api but never Swagger UI, its assets, the probes or /emulator', async (t) => {
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
  // All at once, before the next sample of the event-loop delay clears the pressure.
  const [shed, ...exempt] = await Promise.all(['/api/v1/benefits', ...NEVER_SHED].map((url) => get(busy.app, url)))
  t.equal(shed.statusCode, 503, 'the API is shed')
  t.equal(json(shed).code, 'OVERLOADED')
  exempt.forEach((res, i) => t.equal(res.statusCode, 200, NEVER_SHED[i]))
})

t.test(
  'the requests in flight are counted down as they are answered: a lone client after many is not shed',
  async (t) => {
    const busy = await setupTestApp(
      t,
      { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '50', OVERLOAD_SUSTAINED_MS: '0', OVERLOAD_MIN_IN_FLIGHT: '2' },
      ctx.database,
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
    // Answered ones and refused ones (404, 401): each leaves the count as it came in.
    for (let i = 0; i < 20; i++)
      await get(busy.app, ['/api/v1/benefits', '/api/v1/nothing', '/api/v1/applications'][i % 3])
    const blockEventLoop = async () => {
      for (let i = 0; i < 8; i++) {
        const until = Date.now() + 120
        while (Date.now() < until) {
          // busy
        }
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    await blockEventLoop()
    const lone = await get(busy.app, '/api/v1/benefits')
    t.equal(lone.statusCode, 200, 'one request in flight is not shed, however many came before it')
    await blockEventLoop()
    const crowd = await Promise.all(Array.from({ length: 4 }, () => get(busy.app, '/api/v1/benefits')))
    t.ok(
      crowd.some((res) => res.statusCode === 503),
      `several at once under the same pressure are shed (${crowd.map((r) => r.statusCode).join(', ')})`,
    )
  },
)
