import t from 'tap'
import { createLocalJWKSet, jwtVerify, decodeProtectedHeader } from 'jose'
import { setupTestApp, json } from '../../helper.js'
import { activateTestPin, bearer, fixturePerson, issueTestPin } from '../../factories.js'

const ctx = await setupTestApp(t)
const login = (codiceFiscale: string, pin: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/pin', payload: { codiceFiscale, pin } })
const change = (changeToken: string, newPin: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/pin/change', payload: { changeToken, newPin } })
const me = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })

const giulia = fixturePerson('VAT-registered professional').codiceFiscale
const cococo = fixturePerson('co.co.co. active').codiceFiscale

t.beforeEach(async () => {
  await freeze('2020-04-01T10:00:00+02:00')
})

t.test('the first half alone gives a PIN semplificato session', async (t) => {
  const { firstHalf } = await issueTestPin(ctx.app, giulia)
  const res = await login(giulia, firstHalf.toLowerCase())
  t.equal(res.statusCode, 200)
  const body = json(res)
  t.match(body, { status: 'authenticated', tokenType: 'Bearer', expiresIn: 900, authLevel: 'pin_semplificato' })
  const who = await me(body.accessToken)
  t.equal(who.statusCode, 200)
  t.equal(who.headers['cache-control'], 'no-store')
  t.match(json(who), {
    codiceFiscale: giulia,
    authLevel: 'pin_semplificato',
    credential: { level: 'ordinario', activated: false, expiresAt: null },
  })
})

t.test('first use of the 16 characters forces a change; then only the personal PIN works', async (t) => {
  const { pin, firstHalf } = await issueTestPin(ctx.app, cococo)
  const first = json(await login(cococo, pin))
  t.match(first, { status: 'pin_change_required', reason: 'first_use' })
  t.type(first.changeToken, 'string')

  for (const [weak, why] of [
    ['ABC123', 'too short'],
    ['AAAAAAAA', 'one character'],
    [firstHalf, 'the previous PIN'],
    [cococo.slice(2, 10), 'part of the codice fiscale'],
    ['ABCD-123', 'not alphanumeric'],
  ]) {
    const res = await change(first.changeToken, weak)
    t.equal(res.statusCode, 400, `refused: ${why}`)
    t.equal(json(res).code, 'WEAK_PIN')
  }
  const changed = await change(first.changeToken, 'Pippo123')
  t.equal(changed.statusCode, 200)
  t.match(json(changed), { status: 'authenticated', authLevel: 'pin_ordinario' })

  const again = await change(first.changeToken, 'Other123')
  t.equal(again.statusCode, 401, 'a change token works once')
  t.equal(json(again).code, 'INVALID_CHANGE_TOKEN')

  t.equal(json(await login(cococo, firstHalf)).code, 'INVALID_CREDENTIALS', 'the first half no longer works')
  t.equal(json(await login(cococo, pin)).code, 'INVALID_CREDENTIALS', 'nor the 16 characters')
  const personal = json(await login(cococo, 'PIPPO123'))
  t.match(personal, { status: 'authenticated', authLevel: 'pin_ordinario' })
  t.match(json(await me(personal.accessToken)), {
    credential: { activated: true, expiresAt: '2020-10-01T10:00:00+02:00' },
  })

  const row = await ctx.database.db
    .selectFrom('pin_credentials')
    .selectAll()
    .where('codice_fiscale', '=', cococo)
    .executeTakeFirstOrThrow()
  t.equal(row.state, 'active')
  t.equal(row.first_half_hash, null)
  t.match(row.pin_hash, /^\$argon2id\$/)
  t.notMatch(JSON.stringify(row), /PIPPO123/i, 'only hashes are stored')
})

t.test('a personal PIN expires after 6 months and renewal keeps the level', async (t) => {
  const cf = fixturePerson('co.co.co. ended').codiceFiscale
  const { personalPin } = await activateTestPin(ctx.app, cf, 'Lupo2020', 'dispositivo')
  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 183 * 86400 - 3600 })
  t.match(
    json(await login(cf, personalPin)),
    { status: 'authenticated', authLevel: 'pin_dispositivo' },
    'still valid the day before',
  )
  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 3 * 86400 })
  const expired = json(await login(cf, personalPin))
  t.match(expired, { status: 'pin_change_required', reason: 'expired' })
  t.equal(json(await change(expired.changeToken, personalPin)).code, 'WEAK_PIN', 'not the previous PIN')
  const renewed = json(await change(expired.changeToken, 'Lupo2021'))
  t.match(renewed, { status: 'authenticated', authLevel: 'pin_dispositivo' })
})

