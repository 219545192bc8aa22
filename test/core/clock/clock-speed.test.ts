import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { colombo, postRequest } from '../../modules/pin/pin.factories.js'

// One emulated hour of postal delay: at speed 3600 it passes in one real second.
const ctx = await setupTestApp(t, { POSTAL_DELAY_HOURS: '1', ACCESS_WINDOWS_ENABLED: 'false' })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const clock = async () => json(await ctx.emulator('GET', '/emulator/clock'))

t.afterEach(async () => {
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T10:00:00+02:00', speed: 1 })
})

t.test('a running clock at speed 3600 moves an emulated hour per real second', async (t) => {
  const set = await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T10:00:00+02:00', speed: 3600 })
  t.equal(set.statusCode, 200)
  t.match(json(set), { frozen: false, speed: 3600 })
  const start = Date.now()
  const first = Date.parse((await clock()).now)
  await sleep(500)
  const elapsedReal = Date.now() - start
  const second = Date.parse((await clock()).now)
  const gained = second - first
  t.ok(
    gained >= 0.8 * 3600 * elapsedReal - 5000 && gained <= 1.2 * 3600 * (elapsedReal + 100),
    `gained ${gained} ms in ${elapsedReal} real ms`,
  )
})

t.test('changing only the speed keeps the emulated now (no jump) and the frozen state', async (t) => {
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T10:00:00+02:00', frozen: true })
  const faster = await ctx.emulator('PUT', '/emulator/clock', { speed: 100 })
  t.same(
    json(faster),
    { now: '2020-04-01T10:00:00+02:00', frozen: true, speed: 100 },
    'still frozen at the same instant',
  )
  const running = await ctx.emulator('PUT', '/emulator/clock', { frozen: false })
  t.match(json(running), { frozen: false, speed: 100 })
  t.ok(
    Math.abs(Date.parse(json(running).now) - Date.parse('2020-04-01T10:00:00+02:00')) < 2_000,
    'starts running from where it stood',
  )
  await sleep(200)
  const slower = json(await ctx.emulator('PUT', '/emulator/clock', { speed: 1 }))
  const gained = Date.parse(slower.now) - Date.parse('2020-04-01T10:00:00+02:00')
  t.ok(gained >= 15_000 && gained < 200_000, `the 100× stretch counted once it was over (${gained} ms)`)
  const after = json(await ctx.emulator('GET', '/emulator/clock'))
  t.ok(Date.parse(after.now) - Date.parse(slower.now) < 2_000, 'back at real speed: no jump')
})

t.test('the speed is shared by every instance through the database', async (t) => {
  const other = await setupTestApp(t, {}, ctx.database)
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T10:00:00+02:00', speed: 3600 })
  t.match(json(await other.emulator('GET', '/emulator/clock')), { speed: 3600, frozen: false })
  const row = await ctx.app.db.selectFrom('emulator_clock').select(['speed']).executeTakeFirstOrThrow()
  t.equal(Number(row.speed), 3600)
})

t.test('a speed out of 1–10,000 is refused naming the field', async (t) => {
  for (const speed of [0, 0.5, 10_001, -3]) {
    const res = await ctx.emulator('PUT', '/emulator/clock', { speed })
    t.equal(res.statusCode, 400, `speed ${speed}`)
    t.match(json(res).errors, [{ field: '/speed' }])
  }
  t.equal((await clock()).speed, 1, 'unchanged')
})

t.test('a reset puts the clock back at real speed', async (t) => {
  await ctx.emulator('PUT', '/emulator/clock', { speed: 50 })
  await ctx.emulator('POST', '/emulator/reset')
  t.equal((await clock()).speed, 1)
})

t.test('at speed 3600 the letter with the second half arrives by itself after a one-hour postal delay', async (t) => {
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T10:00:00+02:00', speed: 3600 })
  const created = await postRequest(ctx, colombo())
  t.equal(created.statusCode, 201, created.body)
  const letters = async () =>
    json(await ctx.emulator('GET', '/emulator/outbox?codiceFiscale=CLMGPP71P08A944C&channel=post')).items
  t.equal((await letters()).length, 0, 'not yet delivered')
  const deadline = Date.now() + 10_000
  let delivered: unknown[] = []
  while (Date.now() < deadline && delivered.length === 0) {
    await sleep(250)
    delivered = await letters()
  }
  t.equal(delivered.length, 1, 'delivered without advancing the clock, within seconds of real time')
  t.match(delivered[0], { pinPart: 'second' })
})
