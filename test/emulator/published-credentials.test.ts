import t, { type Test } from 'tap'
import { fixtureOperators } from '../../src/emulator/fixtures.data.js'
import { json, setupTestApp, type TestContext } from '../helper.js'

// Security review F5: the fixture operators' PINs are in the README, so they must never open a
// deployment whose control API is off (EMULATOR_ENABLED=false), fresh or seeded earlier with it on.
const login = (ctx: TestContext, operatorId: string, pin: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/operator', payload: { operatorId, pin } })

async function publishedPinsRefused(t: Test, ctx: TestContext) {
  for (const { operatorId, pin } of fixtureOperators) {
    const res = await login(ctx, operatorId, pin)
    t.equal(res.statusCode, 401, `${operatorId} with its published PIN`)
    t.notOk(json(res).accessToken ?? json(res).changeToken, 'no token of any kind')
  }
}

t.test(
  'a fresh database without the control API: the archive is seeded, no operators and no published PIN',
  async (t) => {
    const off = await setupTestApp(t, { EMULATOR_ENABLED: 'false' })
    const db = off.database.db
    t.ok(
      Number((await db.selectFrom('persons').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) > 0,
      'the people are there',
    )
    t.same(await db.selectFrom('operators').select('id').execute(), [], 'no operators')
    await publishedPinsRefused(t, off)
    const state = await db
      .selectFrom('emulator_state')
      .select('value')
      .where('key', '=', 'fixtures_loaded_at')
      .executeTakeFirstOrThrow()
    t.match(state.value, { fixtures: true, operators: false })
  },
)

t.test(
  'a database seeded with the control API on, restarted without it: the published PINs stop working',
  async (t) => {
    const on = await setupTestApp(t)
    const db = on.database.db
    for (const { operatorId, pin } of fixtureOperators)
      t.equal((await login(on, operatorId, pin)).statusCode, 200, `${operatorId} works in the sandbox`)

    // PAT0002 renewed its expired PIN: a PIN nobody published, which must keep working.
    await on.emulator('POST', '/emulator/clock/advance', { seconds: 93 * 86400 })
    const expired = json(await login(on, 'PAT0002', 'PATB2020'))
    t.match(expired, { status: 'pin_change_required', reason: 'expired' })
    const changed = await on.app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin/change',
      payload: { changeToken: expired.changeToken, newPin: 'Privato7' },
    })
    t.match(json(changed), { status: 'authenticated' })
    const pat0001Expired = json(await login(on, 'PAT0001', 'PATA2020'))
    t.match(pat0001Expired, { status: 'pin_change_required' }, 'PAT0001 expired too, with a change token still valid')
    const versions = new Map(
      (await db.selectFrom('operators').select(['id', 'version']).execute()).map((o) => [o.id, o.version]),
    )

    const off = await setupTestApp(t, { EMULATOR_ENABLED: 'false' }, on.database)
    await publishedPinsRefused(t, off)
    t.match(json(await login(off, 'PAT0002', 'Privato7')), { status: 'authenticated' }, 'a PIN of its own still works')
    const reused = await off.app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin/change',
      payload: { changeToken: pat0001Expired.changeToken, newPin: 'Rubato88' },
    })
    t.equal(reused.statusCode, 401, 'a change token won with the published PIN is void')

    const rows = await db.selectFrom('operators').select(['id', 'version']).execute()
    t.equal(rows.length, fixtureOperators.length, 'the operators stay (their filings and audit refer to them)')
    for (const row of rows)
      t.equal(row.version, versions.get(row.id)! + (row.id === 'PAT0002' ? 0 : 1), `${row.id} version`)
    const audit = await db
      .selectFrom('audit_events')
      .select(['actor_type', 'detail'])
      .where('action', '=', 'operator.pin_retired')
      .orderBy('seq')
      .execute()
    t.same(
      audit.map((a) => a.detail.operatorId).sort(),
      fixtureOperators
        .map((o) => o.operatorId)
        .filter((id) => id !== 'PAT0002')
        .sort(),
      'each retirement audited',
    )
    t.ok(audit.every((a) => a.actor_type === 'system'))

    const again = await setupTestApp(t, { EMULATOR_ENABLED: 'false' }, on.database)
    t.equal((await login(again, 'PAT0002', 'Privato7')).statusCode, 200, 'a second start retires nothing more')
    t.equal(
      await db
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'operator.pin_retired')
        .execute()
        .then((r) => r.length),
      audit.length,
    )
  },
)
