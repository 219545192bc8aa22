import t from 'tap'
import { createHmac, createPrivateKey, sign as nodeSign } from 'node:crypto'
import { sql } from 'kysely'
import { SignJWT, generateKeyPair, exportJWK, importJWK, type JWK } from 'jose'
import { es256PublicKey, verifyEs256 } from '../../../src/core/auth/es256.js'
import { ACCESS_AUDIENCE, ISSUER } from '../../../src/core/auth/token.service.js'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'

// Access tokens are checked with node:crypto, not jose (src/core/auth/es256.ts): every classic way to
// forge a JWS must still fail, each one alone, with everything else about the token right.
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
const publicJwk = await exportJWK(publicKey)
const key = es256PublicKey(publicJwk)
const good = await new SignJWT({ sub: 'RSSMRA80A01H501U' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey)
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())

t.test('verifyEs256 takes a token signed by the key', async (t) => {
  t.equal(verifyEs256(good, headerOf(good), key)?.sub, 'RSSMRA80A01H501U')
})

t.test('verifyEs256 refuses every forgery', async (t) => {
  const [h, p, s] = good.split('.')
  const otherPair = await generateKeyPair('ES256')
  const foreign = await new SignJWT({ sub: 'RSSMRA80A01H501U' })
    .setProtectedHeader({ alg: 'ES256' })
    .sign(otherPair.privateKey)
  const hmacHeader = b64({ alg: 'HS256' })
  // Algorithm confusion: an HMAC keyed with the public key's own bytes.
  const hmac = createHmac('sha256', JSON.stringify(publicJwk)).update(`${hmacHeader}.${p}`).digest('base64url')
  const der = nodeSign('sha256', Buffer.from(`${h}.${p}`), {
    key: createPrivateKey({ key: (await exportJWK(privateKey)) as object, format: 'jwk' } as never),
    dsaEncoding: 'der',
  }).toString('base64url')
  const cases: Array<[string, string]> = [
    ['another key', foreign],
    ['alg none, no signature', `${b64({ alg: 'none' })}.${p}.`],
    ['HS256 keyed with the public key', `${hmacHeader}.${p}.${hmac}`],
    ['a changed payload', `${h}.${b64({ sub: 'VRDGPP80A01H501X' })}.${s}`],
    ['a DER signature (valid, wrong encoding)', `${h}.${p}.${der}`],
    ['padding', `${h}.${p}.${s}==`],
    ['a stray character', `${h}.${p}.${s.slice(0, 10)}*${s.slice(10)}`],
    ['four parts', `${h}.${p}.${s}.${s}`],
    ['an empty signature', `${h}.${p}.`],
  ]
  for (const [name, token] of cases) {
    let header: Record<string, unknown>
    try {
      header = headerOf(token)
    } catch {
      header = {}
    }
    t.equal(verifyEs256(token, header, key), undefined, name)
  }
  t.equal(verifyEs256(good, { alg: 'ES256', crit: ['exp'] }, key), undefined, 'a crit header')
  t.equal(verifyEs256(good, { alg: 'ES256', b64: false }, key), undefined, 'an unencoded payload')
})

t.test('over HTTP, tokens signed with the service key but wrong claims are refused', async (t) => {
  const ctx = await setupTestApp(t)
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-02T17:00:00+02:00', frozen: true })
  // The service makes its key on the first login; a session makes sure there is one.
  const real = await ctx.app.tokens.issueSession({ subject: 'RSSMRA80A01H501U', role: 'citizen', authLevel: 'spid_l2' })
  const me = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })
  t.equal((await me(real.accessToken)).statusCode, 200)
  const { rows } = await sql<{
    kid: string
    private_jwk: JWK
  }>`SELECT kid, private_jwk FROM signing_keys ORDER BY created_at DESC LIMIT 1`.execute(ctx.database.db)
  const serviceKey = await importJWK(rows[0].private_jwk, 'ES256')
  const iat = Math.floor(new Date('2020-04-02T15:00:00Z').getTime() / 1000)
  const claims = { sub: 'RSSMRA80A01H501U', role: 'citizen', authLevel: 'spid_l2', rat: Math.floor(Date.now() / 1000) }
  const signed = (issuer: string, audience: string, exp: number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: rows[0].kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setJti('x')
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(serviceKey)
  t.equal((await me(await signed(ISSUER, ACCESS_AUDIENCE, iat + 600))).statusCode, 200, 'right claims pass')
  const cases: Array<[string, string, string]> = [
    ['another issuer', await signed('urn:someone-else', ACCESS_AUDIENCE, iat + 600), 'INVALID_TOKEN'],
    ['a PIN-change audience', await signed(ISSUER, 'urn:inps-emulator:pin-change', iat + 600), 'INVALID_TOKEN'],
    ['expired on the emulated clock', await signed(ISSUER, ACCESS_AUDIENCE, iat - 1), 'TOKEN_EXPIRED'],
  ]
  for (const [name, token, code] of cases) {
    const res = await me(token)
    t.equal(res.statusCode, 401, name)
    t.equal(json(res).code, code, name)
  }
})
