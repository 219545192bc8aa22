import t from 'tap'
import { sql } from 'kysely'
import { setupTestApp, json, type TestContext } from '../helper.js'
import { colombo, postRequest } from '../modules/pin/pin.factories.js'

const ctx = await setupTestApp(t, { ACCESS_WINDOWS_ENABLED: 'false' })
const db = ctx.database.db
const NOT_STATE = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'emulator_snapshots',
  'emulator_snapshot_tables',
  'emulator_requests',
])

/** Every state table and sequence, read generically from the catalog, in a comparable form. */
async function dump(): Promise<Record<string, unknown>> {
  const tables = await sql<{
    name: string
  }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`.execute(
    db,
  )
  const out: Record<string, unknown> = {}
  for (const { name } of tables.rows) {
    if (NOT_STATE.has(name)) continue
    const { rows } = await sql<{
      rows: unknown
    }>`SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY to_jsonb(t)::text), '[]') AS rows FROM ${sql.id(name)} t`.execute(
      db,
    )
    out[name] = rows[0].rows
  }
  const sequences = await sql<{
    name: string
  }>`SELECT sequence_name AS name FROM information_schema.sequences WHERE sequence_schema = current_schema() ORDER BY 1`.execute(
    db,
  )
  for (const { name } of sequences.rows) {
    if (name.startsWith('emulator_requests')) continue
    const { rows } = await sql`SELECT last_value, is_called FROM ${sql.id(name)}`.execute(db)
    out[`sequence:${name}`] = rows[0]
  }
  return out
}

const save = (c: TestContext, name: string) => c.emulator('POST', '/emulator/snapshots', { name })
const restore = (c: TestContext, name: string) => c.emulator('POST', `/emulator/snapshots/${name}/restore`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('save, change everything, restore: every table and sequence is back exactly', async (t) => {
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T10:00:00+02:00', frozen: true })
  const before = await dump()
  const saved = await save(ctx, 'baseline')
  t.equal(saved.statusCode, 201, saved.body)
  t.match(json(saved), { name: 'baseline', emulatedAt: '2020-04-01T10:00:00+02:00', size: Number })
  t.ok(json(saved).size > 0)

  // State moves on in many tables: PIN request (credentials, outbox, audit), an operator, a fault, the clock.
  t.equal((await postRequest(ctx, colombo())).statusCode, 201)
  t.equal((await ctx.emulator('POST', '/emulator/operators', { role: 'contact_center' })).statusCode, 201)
  t.equal(
    (await ctx.emulator('PUT', '/emulator/faults', { routePattern: '/api/v1/benefits', errorRate: 1 })).statusCode,
    200,
  )
  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 86_400 })
  t.not(JSON.stringify(await dump()), JSON.stringify(before), 'the state did change')

  const restored = await restore(ctx, 'baseline')
  t.equal(restored.statusCode, 200, restored.body)
  t.same(await dump(), before, 'tables and sequences as at the snapshot')
  t.same(
    json(await ctx.emulator('GET', '/emulator/clock')),
    { now: '2020-04-01T10:00:00+02:00', frozen: true, speed: 1 },
    'the cached clock was dropped',
  )
  t.equal(
    (await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })).statusCode,
    200,
    'the fault added after the snapshot is gone at once',
  )

  // The same request again gets the same ids as the first time: sequences went back too.
  t.equal((await postRequest(ctx, colombo())).statusCode, 201)
})

t.test('names are unique and checked; a missing snapshot is a 404', async (t) => {
  const dup = await save(ctx, 'baseline')
  t.equal(dup.statusCode, 409)
  t.equal(json(dup).code, 'SNAPSHOT_EXISTS')
  const bad = await save(ctx, 'no spaces/please')
  t.equal(bad.statusCode, 400)
  t.match(json(bad).errors, [{ field: '/name' }])
  const missing = await restore(ctx, 'nothing-here')
  t.equal(missing.statusCode, 404)
  t.equal(json(missing).code, 'SNAPSHOT_NOT_FOUND')
  t.equal(
    (await ctx.app.inject({ method: 'POST', url: '/emulator/snapshots', payload: { name: 'x' } })).statusCode,
    401,
    'the admin token is required',
  )
})

t.test('snapshots are listed, survive a restart and a reset, and can be deleted', async (t) => {
  await save(ctx, 'second')
  const restarted = await setupTestApp(t, {}, ctx.database)
  const list = json(await restarted.emulator('GET', '/emulator/snapshots')).items
  t.same(
    list.map((s: { name: string }) => s.name),
    ['baseline', 'second'],
  )
  t.match(list[0], { createdAt: String, emulatedAt: String, size: Number })
  await ctx.emulator('POST', '/emulator/reset')
  t.equal(json(await ctx.emulator('GET', '/emulator/snapshots')).items.length, 2, 'a reset keeps the snapshots')
  const deleted = await ctx.emulator('DELETE', '/emulator/snapshots/second')
  t.equal(deleted.statusCode, 204)
  t.equal((await ctx.emulator('DELETE', '/emulator/snapshots/second')).statusCode, 404)
  t.same(
    json(await ctx.emulator('GET', '/emulator/snapshots')).items.map((s: { name: string }) => s.name),
    ['baseline'],
  )
})

t.test('a running clock restarts from the emulated now of the snapshot, at its speed', async (t) => {
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-05-04T09:00:00+02:00', speed: 2 })
  await save(ctx, 'running')
  await ctx.emulator('PUT', '/emulator/clock', { now: '2021-01-01T00:00:00+01:00', speed: 1 })
  await restore(ctx, 'running')
  const clock = json(await ctx.emulator('GET', '/emulator/clock'))
  t.match(clock, { frozen: false, speed: 2 })
  t.ok(Math.abs(Date.parse(clock.now) - Date.parse('2020-05-04T09:00:00+02:00')) < 10_000, clock.now)
})

t.test('a session opened after the snapshot ends when its credential version goes back', async (t) => {
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T10:00:00+02:00', frozen: true })
  const cf = 'CLMGPP71P08A944C'
  await postRequest(ctx, colombo())
  await db.updateTable('pin_credentials').set({ version: 1 }).where('codice_fiscale', '=', cf).execute()
  await save(ctx, 'version-1')
  await db.updateTable('pin_credentials').set({ version: 2 }).where('codice_fiscale', '=', cf).execute()
  const token = (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' }))
    .accessToken
  const me = () => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })
  t.equal((await me()).statusCode, 200, 'current before the restore')
  await restore(ctx, 'version-1')
  t.ok(
    (
      await db
        .selectFrom('pin_credentials')
        .select('version')
        .where('codice_fiscale', '=', cf)
        .executeTakeFirstOrThrow()
    ).version === 1,
  )
  const after = await me()
  t.equal(after.statusCode, 401, 'version 2 no longer exists')
  t.equal(json(after).code, 'SESSION_REVOKED')
})

t.test(
  'a restore waits for requests in flight; requests arriving meanwhile wait and see the restored state',
  async (t) => {
    await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T10:00:00+02:00', frozen: true })
    await ctx.emulator('DELETE', '/emulator/snapshots/quiet')
    await save(ctx, 'quiet')
    t.equal(
      (await ctx.emulator('PUT', '/emulator/faults', { routePattern: '/api/v1/benefits', latencyMs: 700 })).statusCode,
      200,
    )
    const done: string[] = []
    const slow = ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' }).then((r) => (done.push('slow'), r))
    await sleep(100)
    const restoring = restore(ctx, 'quiet').then((r) => (done.push('restore'), r))
    await sleep(50)
    const later = ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' }).then((r) => (done.push('later'), r))
    const [slowRes, restoreRes, laterRes] = await Promise.all([slow, restoring, later])
    t.equal(slowRes.statusCode, 200)
    t.equal(restoreRes.statusCode, 200)
    t.equal(laterRes.statusCode, 200)
    t.same(
      done,
      ['slow', 'restore', 'later'],
      'the restore waited for the slow request; the later one waited for the restore',
    )
    t.same(
      json(await ctx.emulator('GET', '/emulator/faults')).items,
      [],
      'the later request ran on the restored state (no latency fault)',
    )
  },
)

t.test('past RESTORE_WAIT_MS a waiting request gets 503 RESTORE_IN_PROGRESS with Retry-After', async (t) => {
  const impatient = await setupTestApp(t, { RESTORE_WAIT_MS: '50', ACCESS_WINDOWS_ENABLED: 'false' }, ctx.database)
  t.equal(
    (await impatient.emulator('PUT', '/emulator/faults', { routePattern: '/api/v1/benefits', latencyMs: 600 }))
      .statusCode,
    200,
  )
  const slow = impatient.app.inject({ method: 'GET', url: '/api/v1/benefits' })
  await sleep(100)
  const restoring = restore(impatient, 'quiet')
  await sleep(20)
  const turnedAway = await impatient.app.inject({ method: 'GET', url: '/api/v1/me' })
  t.equal(turnedAway.statusCode, 503)
  t.equal(json(turnedAway).code, 'RESTORE_IN_PROGRESS')
  t.equal(turnedAway.headers['retry-after'], '1')
  t.equal((await slow).statusCode, 200)
  t.equal((await restoring).statusCode, 200)
})
