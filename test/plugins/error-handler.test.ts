import { Writable } from 'node:stream'
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/app.js'
import { createTestDatabase } from '../db.js'
import { ADMIN_TOKEN, json, setupTestApp, testConfig } from '../helper.js'

const ctx = await setupTestApp(t)
const TOKEN = { 'x-emulator-token': ADMIN_TOKEN }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Every error is problem+json carrying its code, the request id (also in x-request-id) and the no-cache headers. */
function assertProblem(t: Test, res: LightMyRequestResponse, status: number, code: string) {
  t.equal(res.statusCode, status, `status ${status}`)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  const body = json(res)
  t.match(body, {
    status,
    code,
    type: `urn:inps-emulator:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: String,
  })
  t.ok(body.requestId, 'requestId in the body')
  t.equal(body.requestId, res.headers['x-request-id'], 'the same id in the header')
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal(res.headers.vary, 'Authorization')
  return body
}

const GIULIA = {
  firstName: 'Giulia',
  lastName: 'Bianchi',
  birthDate: '1984-06-12',
  sex: 'F',
  birthPlace: 'Roma',
  residence: { street: 'Via Appia Nuova 215', postalCode: '00183', municipality: 'Roma', province: 'RM' },
}

t.test('an unknown route is 404 ROUTE_NOT_FOUND without echoing the query', async (t) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/nowhere?codiceFiscale=BNCGLI84H52H501C' })
  const body = assertProblem(t, res, 404, 'ROUTE_NOT_FOUND')
  t.match(body.requestId, UUID)
  t.equal(body.instance, '/api/v1/nowhere')
  t.equal(body.detail, 'No route GET /api/v1/nowhere')
  t.notMatch(res.body, 'BNCGLI84H52H501C')
  const post = await ctx.app.inject({ method: 'DELETE', url: '/health/live' })
  assertProblem(t, post, 404, 'ROUTE_NOT_FOUND')
})

t.test('a body that is not JSON is 400 INVALID_JSON and changes nothing', async (t) => {
  const before = await ctx.app.clock.state()
  const res = await ctx.app.inject({
    method: 'PUT',
    url: '/emulator/clock',
    headers: { ...TOKEN, 'content-type': 'application/json' },
    payload: '{"now": "2020-04-01T08:00:00Z", "frozen": tru',
  })
  const body = assertProblem(t, res, 400, 'INVALID_JSON')
  t.notMatch(body.detail, /2020-04-01/, 'the body is not echoed')
  const empty = await ctx.app.inject({
    method: 'PUT',
    url: '/emulator/clock',
    headers: { ...TOKEN, 'content-type': 'application/json' },
    payload: '',
  })
  assertProblem(t, empty, 400, 'INVALID_JSON')
  const after = await ctx.app.clock.state()
  t.equal(after.frozen, before.frozen, 'the clock was not touched')
  t.ok(Math.abs(after.now.getTime() - Date.now()) < 5_000)
})

t.test('a content type the route does not take is 415', async (t) => {
  const res = await ctx.app.inject({
    method: 'PUT',
    url: '/emulator/clock',
    headers: { ...TOKEN, 'content-type': 'application/xml' },
    payload: '<now>2020-04-01T08:00:00Z</now>',
  })
  assertProblem(t, res, 415, 'UNSUPPORTED_MEDIA_TYPE')
})

t.test('a body over 1 MiB is 413 and is never stored', async (t) => {
  const cf = 'BNCGLI84H52H501C'
  const big = { ...GIULIA, residence: { ...GIULIA.residence, street: 'x'.repeat(1_048_576) } }
  const res = await ctx.app.inject({ method: 'PUT', url: `/emulator/persons/${cf}`, headers: TOKEN, payload: big })
  assertProblem(t, res, 413, 'PAYLOAD_TOO_LARGE')
  const row = await ctx.database.db
    .selectFrom('persons')
    .select('residence')
    .where('codice_fiscale', '=', cf)
    .executeTakeFirstOrThrow()
  t.equal(row.residence.street, 'Via Appia Nuova 215', 'the fixture is unchanged')
})

t.test('a validation error names every bad field', async (t) => {
  const cf = 'BNCGLI84H52H501C'
  const { postalCode: _omitted, ...residence } = GIULIA.residence
  const res = await ctx.app.inject({
    method: 'PUT',
    url: `/emulator/persons/${cf}`,
    headers: TOKEN,
    payload: { ...GIULIA, residence, shoeSize: 38 },
  })
  const body = assertProblem(t, res, 400, 'VALIDATION_ERROR')
  const fields = body.errors.map((e: { field: string }) => e.field).sort()
  t.same(fields, ['/residence/postalCode', '/shoeSize'])
  for (const e of body.errors) t.type(e.message, 'string')
  t.match(body.detail, /\/residence\/postalCode/)
  t.match(body.detail, /\/shoeSize/)
  const query = await ctx.app.inject({ method: 'GET', url: '/emulator/persons?limit=0', headers: TOKEN })
  t.match(
    assertProblem(t, query, 400, 'VALIDATION_ERROR').errors,
    [{ field: 'querystring:/limit' }],
    'query fields say where they are',
  )
  const row = await ctx.database.db
    .selectFrom('persons')
    .selectAll()
    .where('codice_fiscale', '=', cf)
    .executeTakeFirstOrThrow()
  t.equal(row.residence.postalCode, '00183', 'nothing written')
})

t.test('x-request-id: a safe one prefixes a fresh id, an unsafe one is replaced', async (t) => {
  const safe = await ctx.app.inject({
    method: 'GET',
    url: '/nowhere',
    headers: { 'x-request-id': 'client-42.retry_1' },
  })
  t.match(safe.headers['x-request-id'], /^client-42\.retry_1~[0-9a-f-]{36}$/)
  t.equal(json(safe).requestId, safe.headers['x-request-id'])
  const ok = await ctx.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'trace-abc' } })
  t.match(ok.headers['x-request-id'], /^trace-abc~[0-9a-f-]{36}$/, 'on successes too')
  for (const unsafe of ['<script>alert(1)</script>', 'has spaces in it', 'a'.repeat(65), 'line\\nbreak"}']) {
    const res = await ctx.app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': unsafe } })
    t.match(res.headers['x-request-id'], UUID, `${unsafe.slice(0, 20)} replaced`)
    t.equal(json(res).requestId, res.headers['x-request-id'])
    t.notMatch(res.body, unsafe)
  }
  const logged = ctx.logs.filter((l) => typeof l.reqId === 'string' && String(l.reqId).includes('script'))
  t.same(logged, [], 'the unsafe id never reaches the log')
  const fresh = await Promise.all([1, 2].map(() => ctx.app.inject({ method: 'GET', url: '/health/live' })))
  t.not(fresh[0].headers['x-request-id'], fresh[1].headers['x-request-id'], 'generated ids differ')
})

t.test('every response says Cache-Control: no-store and Vary: Authorization', async (t) => {
  const responses = [
    await ctx.app.inject({ method: 'GET', url: '/health/live' }),
    await ctx.app.inject({ method: 'GET', url: '/health/ready' }),
    await ctx.app.inject({ method: 'GET', url: '/emulator/persons/BNCGLI84H52H501C', headers: TOKEN }),
    await ctx.app.inject({ method: 'GET', url: '/emulator/persons/BNCGLI84H52H501C' }),
    await ctx.app.inject({
      method: 'GET',
      url: '/emulator/persons?limit=2',
      headers: { ...TOKEN, authorization: 'Bearer abc' },
    }),
    await ctx.app.inject({ method: 'GET', url: '/openapi.json' }),
    await ctx.app.inject({ method: 'GET', url: '/missing' }),
  ]
  t.same(
    responses.map((r) => r.statusCode),
    [200, 200, 200, 401, 200, 200, 404],
  )
  for (const res of responses) {
    t.equal(res.headers['cache-control'], 'no-store', `${res.statusCode} no-store`)
    t.equal(res.headers.vary, 'Authorization', `${res.statusCode} vary`)
  }
})

t.test('an unexpected error is a 500 that hides what went wrong', async (t) => {
  const database = await createTestDatabase()
  const chunks: string[] = []
  const logStream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk.toString())
      done()
    },
  })
  const app = await buildApp(testConfig(), { database, logStream })
  t.teardown(async () => {
    await app.close()
    await database.close()
  })
  app.get('/boom', async () => {
    throw new Error('connection to 10.0.0.7 refused for user inps_admin')
  })
  app.get('/boom-sync', () => {
    throw Object.assign(new TypeError('cannot read hunter2'), { statusCode: 503 })
  })
  app.get('/boom-null', async () => {
    throw null
  })
  await app.ready()

  for (const url of ['/boom', '/boom-sync', '/boom-null']) {
    const res = await app.inject({ method: 'GET', url, headers: { 'x-request-id': `req-${url.slice(1)}` } })
    const body = assertProblem(t, res, 500, 'INTERNAL_ERROR')
    t.match(body.requestId, new RegExp(`^req-${url.slice(1)}~`))
    t.equal(body.instance, url)
    t.same(
      Object.keys(body).sort(),
      ['code', 'detail', 'instance', 'requestId', 'status', 'title', 'type'],
      `${url}: nothing else`,
    )
    for (const leak of ['10.0.0.7', 'inps_admin', 'hunter2', 'TypeError', 'stack', ' at ', 'validation', 'Cannot read'])
      t.notMatch(res.body, leak, `${url}: no "${leak}"`)
  }
  const logged = chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
  const boom = logged.find((l) => String(l.reqId).startsWith('req-boom~') && l.level === 50)
  t.match(
    boom,
    { msg: 'unhandled error', err: { message: /10\.0\.0\.7/ } },
    'the operator still finds the cause in the log',
  )
})
