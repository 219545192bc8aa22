import t from 'tap'
import type { InjectOptions } from 'fastify'
import { ADMIN_TOKEN, json, setupTestApp } from '../helper.js'

const ctx = await setupTestApp(t)

const GIULIA = 'BNCGLI84H52H501C'
// One route of each emulator module, with a body that would succeed (and change state) if let through.
const ROUTES: Array<{ method: InjectOptions['method']; url: string; payload?: object }> = [
  { method: 'GET', url: '/emulator/clock' },
  { method: 'PUT', url: '/emulator/clock', payload: { now: '2020-04-01T08:00:00+02:00', frozen: true } },
  { method: 'GET', url: `/emulator/persons/${GIULIA}` },
  { method: 'GET', url: '/emulator/persons' },
  { method: 'POST', url: '/emulator/operators', payload: { role: 'patronato' } },
  { method: 'GET', url: '/emulator/operators' },
  { method: 'PUT', url: '/emulator/offices/1300', payload: { open: false } },
  { method: 'GET', url: '/emulator/outbox' },
  { method: 'GET', url: '/emulator/audit' },
  { method: 'POST', url: '/emulator/reset' },
]

async function snapshot() {
  const db = ctx.database.db
  const count = async (table: 'operators' | 'audit_events' | 'persons') =>
    Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  const clock = await db.selectFrom('emulator_clock').select(['frozen_at', 'offset_ms']).executeTakeFirstOrThrow()
  const office = await db.selectFrom('offices').select('open').where('code', '=', '1300').executeTakeFirstOrThrow()
  return {
    operators: await count('operators'),
    audit: await count('audit_events'),
    persons: await count('persons'),
    clock,
    officeOpen: office.open,
  }
}

t.test('no X-Emulator-Token: 401 EMULATOR_TOKEN_REQUIRED on every route, nothing changes', async (t) => {
  const before = await snapshot()
  for (const route of ROUTES) {
    for (const headers of [{}, { 'x-emulator-token': '' }, { authorization: `Bearer ${ADMIN_TOKEN}` }]) {
      const res = await ctx.app.inject({ ...route, headers })
      const where = `${route.method} ${route.url} ${Object.keys(headers).join(',') || 'no header'}`
      t.equal(res.statusCode, 401, where)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.match(json(res), { status: 401, code: 'EMULATOR_TOKEN_REQUIRED', requestId: String }, where)
    }
  }
  t.same(await snapshot(), before, 'no operator, office, clock, reset or audit change')
})

t.test('a wrong X-Emulator-Token: 401 EMULATOR_TOKEN_INVALID on every route, nothing changes', async (t) => {
  const before = await snapshot()
  const wrong = [`${ADMIN_TOKEN}x`, ADMIN_TOKEN.slice(0, -1), ADMIN_TOKEN.toUpperCase(), 'nope']
  for (const route of ROUTES) {
    for (const token of wrong) {
      const res = await ctx.app.inject({ ...route, headers: { 'x-emulator-token': token } })
      t.equal(res.statusCode, 401, `${route.method} ${route.url} with ${token}`)
      t.equal(json(res).code, 'EMULATOR_TOKEN_INVALID')
      t.notMatch(res.body, ADMIN_TOKEN.slice(0, 10), 'the real token is not hinted at')
    }
  }
  t.same(await snapshot(), before)
})

t.test('the guard runs before body validation', async (t) => {
  const res = await ctx.app.inject({ method: 'PUT', url: '/emulator/clock', payload: { now: 'not a time' } })
  t.equal(res.statusCode, 401)
  t.equal(json(res).code, 'EMULATOR_TOKEN_REQUIRED')
  const badJson = await ctx.app.inject({
    method: 'PUT',
    url: '/emulator/clock',
    headers: { 'content-type': 'application/json', 'x-emulator-token': 'wrong' },
    payload: '{',
  })
  t.equal(json(badJson).code, 'EMULATOR_TOKEN_INVALID')
})

t.test('the right token opens every route', async (t) => {
  for (const { method, url } of ROUTES.filter((r) => r.method === 'GET')) {
    const res = await ctx.emulator(method, url)
    t.equal(res.statusCode, 200, `${method} ${url}`)
  }
})

t.test('EMULATOR_ENABLED=false: no /emulator routes at all, not even documented', async (t) => {
  const off = await setupTestApp(t, { EMULATOR_ENABLED: 'false' }, ctx.database)
  t.equal(off.app.config.emulatorEnabled, false)
  for (const route of ROUTES) {
    const res = await off.emulator(route.method, route.url, route.payload)
    t.equal(res.statusCode, 404, `${route.method} ${route.url}`)
    t.equal(json(res).code, 'ROUTE_NOT_FOUND')
  }
  const document = json(await off.app.inject({ method: 'GET', url: '/openapi.json' }))
  const paths = Object.keys(document.paths)
  t.ok(paths.includes('/health/ready'), 'the rest of the API is documented')
  t.same(
    paths.filter((p) => p.startsWith('/emulator')),
    [],
    'no /emulator path',
  )
  t.equal((await off.app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200)

  const on = json(await ctx.app.inject({ method: 'GET', url: '/openapi.json' }))
  t.ok(
    Object.keys(on.paths).some((p) => p.startsWith('/emulator/')),
    'an enabled app documents them',
  )
})

t.test('without EMULATOR_ADMIN_TOKEN a random token is generated, and it works', async (t) => {
  const first = await setupTestApp(t, { EMULATOR_ADMIN_TOKEN: '' }, ctx.database)
  const second = await setupTestApp(t, { EMULATOR_ADMIN_TOKEN: '' }, ctx.database)
  t.equal(first.app.emulatorAdminTokenGenerated, true)
  t.equal(ctx.app.emulatorAdminTokenGenerated, false)
  t.equal(ctx.app.emulatorAdminToken, ADMIN_TOKEN)
  const token = first.app.emulatorAdminToken
  t.match(token, /^[A-Za-z0-9_-]{32,}$/, 'long and URL-safe')
  t.not(token, second.app.emulatorAdminToken, 'a new one per start')

  const ok = await first.app.inject({ method: 'GET', url: '/emulator/clock', headers: { 'x-emulator-token': token } })
  t.equal(ok.statusCode, 200)
  const configured = await first.emulator('GET', '/emulator/clock') // sends ADMIN_TOKEN
  t.equal(configured.statusCode, 401)
  t.equal(json(configured).code, 'EMULATOR_TOKEN_INVALID')
  const crossed = await second.app.inject({
    method: 'GET',
    url: '/emulator/clock',
    headers: { 'x-emulator-token': token },
  })
  t.equal(json(crossed).code, 'EMULATOR_TOKEN_INVALID', "one instance's token does not open another's")
  t.notMatch(first.logText(), token, 'the generated token is not logged by the app')
})
