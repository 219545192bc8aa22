import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'

// The signature of a token is checked once per instance (token.service.ts, the verified-token cache);
// everything else is checked on every request. Each case first uses the token, so it is in the cache.
const ctx = await setupTestApp(t)
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const me = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })
const session = async () =>
  (await ctx.app.tokens.issueSession({ subject: 'RSSMRA80A01H501U', role: 'citizen', authLevel: 'spid_l2' }))
    .accessToken

t.test('a cached token still expires on the emulated clock', async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const token = await session()
  t.equal((await me(token)).statusCode, 200)
  await freeze('2020-04-02T17:20:00+02:00')
  const late = await me(token)
  t.equal(late.statusCode, 401)
  t.equal(json(late).code, 'TOKEN_EXPIRED')
})

t.test('a cached token is refused once the clock goes back before it was issued', async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const token = await session()
  t.equal((await me(token)).statusCode, 200)
  await freeze('2020-04-02T16:00:00+02:00')
  t.equal(json(await me(token)).code, 'TOKEN_ISSUED_IN_FUTURE')
})

t.test('another signature on the same claims is checked, not taken from the cache', async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const token = await session()
  t.equal((await me(token)).statusCode, 200)
  const [header, payload, signature] = token.split('.')
  const forged = `${header}.${payload}.${signature.slice(0, -4)}${signature.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`
  const res = await me(forged)
  t.equal(res.statusCode, 401)
  t.equal(json(res).code, 'INVALID_TOKEN')
})

t.test("other claims under a cached token's signature are checked, not taken from the cache", async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const token = await session()
  t.equal(json(await me(token)).codiceFiscale, 'RSSMRA80A01H501U')
  const [header, payload, signature] = token.split('.')
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
  const swapped = Buffer.from(JSON.stringify({ ...claims, sub: 'VRDGPP80A01H501X' })).toString('base64url')
  const res = await me(`${header}.${swapped}.${signature}`)
  t.equal(res.statusCode, 401)
  t.equal(json(res).code, 'INVALID_TOKEN')
  t.equal(json(await me(token)).codiceFiscale, 'RSSMRA80A01H501U', 'the cached token still answers its own claims')
})

t.test('a reset ends a cached session too', async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const token = await session()
  t.equal((await me(token)).statusCode, 200)
  t.equal((await ctx.emulator('POST', '/emulator/reset')).statusCode, 200)
  await freeze('2020-04-02T17:00:00+02:00')
  const res = await me(token)
  t.equal(res.statusCode, 401)
  t.equal(json(res).code, 'INVALID_TOKEN')
})