t.test('5 consecutive wrong PINs lock for 24 hours; a correct PIN does not pass the lock', async (t) => {
  const cf = fixturePerson('art. 28 accepted: artigiani').codiceFiscale
  const { personalPin } = await activateTestPin(ctx.app, cf, 'Orso2020')
  t.equal(json(await login(cf, 'WRONG111')).code, 'INVALID_CREDENTIALS')
  t.equal((await login(cf, personalPin)).statusCode, 200, 'a success resets the count')
  for (let i = 1; i <= 5; i++) {
    const res = await login(cf, 'WRONG111')
    t.equal(res.statusCode, 401, `wrong PIN ${i}`)
  }
  const locked = await login(cf, personalPin)
  t.equal(locked.statusCode, 423)
  t.match(json(locked), { code: 'PIN_LOCKED', lockedUntil: '2020-04-02T10:00:00+02:00' })
  t.match(locked.headers['content-type'], /problem\+json/)
  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 24 * 3600 - 1 })
  t.equal((await login(cf, personalPin)).statusCode, 423, 'still locked a second before 24 hours')
  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 1 })
  t.equal((await login(cf, personalPin)).statusCode, 200, 'open again after 24 hours')
  const audit = async (action: string) =>
    json(await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${cf}&action=${action}&limit=200`)).items
  t.match(
    await audit('pin.locked'),
    [{ outcome: 'failure', detail: { reason: 'wrong_pin' } }],
    'the fifth wrong PIN, and only it, locked the PIN',
  )
  t.equal((await audit('pin.locked')).length, 1)
  t.equal(
    (await audit('pin.login')).filter((e: { detail: { reason: string } }) => e.detail.reason === 'locked').length,
    2,
    'the two attempts refused while locked are logins refused for that reason',
  )
})

t.test('concurrent wrong attempts: exactly 5 are judged, the rest are refused as locked', async (t) => {
  const cf = fixturePerson('art. 28 accepted: commercianti').codiceFiscale
  await activateTestPin(ctx.app, cf, 'Gatto202')
  const results = await Promise.all(Array.from({ length: 12 }, () => login(cf, 'WRONG222')))
  const statuses = results.map((r) => r.statusCode)
  t.equal(statuses.filter((s) => s === 401).length, 5)
  t.equal(statuses.filter((s) => s === 423).length, 7)
  const row = await ctx.database.db
    .selectFrom('login_attempts')
    .selectAll()
    .where('subject', '=', `cf:${cf}`)
    .executeTakeFirstOrThrow()
  t.ok(row.locked_until, 'the lock is stored')
})

t.test('an unknown codice fiscale answers exactly like a wrong PIN, lockout included', async (t) => {
  const known = fixturePerson('coltivatori diretti').codiceFiscale
  await activateTestPin(ctx.app, known, 'Cane2020')
  const unknown = 'RSSMRA85T10A562S'
  const a = await login(known, 'WRONG333')
  const b = await login(unknown, 'WRONG333')
  t.equal(a.statusCode, b.statusCode)
  const strip = (r: typeof a) => ({ ...json(r), requestId: undefined })
  t.same(strip(a), strip(b))
  for (let i = 0; i < 4; i++) await login(unknown, 'WRONG333')
  t.equal((await login(unknown, 'WRONG333')).statusCode, 423)
})

t.test('operators log in; patronato PINs expire after 3 months, Contact Center ones do not', async (t) => {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/operator',
    payload: { operatorId: 'PAT0001', pin: 'PATA2020' },
  })
  t.equal(res.statusCode, 200)
  const session = json(res)
  const payload = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString())
  t.match(payload, { sub: 'PAT0001', role: 'patronato' })
  t.equal(
    (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/operator',
        payload: { operatorId: 'PAT0001', pin: 'WRONG444' },
      })
    ).statusCode,
    401,
  )

  const created = json(await ctx.emulator('POST', '/emulator/operators', { role: 'patronato', organisation: 'INCA' }))
  const cc = json(await ctx.emulator('POST', '/emulator/operators', { role: 'contact_center' }))
  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 93 * 86400 })
  const expired = json(
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/operator',
      payload: { operatorId: created.operatorId, pin: created.pin },
    }),
  )
  t.match(expired, { status: 'pin_change_required', reason: 'expired' })
  const renewed = json(await change(expired.changeToken, 'Nuovo123'))
  t.match(renewed, { status: 'authenticated', authLevel: 'pin_dispositivo' })
  t.match(
    json(
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/operator',
        payload: { operatorId: cc.operatorId, pin: cc.pin },
      }),
    ),
    { status: 'authenticated' },
  )
  t.equal((await me(renewed.accessToken)).statusCode, 403, '/me is for citizens')
})

t.test('the PIN semplificato ends with the emergency', async (t) => {
  const other = await setupTestApp(t, { EMERGENCY_END: '2020-05-31' }, ctx.database)
  const cf = fixturePerson('exactly 50 agricultural days').codiceFiscale
  await freeze('2020-05-31T23:59:00+02:00')
  const { firstHalf } = await issueTestPin(other.app, cf)
  const loginOther = () =>
    other.app.inject({ method: 'POST', url: '/api/v1/auth/pin', payload: { codiceFiscale: cf, pin: firstHalf } })
  t.equal((await loginOther()).statusCode, 200, 'last minute of the emergency')
  await freeze('2020-06-01T00:00:00+02:00')
  const after = await loginOther()
  t.equal(after.statusCode, 403)
  t.equal(json(after).code, 'PIN_SEMPLIFICATO_UNAVAILABLE')
})

t.test(
  'the PIN semplificato starts on 26 March 2020 (msg 1381): before, the first half alone is refused',
  async (t) => {
    const cf = fixturePerson('coloni e mezzadri').codiceFiscale
    await freeze('2020-03-20T10:00:00+01:00')
    const { firstHalf, pin } = await issueTestPin(ctx.app, cf)
    const before = await login(cf, firstHalf)
    t.equal(before.statusCode, 403, '20 March: no PIN semplificato yet')
    t.equal(json(before).code, 'PIN_SEMPLIFICATO_UNAVAILABLE')
    t.match(json(before).detail, /starts on 2020-03-26.*1381.*full 16 characters/)
    t.equal(json(await login(cf, pin)).status, 'pin_change_required', 'the full PIN works as before')
    await freeze('2020-03-25T23:59:00+01:00')
    t.equal((await login(cf, firstHalf)).statusCode, 403, 'last minute of 25 March')
    await freeze('2020-03-26T00:00:00+01:00')
    const first = await login(cf, firstHalf)
    t.equal(first.statusCode, 200, '26 March, midnight in Rome')
    t.equal(json(first).authLevel, 'pin_semplificato')
  },
)

t.test('PIN_SEMPLIFICATO_FROM moves the start', async (t) => {
  const other = await setupTestApp(t, { PIN_SEMPLIFICATO_FROM: '2020-03-18' }, ctx.database)
  const cf = fixturePerson('exactly 50 agricultural days').codiceFiscale
  await freeze('2020-03-20T10:00:00+01:00')
  const { firstHalf } = await issueTestPin(other.app, cf)
  const res = await other.app.inject({
    method: 'POST',
    url: '/api/v1/auth/pin',
    payload: { codiceFiscale: cf, pin: firstHalf },
  })
  t.equal(res.statusCode, 200)
})

t.test('by default the emergency ends on 31 July 2020: from 1 August the first half gives no session', async (t) => {
  const cf = fixturePerson('coloni e mezzadri').codiceFiscale
  await freeze('2020-07-31T23:59:00+02:00')
  const { firstHalf, pin } = await issueTestPin(ctx.app, cf)
  const last = await login(cf, firstHalf)
  t.equal(last.statusCode, 200, '31 July, last minute')
  t.equal(json(last).authLevel, 'pin_semplificato')
  await freeze('2020-08-01T00:00:00+02:00')
  const after = await login(cf, firstHalf)
  t.equal(after.statusCode, 403)
  t.equal(json(after).code, 'PIN_SEMPLIFICATO_UNAVAILABLE')
  t.match(
    json(after).detail,
    /full 16 characters.*SPID, CIE or CNS.*803 164.*06 164164/,
    'says what to do instead, and where to call',
  )
  t.equal(json(await login(cf, pin)).status, 'pin_change_required', 'the full PIN still works')
})

t.test('access tokens expire on the emulated clock and verify with the published JWKS', async (t) => {
  const cf = fixturePerson('49 agricultural days').codiceFiscale
  const { firstHalf } = await issueTestPin(ctx.app, cf)
  const { accessToken } = json(await login(cf, firstHalf))
  const jwks = json(await ctx.app.inject({ method: 'GET', url: '/.well-known/jwks.json' }))
  t.ok(jwks.keys.some((k: { kid: string }) => k.kid === decodeProtectedHeader(accessToken).kid))
  const { payload } = await jwtVerify(accessToken, createLocalJWKSet(jwks), {
    currentDate: new Date('2020-04-01T08:05:00Z'),
  })
  t.match(payload, { sub: cf, role: 'citizen', authLevel: 'pin_semplificato' })

  const other = await setupTestApp(t, {}, ctx.database)
  t.equal(
    (await other.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(accessToken) })).statusCode,
    200,
    'another instance accepts it',
  )

  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 901 })
  const expired = await me(accessToken)
  t.equal(expired.statusCode, 401)
  t.equal(json(expired).code, 'TOKEN_EXPIRED')
  t.equal(json(await me('not-a-token')).code, 'INVALID_TOKEN')
  t.equal(json(await ctx.app.inject({ method: 'GET', url: '/api/v1/me' })).code, 'UNAUTHORIZED')
})

t.test('no PIN, half or token ever reaches the logs', async (t) => {
  const cf = fixturePerson('exactly 30 contributions').codiceFiscale
  const { pin, firstHalf, secondHalf } = await issueTestPin(ctx.app, cf)
  const first = json(await login(cf, pin))
  const session = json(await change(first.changeToken, 'Volpe123'))
  await me(session.accessToken)
  await login(cf, 'WRONG555')
  const logs = ctx.logText()
  for (const secret of [pin, firstHalf, secondHalf, 'VOLPE123', 'Volpe123', first.changeToken, session.accessToken]) {
    t.notOk(logs.includes(secret), 'a secret is absent from the logs')
  }
  t.ok(logs.includes('/api/v1/auth/pin'), 'the requests were logged')
})
