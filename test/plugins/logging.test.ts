import { randomBytes } from 'node:crypto'
import t from 'tap'
import { ADMIN_TOKEN, json, setupTestApp } from '../helper.js'

const ctx = await setupTestApp(t)

// Distinctive values, so that "never appears" cannot pass by accident on a common substring.
const secret = (label: string) => `${label}${randomBytes(6).toString('hex').toUpperCase()}`
const S = {
  pin: secret('PIN'),
  newPin: secret('NEWPIN'),
  changeToken: secret('CHANGETOKEN'),
  assertion: secret('ASSERTION'),
  bearer: secret('BEARER'),
  wrongEmulatorToken: secret('WRONGTOKEN'),
  firstHalf: secret('FIRSTHALF'),
  secondHalf: secret('SECONDHALF'),
  deep: secret('DEEP'),
  capitalised: secret('CAPITAL'),
}

t.test('secrets in request bodies and headers never reach the log', async (t) => {
  const requests = [
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin',
      payload: { codiceFiscale: 'BNCGLI84H52H501C', pin: S.pin },
    }),
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin/change',
      payload: { changeToken: S.changeToken, newPin: S.newPin },
    }),
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/federated', payload: { assertion: S.assertion } }),
    ctx.app.inject({
      method: 'GET',
      url: '/emulator/clock',
      headers: { authorization: `Bearer ${S.bearer}`, 'x-emulator-token': S.wrongEmulatorToken },
    }),
    ctx.app.inject({
      method: 'GET',
      url: '/emulator/clock',
      headers: { authorization: `Bearer ${S.bearer}`, 'x-emulator-token': ADMIN_TOKEN },
    }),
    // A body that fails validation because of the secret field itself: the error names the field, not the value.
    ctx.emulator('POST', '/emulator/operators', { role: 'patronato', pin: S.pin, changeToken: S.changeToken }),
    ctx.app.inject({
      method: 'PUT',
      url: '/emulator/clock',
      headers: { 'x-emulator-token': ADMIN_TOKEN, 'content-type': 'application/json' },
      payload: `{"pin":"${S.pin}",`,
    }),
  ]
  const responses = await Promise.all(requests)
  t.equal(responses[3].statusCode, 401)
  t.equal(json(responses[3]).code, 'EMULATOR_TOKEN_INVALID')
  t.equal(responses[4].statusCode, 200)
  t.equal(responses[5].statusCode, 400)
  t.match(json(responses[5]).errors, [{ field: '/pin' }, { field: '/changeToken' }])
  t.equal(responses[6].statusCode, 400)
  for (const res of responses) t.notMatch(res.body, S.pin, 'the response does not echo the PIN either')

  const text = ctx.logText()
  t.ok(text.length > 0, 'something was logged')
  for (const value of [S.pin, S.newPin, S.changeToken, S.assertion, S.bearer, S.wrongEmulatorToken, ADMIN_TOKEN]) {
    t.notMatch(text, value, `${value.replace(/[0-9A-F]{12}$/, '')} not in the log`)
  }

  // Each request's lines carry its id: "incoming request" and "request completed".
  for (const res of responses) {
    const id = res.headers['x-request-id'] as string
    const lines = ctx.logs.filter((l) => l.reqId === id)
    t.ok(
      lines.some((l) => l.msg === 'incoming request'),
      `${id}: incoming`,
    )
    t.match(
      lines.find((l) => l.msg === 'request completed'),
      { res: { statusCode: res.statusCode } },
      `${id}: completed`,
    )
  }
})

t.test('secret keys are redacted wherever they sit in a logged object', async (t) => {
  ctx.app.log.info(
    {
      pin: S.pin,
      nested: { newPin: S.newPin, deeper: { changeToken: S.changeToken } },
      firstHalf: S.firstHalf,
      secondHalf: S.secondHalf,
    },
    'pin issued',
  )
  ctx.app.log.info(
    { messages: [{ channel: 'sms', secret: S.firstHalf }], a: { b: { c: { d: { pin: S.deep } } } } },
    'arrays and depth',
  )
  ctx.app.log.warn(
    {
      upstream: { headers: { authorization: `Bearer ${S.bearer}`, 'x-emulator-token': ADMIN_TOKEN } },
      headers: { Authorization: `Bearer ${S.capitalised}` },
    },
    'headers',
  )
  ctx.app.log
    .child({ reqId: 'child-1' })
    .info({ body: { assertion: S.assertion, accessToken: S.bearer } }, 'child logger')

  const text = ctx.logText()
  for (const [name, value] of Object.entries(S)) t.notMatch(text, value, `${name} not in the log`)
  t.notMatch(text, ADMIN_TOKEN)

  const issued = ctx.logs.find((l) => l.msg === 'pin issued')
  t.same(
    { pin: issued?.pin, nested: issued?.nested, firstHalf: issued?.firstHalf, secondHalf: issued?.secondHalf },
    {
      pin: '[REDACTED]',
      nested: { newPin: '[REDACTED]', deeper: { changeToken: '[REDACTED]' } },
      firstHalf: '[REDACTED]',
      secondHalf: '[REDACTED]',
    },
  )
  t.match(
    ctx.logs.find((l) => l.msg === 'arrays and depth'),
    { messages: [{ channel: 'sms', secret: '[REDACTED]' }], a: { b: { c: { d: { pin: '[REDACTED]' } } } } },
  )
  t.match(
    ctx.logs.find((l) => l.msg === 'headers'),
    {
      upstream: { headers: { authorization: '[REDACTED]', 'x-emulator-token': '[REDACTED]' } },
      headers: { Authorization: '[REDACTED]' },
    },
  )
  t.match(
    ctx.logs.find((l) => l.msg === 'child logger'),
    { reqId: 'child-1', body: { assertion: '[REDACTED]', accessToken: '[REDACTED]' } },
  )
  t.match(text, '[REDACTED]')
})

t.test('ordinary fields are still logged', async (t) => {
  ctx.app.log.info({ codiceFiscaleCount: 3, channel: 'sms', outcome: 'success' }, 'not a secret')
  t.match(
    ctx.logs.find((l) => l.msg === 'not a secret'),
    { codiceFiscaleCount: 3, channel: 'sms', outcome: 'success' },
  )
})

t.test('secrets are redacted at any depth, in any letter case and in errors', async (t) => {
  const deep = secret('DEEPER')
  const upper = secret('UPPER')
  const inError = secret('INERROR')
  ctx.app.log.info({ a: { b: { c: { d: { e: { f: { token: deep } } } } } }, PIN: upper, Cookie: upper }, 'deep')
  ctx.app.log.error(Object.assign(new Error('upstream refused'), { body: { password: inError } }), 'error')
  ctx.app.log.info({ document: Buffer.from('binary'), list: [new Uint8Array(3)] }, 'binary')

  const text = ctx.logText()
  for (const value of [deep, upper, inError]) t.notMatch(text, value)
  t.match(
    ctx.logs.find((l) => l.msg === 'deep'),
    {
      a: { b: { c: { d: { e: { f: { token: '[REDACTED]' } } } } } },
      PIN: '[REDACTED]',
      Cookie: '[REDACTED]',
    },
  )
  t.match(
    ctx.logs.find((l) => l.msg === 'error'),
    {
      err: { message: 'upstream refused', body: { password: '[REDACTED]' } },
    },
  )
  t.match(
    ctx.logs.find((l) => l.msg === 'binary'),
    { document: '[binary, 6 bytes]', list: ['[binary, 3 bytes]'] },
  )
})
