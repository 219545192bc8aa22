import t from 'tap'
import { createShedDecision } from '../../src/plugins/shedding.rules.js'
import { setupTestApp } from '../helper.js'

t.test('sustained pressure and enough requests in flight, or nothing is shed', async (t) => {
  let clock = 0
  const shed = createShedDecision({ sustainedMs: 2000, minInFlight: 3 }, () => clock)
  for (let i = 0; i < 3; i++) shed.started()
  shed.sample(true)
  t.notOk(shed.shouldShed(), 'pressure that has just begun')
  clock = 1999
  t.notOk(shed.shouldShed())
  clock = 2000
  t.ok(shed.shouldShed(), 'two seconds of pressure with three in flight')
  shed.finished()
  t.notOk(shed.shouldShed(), 'two in flight: turning them away relieves nothing')
  shed.started()
  shed.sample(false)
  clock = 5000
  shed.sample(true)
  t.notOk(shed.shouldShed(), 'a sample without pressure starts the count again')
  clock = 7000
  t.ok(shed.shouldShed())
})

t.test('a lone client after one long stall of the event loop is answered, with the defaults', async (t) => {
  // The production thresholds but for the delay, which a test can cross: 2 s sustained, 8 in flight.
  const ctx = await setupTestApp(t, {
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '50',
    OVERLOAD_SUSTAINED_MS: '2000',
    OVERLOAD_MIN_IN_FLIGHT: '8',
  })
  await new Promise((resolve) => setTimeout(resolve, 300))
  for (let i = 0; i < 8; i++) {
    const until = Date.now() + 120
    while (Date.now() < until) {
      // busy: another program holding the machine
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
  for (let i = 0; i < 5; i++) {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })
    t.equal(res.statusCode, 200, `request ${i + 1} of a lone client`)
  }
})

t.test('sustained pressure with many requests in flight is shed', async (t) => {
  const ctx = await setupTestApp(t, {
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '50',
    OVERLOAD_SUSTAINED_MS: '300',
    OVERLOAD_MIN_IN_FLIGHT: '4',
  })
  await new Promise((resolve) => setTimeout(resolve, 300))
  for (let i = 0; i < 8; i++) {
    const until = Date.now() + 120
    while (Date.now() < until) {
      // busy
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
  const answers = await Promise.all(
    Array.from({ length: 12 }, () => ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })),
  )
  t.ok(
    answers.some((r) => r.statusCode === 503),
    `some of 12 concurrent requests shed (${answers.map((r) => r.statusCode).join(',')})`,
  )
})
