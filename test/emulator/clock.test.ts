import t from 'tap'
import { setupTestApp, json } from '../helper.js'

const ctx = await setupTestApp(t)

t.test('the clock follows real time by default', async (t) => {
  const res = await ctx.emulator('GET', '/emulator/clock')
  t.equal(res.statusCode, 200)
  const { now, frozen } = json(res)
  t.equal(frozen, false)
  t.match(now, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
  t.ok(Math.abs(Date.parse(now) - Date.now()) < 5_000, 'within a few seconds of real time')
})

t.test('a frozen clock stands still and advances exactly', async (t) => {
  const set = await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T07:59:00+02:00', frozen: true })
  t.equal(set.statusCode, 200)
  t.same(json(set), { now: '2020-04-01T07:59:00+02:00', frozen: true, speed: 1 })
  const advanced = await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 60 })
  t.same(json(advanced), { now: '2020-04-01T08:00:00+02:00', frozen: true, speed: 1 })
  t.equal(
    (await ctx.app.clock.now()).toISOString(),
    '2020-04-01T06:00:00.000Z',
    'the service clock reads the same instant',
  )
})

t.test('a running clock set in the past keeps running from there', async (t) => {
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-03-17T12:00:00Z' })
  const first = await ctx.app.clock.now()
  await new Promise((r) => setTimeout(r, 50))
  const second = await ctx.app.clock.now()
  t.ok(Math.abs(first.getTime() - Date.parse('2020-03-17T12:00:00Z')) < 2_000)
  t.ok(second > first, 'time moves on')
  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 86400 })
  const third = await ctx.app.clock.now()
  t.ok(third.getTime() - second.getTime() >= 86_400_000)
})

t.test('concurrent advances all count (one atomic UPDATE each)', async (t) => {
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T00:00:00Z', frozen: true })
  await Promise.all(
    Array.from({ length: 10 }, () => ctx.emulator('POST', '/emulator/clock/advance', { seconds: 3600 })),
  )
  t.equal((await ctx.app.clock.now()).toISOString(), '2020-04-01T10:00:00.000Z')
})

t.test('bad clock input is a problem naming the field', async (t) => {
  const badTime = await ctx.emulator('PUT', '/emulator/clock', { now: 'yesterday' })
  t.equal(badTime.statusCode, 400)
  t.equal(json(badTime).code, 'VALIDATION_ERROR')
  t.match(json(badTime).errors, [{ field: '/now' }])
  t.match(badTime.headers['content-type'], /application\/problem\+json/)
  const negative = await ctx.emulator('POST', '/emulator/clock/advance', { seconds: -5 })
  t.equal(negative.statusCode, 400)
  t.match(json(negative).errors, [{ field: '/seconds' }])
})

t.test('the range holds in Rome time: the clock never reads a five-digit year or a NaN offset', async (t) => {
  // 23:59:59Z on 31 December 9999 is already 00:59:59 on 1 January 10000 in Rome (UTC+1).
  const past = await ctx.emulator('PUT', '/emulator/clock', { now: '9999-12-31T23:59:59Z', frozen: true })
  t.equal(past.statusCode, 422)
  t.equal(json(past).code, 'CLOCK_OUT_OF_RANGE')
  t.match(json(past).errors, [{ field: '/now' }])
  const last = await ctx.emulator('PUT', '/emulator/clock', { now: '9999-12-31T23:59:59+01:00', frozen: true })
  t.equal(last.statusCode, 200)
  t.equal(json(last).now, '9999-12-31T23:59:59+01:00')
  const over = await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 1 })
  t.equal(over.statusCode, 422)
  t.equal(json(over).code, 'CLOCK_OUT_OF_RANGE')
  const first = await ctx.emulator('PUT', '/emulator/clock', { now: '1900-01-01T00:00:00+01:00', frozen: true })
  t.equal(json(first).now, '1900-01-01T00:00:00+01:00')
  const before = await ctx.emulator('PUT', '/emulator/clock', { now: '1899-12-31T22:59:59Z', frozen: true })
  t.equal(json(before).code, 'CLOCK_OUT_OF_RANGE')
  const read = await ctx.emulator('GET', '/emulator/clock')
  t.notMatch(json(read).now, /NaN/)
})

t.test('the clock lives in the database, shared by every instance', async (t) => {
  const other = await setupTestApp(t, {}, ctx.database)
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-02T16:00:00+02:00', frozen: true })
  t.same(json(await other.emulator('GET', '/emulator/clock')), {
    now: '2020-04-02T16:00:00+02:00',
    frozen: true,
    speed: 1,
  })
})
