import { connect } from 'node:net'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { createTestDatabase } from '../db.js'
import { json, setupTestApp, testConfig } from '../helper.js'
import { activateTestPin, bearer, fixturePerson } from '../factories.js'
import { OPERATORS, freeze, operatorToken, upload } from '../modules/credential/credential.factories.js'

const ctx = await setupTestApp(t)
const PIN_REQUESTS = '/api/v1/pin-requests'

/** The body of the probe: 80,000 keys, about 850 KB. */
const HUGE_BODY = Buffer.from(`{${Array.from({ length: 80_000 }, (_, i) => `"key${i}":1`).join(',')}}`)

t.test('80,000 unknown keys (850 KB): a small 413, quickly, without parsing the JSON', async (t) => {
  t.ok(HUGE_BODY.length > 800_000, `the body of the probe (${HUGE_BODY.length} bytes)`)
  const started = performance.now()
  const res = await ctx.app.inject({
    method: 'POST',
    url: PIN_REQUESTS,
    headers: { 'content-type': 'application/json' },
    payload: HUGE_BODY,
  })
  const elapsed = performance.now() - started
  t.equal(res.statusCode, 413)
  t.match(res.headers['content-type'], /application\/problem\+json/)
  t.equal(json(res).code, 'PAYLOAD_TOO_LARGE')
  t.ok(res.body.length < 2048, `a small answer (${res.body.length} bytes)`)
  t.ok(elapsed < 200, `answered in ${Math.round(elapsed)} ms`)
})

t.test('every route gets a body limit that fits it: 16 KiB with a body schema, 1 KiB without', async (t) => {
  const justOver = JSON.stringify({ codiceFiscale: 'x'.repeat(16 * 1024) })
  const pin = await ctx.app.inject({
    method: 'POST',
    url: PIN_REQUESTS,
    headers: { 'content-type': 'application/json' },
    payload: justOver,
  })
  t.equal(pin.statusCode, 413, 'a PIN request over 16 KiB')
  const noBody = await ctx.emulator('POST', '/emulator/jobs/run', { filler: 'x'.repeat(2048) })
  t.equal(noBody.statusCode, 413, 'a route without a body schema refuses 2 KB')
  t.equal((await ctx.emulator('POST', '/emulator/jobs/run', {})).statusCode, 200, 'but takes {}')
  const chunked = await ctx.app.inject({
    method: 'POST',
    url: PIN_REQUESTS,
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    payload: HUGE_BODY,
  })
  t.equal(chunked.statusCode, 413, 'a chunked body without Content-Length is stopped as it crosses the limit')
})

t.test('a flood of 850 KB bodies, 4 at a time, no longer starves GET /api/v1/benefits', async (t) => {
  // Load shedding as in production (the test configuration turns it off).
  const shedding = await setupTestApp(
    t,
    { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '1000', OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0.98' },
    ctx.database,
  )
  const app = shedding.app
  // Building an app keeps the event loop busy, and the load is sampled every 200 ms: wait until the
  // samples after the build let a GET through before the flood starts.
  await new Promise((r) => setTimeout(r, 500))
  for (let i = 0; i < 50; i++) {
    if ((await app.inject({ method: 'GET', url: '/api/v1/benefits' })).statusCode === 200) break
    await new Promise((r) => setTimeout(r, 100))
  }
  const floodCodes: number[] = []
  const floodMs: number[] = []
  let done = false
  const attacker = async () => {
    while (!done) {
      const started = performance.now()
      const res = await app.inject({
        method: 'POST',
        url: PIN_REQUESTS,
        headers: { 'content-type': 'application/json' },
        payload: HUGE_BODY,
      })
      floodMs.push(performance.now() - started)
      floodCodes.push(res.statusCode)
      // About the time 850 KB take on a fast link: the attacker's requests follow each other that closely.
      await new Promise((r) => setTimeout(r, 5))
    }
  }
  const flood = Promise.all(Array.from({ length: 4 }, attacker))
  const legitimate: number[] = []
  for (let i = 0; i < 37; i++) {
    legitimate.push((await app.inject({ method: 'GET', url: '/api/v1/benefits' })).statusCode)
    await new Promise((r) => setTimeout(r, 40))
  }
  done = true
  await flood
  t.same(
    legitimate.filter((c) => c !== 200),
    [],
    `all 37 GET /api/v1/benefits answered 200 during ${floodCodes.length} hostile bodies`,
  )
  t.ok(floodCodes.length >= 40, `the flood ran (${floodCodes.length} bodies)`)
  t.same([...new Set(floodCodes)], [413], 'every hostile body is a 413')
  const sorted = [...floodMs].sort((a, b) => a - b)
  t.ok(sorted[Math.floor(sorted.length / 2)]! < 20, `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms`)
})

t.test('under the property cap, the errors list still stops at 10 and says how many more', async (t) => {
  const payload = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`extra${i}`, i]))
  const res = await ctx.app.inject({ method: 'POST', url: PIN_REQUESTS, payload })
  t.equal(res.statusCode, 400)
  const body = json(res)
  t.equal(body.errors.length, 10)
  t.match(body.detail, /and \d+ more$/)
})

