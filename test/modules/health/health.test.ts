import { Writable } from 'node:stream'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { createTestDatabase } from '../../db.js'
import { json, setupTestApp, testConfig } from '../../helper.js'

const ctx = await setupTestApp(t)
const expectedBackend = process.env.DATABASE_URL ? 'postgres' : 'pglite'

t.test('/health/live answers without credentials', async (t) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/health/live' })
  t.equal(res.statusCode, 200)
  t.same(json(res), { status: 'ok' })
  t.match(res.headers['content-type'], /^application\/json/)
})

t.test('/health/ready checks the database and names the backend', async (t) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(res.statusCode, 200)
  t.same(json(res), { status: 'ok', backend: expectedBackend })
  t.equal(ctx.app.backend, expectedBackend)
})

t.test('/health/ready is 503 DATABASE_UNAVAILABLE with Retry-After once the database is gone', async (t) => {
  const database = await createTestDatabase()
  const chunks: string[] = []
  const logStream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk.toString())
      done()
    },
  })
  const app = await buildApp(testConfig(), { database, logStream })
  await app.ready()
  t.teardown(() => app.close())

  t.equal((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode, 200, 'ready while the database is up')
  await database.close()

  const res = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(res.statusCode, 503)
  t.equal(res.headers['retry-after'], '5')
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(json(res), {
    status: 503,
    code: 'DATABASE_UNAVAILABLE',
    title: 'Service Unavailable',
    requestId: res.headers['x-request-id'],
  })
  t.notMatch(res.body, /destroyed|driver|stack/i, 'the cause stays in the log')

  const live = await app.inject({ method: 'GET', url: '/health/live' })
  t.equal(live.statusCode, 200, 'the process is still alive')

  const warning = chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .find((l) => l.msg === 'readiness check failed')
  t.match(
    warning,
    { level: 40, reqId: res.headers['x-request-id'], err: { message: String } },
    'logged with its request id',
  )
})
