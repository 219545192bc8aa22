import t from 'tap'
import { mockImport } from '../../mock-import.js'
import { sql } from 'kysely'
import type { JWK } from 'jose'
import * as es256 from '../../../src/core/auth/es256.js'
import { ACCESS_AUDIENCE, ISSUER } from '../../../src/core/auth/token.service.js'
import { bearer } from '../../factories.js'
import { MODULE_EXTENSION } from '../../root.js'

// An instance never checks the signature of a token it signed itself, and checks another's once
// (token.service.ts, the verified-token cache): the app runs with es256.ts counting its verifications.
let verifications = 0
const es256File = new URL(`../../../src/core/auth/es256${MODULE_EXTENSION}`, import.meta.url).href
const { setupTestApp, json } = await mockImport<typeof import('../../helper.js')>(
  t,
  new URL('../../helper.js', import.meta.url).href,
  {
    [es256File]: {
      ...es256,
      verifyEs256: (...args: Parameters<typeof es256.verifyEs256>) => {
        verifications++
        return es256.verifyEs256(...args)
      },
    },
  },
)
const ctx = await setupTestApp(t)
const me = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })
await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-02T17:00:00+02:00', frozen: true })
const issue = async () =>
  (await ctx.app.tokens.issueSession({ subject: 'RSSMRA80A01H501U', role: 'citizen', authLevel: 'spid_l2' }))
    .accessToken

/** A token signed with the service's key, as another instance sharing the database would sign it. */
async function signedElsewhere(claims: Record<string, unknown> = {}): Promise<string> {
  const { rows } = await sql<{ kid: string; private_jwk: JWK }>`
    SELECT kid, private_jwk FROM signing_keys ORDER BY created_at DESC LIMIT 1`.execute(ctx.app.db)
  const now = Math.floor(Date.parse('2020-04-02T15:00:00Z') / 1000)
  return es256.signEs256(
    { kid: rows[0].kid, typ: 'JWT' },
    {
      sub: 'VRDGPP80A01H501X',
      role: 'citizen',
      authLevel: 'cie',
      iss: ISSUER,
      aud: ACCESS_AUDIENCE,
      jti: crypto.randomUUID(),
      iat: now,
      exp: now + 600,
      rat: Math.floor(Date.now() / 1000),
      ...claims,
    },
    es256.es256PrivateKey(rows[0].private_jwk),
  )
}

t.test('a token this instance issued is taken without a signature check', async (t) => {
  const token = await issue()
  verifications = 0
  const first = await me(token)
  t.equal(first.statusCode, 200)
  t.equal(json(first).codiceFiscale, 'RSSMRA80A01H501U')
  t.equal((await me(token)).statusCode, 200)
  t.equal(verifications, 0)
})

t.test("another instance's token is checked once, then taken from memory", async (t) => {
  const token = await signedElsewhere()
  verifications = 0
  t.equal((await me(token)).statusCode, 200)
  t.equal((await me(token)).statusCode, 200)
  t.equal(verifications, 1)
})

t.test("an issued token's signature on another payload is checked, and refused", async (t) => {
  const [header, , signature] = (await issue()).split('.')
  const payload = Buffer.from(
    JSON.stringify({ sub: 'VRDGPP80A01H501X', role: 'operator', authLevel: 'pin_dispositivo', iss: ISSUER }),
  ).toString('base64url')
  verifications = 0
  const res = await me(`${header}.${payload}.${signature}`)
  t.equal(res.statusCode, 401)
  t.equal(json(res).code, 'INVALID_TOKEN')
  t.equal(verifications, 1)
})

t.test('a token for another audience, signed with our key, is refused even once remembered', async (t) => {
  const token = await signedElsewhere({ aud: 'urn:inps-emulator:pin-change' })
  t.equal(json(await me(token)).code, 'INVALID_TOKEN')
  t.equal(json(await me(token)).code, 'INVALID_TOKEN')
})

t.test('a reset forgets the tokens the instance issued', async (t) => {
  const token = await issue()
  t.equal((await ctx.emulator('POST', '/emulator/reset')).statusCode, 200)
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-02T17:00:00+02:00', frozen: true })
  const res = await me(token)
  t.equal(res.statusCode, 401)
  t.equal(json(res).code, 'INVALID_TOKEN')
})