t.test('nested objects and long arrays are capped too', async (t) => {
  const nested = await ctx.app.inject({
    method: 'POST',
    url: PIN_REQUESTS,
    payload: { residence: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'x'])) },
  })
  t.equal(nested.statusCode, 400)
  t.match(json(nested).errors, [{ field: '/residence', message: /more than 100 properties/ }])
  const wide = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'x']))
  const deeper = await ctx.app.inject({
    method: 'POST',
    url: PIN_REQUESTS,
    payload: { residence: { street: 'Via Roma, 1' }, contacts: [1, { inner: wide }] },
  })
  t.equal(deeper.statusCode, 400)
  t.match(
    json(deeper).errors,
    [{ field: '/contacts/1/inner', message: /more than 100 properties/ }],
    'the path names array items',
  )
  const array = await ctx.app.inject({
    method: 'POST',
    url: PIN_REQUESTS,
    payload: { contacts: Array.from({ length: 1500 }, () => 1) },
  })
  t.equal(array.statusCode, 400)
  t.ok(json(array).errors.length <= 10)
  t.ok(array.body.length < 2048)
})

t.test('two requests with the same x-request-id get different request ids', async (t) => {
  const headers = { 'x-request-id': 'same-id-42' }
  const [a, b] = await Promise.all([1, 2].map(() => ctx.app.inject({ method: 'GET', url: '/health/live', headers })))
  t.not(a.headers['x-request-id'], b.headers['x-request-id'])
  t.match(a.headers['x-request-id'], /^same-id-42~/, "the caller's id is kept for correlation")
  const logged = ctx.logs.filter((l) => String(l.reqId).startsWith('same-id-42')).map((l) => l.reqId)
  t.equal(new Set(logged).size, 2, 'and the log lines of each stay apart')
})

t.test('security headers: no sniffing and no framing everywhere, a CSP on /docs that allows Swagger UI', async (t) => {
  const docs = await ctx.app.inject({ method: 'GET', url: '/docs/' })
  t.equal(docs.statusCode, 200)
  const csp = String(docs.headers['content-security-policy'])
  t.match(csp, /frame-ancestors 'none'/)
  t.match(csp, /script-src 'self'/)
  t.match(csp, /default-src 'self'/)
  t.notMatch(csp, /unsafe-eval/)
  t.notMatch(docs.body, /<script>(?!\s*<\/script>)[^<]/, 'no inline script that the CSP would block')
  const asset = await ctx.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' })
  t.equal(asset.statusCode, 200)
  t.equal(asset.headers['x-content-type-options'], 'nosniff')

  const responses = {
    docs,
    api: await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' }),
    openapi: await ctx.app.inject({ method: 'GET', url: '/openapi.json' }),
    notFound: await ctx.app.inject({ method: 'GET', url: '/nowhere' }),
    invalid: await ctx.app.inject({ method: 'POST', url: PIN_REQUESTS, payload: {} }),
  }
  for (const [name, res] of Object.entries(responses)) {
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${name}: nosniff`)
    t.equal(res.headers['x-frame-options'], 'DENY', `${name}: not framed`)
  }
  t.equal(responses.api.statusCode, 200)
  t.notOk(responses.api.headers['content-security-policy'], 'JSON answers carry no CSP')
  t.notOk(responses.api.headers['strict-transport-security'], 'HSTS is left to the TLS proxy')
})

t.test('a document download is not sniffed nor framed', async (t) => {
  await freeze(ctx)
  const session = await activateTestPin(ctx.app, fixturePerson('VAT-registered professional').codiceFiscale, 'Mela2020')
  const filed = await upload(ctx, session.accessToken)
  t.equal(filed.statusCode, 202)
  const reviewer = await operatorToken(ctx, OPERATORS.backoffice)
  const file = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/backoffice/pin-dispositivo-requests/${json(filed).id}/documents/module`,
    headers: bearer(reviewer),
  })
  t.equal(file.statusCode, 200)
  t.equal(file.headers['content-type'], 'application/pdf')
  t.equal(file.headers['x-content-type-options'], 'nosniff')
  t.equal(file.headers['x-frame-options'], 'DENY')
})

t.test('without the emulator, the OpenAPI document offers no emulatorToken', async (t) => {
  const withEmulator = json(await ctx.app.inject({ method: 'GET', url: '/openapi.json' }))
  t.ok(withEmulator.components.securitySchemes.emulatorToken, 'offered when the emulator is on')
  const off = await setupTestApp(t, { EMULATOR_ENABLED: 'false' }, ctx.database)
  const doc = json(await off.app.inject({ method: 'GET', url: '/openapi.json' }))
  t.same(Object.keys(doc.components.securitySchemes), ['bearerAuth'])
  t.notMatch(JSON.stringify(doc), /emulatorToken|X-Emulator-Token/)
})

t.test('query strings never reach the log', async (t) => {
  const secret = 'SECRETQ7X9'
  await ctx.app.inject({ method: 'GET', url: `/api/v1/benefits?token=${secret}&pin=PINQ1234` })
  await ctx.app.inject({ method: 'GET', url: `/nowhere?accessToken=${secret}` })
  await ctx.app.inject({
    method: 'GET',
    url: `/emulator/outbox?codiceFiscale=${secret}`,
    headers: { 'x-emulator-token': 'wrong-token-000000' },
  })
  const text = ctx.logText()
  t.notMatch(text, secret)
  t.notMatch(text, 'PINQ1234')
  t.ok(
    ctx.logs.some((l) => (l.req as { url?: string } | undefined)?.url === '/api/v1/benefits'),
    'the path is still logged',
  )
})

t.test('the emulated clock refuses dates after 9999 (and before 1900) cleanly', async (t) => {
  for (const now of ['+010000-01-01T00:00:00Z', '9999-12-31T23:30:00-01:00', '0000-01-01T00:00:00Z']) {
    const res = await ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
    t.ok([400, 422].includes(res.statusCode), `${now}: ${res.statusCode}`)
    t.match(res.headers['content-type'], /application\/problem\+json/)
  }
  const edge = await ctx.emulator('PUT', '/emulator/clock', { now: '9999-12-31T00:00:00Z', frozen: true })
  t.equal(edge.statusCode, 200)
  const beyond = await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 2 * 86400 })
  t.equal(beyond.statusCode, 422)
  t.match(json(beyond), { code: 'CLOCK_OUT_OF_RANGE', errors: [{ field: '/seconds' }] })
  t.equal((await ctx.app.clock.now()).toISOString(), '9999-12-31T00:00:00.000Z', 'the clock is unchanged')
  const read = await ctx.emulator('GET', '/emulator/clock')
  t.equal(read.statusCode, 200)
  t.ok(
    (await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 3600 })).statusCode === 200,
    'within range it still moves',
  )
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T08:00:00Z', frozen: true })
})

t.test('a promised body never sent: the server answers 408 and closes within the timeout', async (t) => {
  const database = await createTestDatabase()
  const app = await buildApp(
    testConfig({ HTTP_REQUEST_TIMEOUT_MS: '600', HTTP_HEADERS_TIMEOUT_MS: '400', LOG_LEVEL: 'silent' }),
    { database },
  )
  t.teardown(async () => {
    await app.close()
    await database.close()
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const started = Date.now()
  const outcome = await new Promise<{ data: string; closedAfterMs: number }>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST ${PIN_REQUESTS} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"codiceFiscale":`,
      )
    })
    let data = ''
    socket.on('data', (chunk) => (data += chunk.toString()))
    socket.on('close', () => resolve({ data, closedAfterMs: Date.now() - started }))
    socket.on('error', reject)
    setTimeout(() => {
      socket.destroy()
      reject(new Error('still open after 5 s'))
    }, 5000).unref()
  })
  t.match(outcome.data, /^HTTP\/1\.1 408/)
  t.ok(outcome.closedAfterMs < 3000, `closed after ${outcome.closedAfterMs} ms`)
})

t.test('a NUL character in the query string is refused and named by its field', async (t) => {
  const res = await ctx.emulator('GET', '/emulator/requests?path=/api%00/v1')
  t.equal(res.statusCode, 400)
  t.match(json(res), {
    code: 'VALIDATION_ERROR',
    errors: [{ field: 'querystring:/path', message: 'must not contain the NUL character' }],
  })
})
