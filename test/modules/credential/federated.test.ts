import t from 'tap'
import {
  SignJWT,
  createLocalJWKSet,
  decodeProtectedHeader,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type JWK,
} from 'jose'
import { setupTestApp, json } from '../../helper.js'
import { bearer, fixturePerson } from '../../factories.js'
import { audit, freeze } from './credential.factories.js'

const ctx = await setupTestApp(t)
const giulia = fixturePerson('VAT-registered professional').codiceFiscale
const marco = fixturePerson('co.co.co. active').codiceFiscale

const assertion = async (body: Record<string, unknown>) => {
  const res = await ctx.emulator('POST', '/emulator/idp/assertions', body)
  if (res.statusCode !== 201) throw new Error(res.body)
  return json(res) as { assertion: string; assertionId: string; expiresAt: string }
}
const exchange = (token: string, app = ctx.app) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/federated', payload: { assertion: token } })

t.beforeEach(async () => {
  await freeze(ctx)
})

t.test('SPID 2 and 3, CIE and CNS give a session at the matching level', async (t) => {
  for (const [body, level] of [
    [{ codiceFiscale: giulia, provider: 'spid', spidLevel: 2 }, 'spid_l2'],
    [{ codiceFiscale: giulia, provider: 'spid', spidLevel: 3 }, 'spid_l3'],
    [{ codiceFiscale: marco, provider: 'cie' }, 'cie'],
    [{ codiceFiscale: marco, provider: 'cns' }, 'cns'],
  ] as const) {
    const issued = await assertion(body)
    t.equal(issued.expiresAt, '2020-04-01T10:05:00+02:00', 'default lifetime 300 seconds of emulated time')
    const res = await exchange(issued.assertion)
    t.equal(res.statusCode, 200, `${level}: ${res.body}`)
    const session = json(res)
    t.match(session, { status: 'authenticated', tokenType: 'Bearer', expiresIn: 900, authLevel: level })
    const who = json(await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(session.accessToken) }))
    t.match(who, { codiceFiscale: body.codiceFiscale, authLevel: level, credential: null, firstName: /./ })
  }
  t.match(await audit(ctx, giulia, 'federated.login'), [
    { outcome: 'success', actorType: 'citizen', channel: 'spid' },
    { outcome: 'success' },
  ])
})

t.test('the assertion is a JWT of the IdP key, published apart from the access-token keys', async (t) => {
  const issued = await assertion({ codiceFiscale: giulia, provider: 'spid', spidLevel: 2, ttlSeconds: 60 })
  const publicJwks = await ctx.app.inject({ method: 'GET', url: '/.well-known/idp-jwks.json' })
  t.equal(publicJwks.statusCode, 200, 'public, no token needed')
  const keys = json(publicJwks)
  t.same(json(await ctx.emulator('GET', '/emulator/idp/jwks.json')), keys, 'same keys under /emulator')
  t.equal(
    (await ctx.app.inject({ method: 'GET', url: '/emulator/idp/jwks.json' })).statusCode,
    401,
    'the emulator copy is guarded',
  )
  t.notOk(
    keys.keys.some((k: JWK) => 'd' in k),
    'no private part',
  )
  const accessKids = json(await ctx.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).keys.map(
    (k: JWK) => k.kid,
  )
  t.notOk(accessKids.includes(decodeProtectedHeader(issued.assertion).kid), 'not an access-token key')
  const { payload } = await jwtVerify(issued.assertion, createLocalJWKSet(keys), {
    issuer: 'urn:inps-emulator:idp',
    audience: 'urn:inps-emulator:api:federated',
    currentDate: new Date('2020-04-01T08:00:30Z'),
  })
  t.match(payload, {
    sub: giulia,
    provider: 'spid',
    spidLevel: 2,
    jti: issued.assertionId,
    exp: Date.parse('2020-04-01T08:01:00Z') / 1000,
  })
})

t.test('each assertion works once, on any instance sharing the database', async (t) => {
  const first = await assertion({ codiceFiscale: giulia, provider: 'cie' })
  t.equal((await exchange(first.assertion)).statusCode, 200)
  const replay = await exchange(first.assertion)
  t.equal(replay.statusCode, 401)
  t.match(json(replay), { code: 'ASSERTION_REPLAYED' })

  const other = await setupTestApp(t, {}, ctx.database)
  t.match(
    json(await exchange(first.assertion, other.app)),
    { status: 401, code: 'ASSERTION_REPLAYED' },
    'replayed on a second instance',
  )
  const second = await assertion({ codiceFiscale: giulia, provider: 'cns' })
  t.equal(
    (await exchange(second.assertion, other.app)).statusCode,
    200,
    'the second instance verifies the IdP key from the database',
  )
  t.match(
    json(await exchange(second.assertion)),
    { code: 'ASSERTION_REPLAYED' },
    'and the first instance knows it was used',
  )

  const racing = await assertion({ codiceFiscale: marco, provider: 'spid', spidLevel: 3 })
  const results = await Promise.all([
    exchange(racing.assertion),
    exchange(racing.assertion, other.app),
    exchange(racing.assertion),
  ])
  t.same(results.map((r) => r.statusCode).sort(), [200, 401, 401], 'concurrent uses: exactly one session')
  const rows = await ctx.database.db
    .selectFrom('used_assertions')
    .selectAll()
    .where('jti', '=', racing.assertionId)
    .execute()
  t.match(rows, [{ codice_fiscale: marco, provider: 'spid' }])
})

t.test('an expired assertion is refused on the emulated clock', async (t) => {
  const issued = await assertion({ codiceFiscale: marco, provider: 'spid', spidLevel: 2, ttlSeconds: 60 })
  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 61 })
  const res = await exchange(issued.assertion)
  t.equal(res.statusCode, 401)
  t.match(json(res), { code: 'INVALID_ASSERTION', detail: 'expired', reason: 'expired' })
  const trail = json(await ctx.emulator('GET', '/emulator/audit?action=federated.login&limit=200')).items
  t.ok(
    trail.some(
      (e: any) => e.outcome === 'failure' && e.detail.code === 'INVALID_ASSERTION' && e.detail.reason === 'expired',
    ),
    'the refusal is audited',
  )
})

t.test('forged, mis-addressed or malformed assertions are 401 INVALID_ASSERTION', async (t) => {
  const now = Math.floor(Date.parse('2020-04-01T08:00:00Z') / 1000)
  const issued = await assertion({ codiceFiscale: giulia, provider: 'spid', spidLevel: 2 })
  const idpKid = decodeProtectedHeader(issued.assertion).kid!
  const claims = { provider: 'spid', spidLevel: 2 }
  const sign = (key: Parameters<SignJWT['sign']>[0], kid: string, over: { iss?: string; aud?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject(giulia)
      .setIssuer(over.iss ?? 'urn:inps-emulator:idp')
      .setAudience(over.aud ?? 'urn:inps-emulator:api:federated')
      .setJti(crypto.randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(key)

  const { privateKey: stranger } = await generateKeyPair('ES256')
  const row = await ctx.database.db
    .selectFrom('idp_keys')
    .selectAll()
    .where('kid', '=', idpKid)
    .executeTakeFirstOrThrow()
  const idpKey = await importJWK(row.private_jwk as JWK, 'ES256')
  t.match(
    json(await exchange(await sign(idpKey, idpKid))),
    { status: 'authenticated' },
    'control: the real key with the right claims works',
  )

  const cases: Array<[string, string]> = [
    ['another key under the IdP kid', await sign(stranger, idpKid)],
    ['another key, unknown kid', await sign(stranger, 'someone-else')],
    ['wrong audience', await sign(idpKey, idpKid, { aud: 'urn:inps-emulator:api' })],
    ['wrong issuer', await sign(idpKey, idpKid, { iss: 'urn:someone-else' })],
    [
      'tampered payload',
      issued.assertion.replace(
        /\.([^.]+)\./,
        (_m, p: string) =>
          `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: marco })).toString('base64url')}.`,
      ),
    ],
    ['not a JWT', 'this-is-not-a-jwt-at-all'],
  ]
  const accessToken = json(
    await exchange((await assertion({ codiceFiscale: giulia, provider: 'cie' })).assertion),
  ).accessToken
  cases.push(['an access token of this API', accessToken])
  for (const [what, token] of cases) {
    const res = await exchange(token)
    t.equal(res.statusCode, 401, what)
    t.equal(json(res).code, 'INVALID_ASSERTION', what)
  }
  t.match(json(await exchange(await sign(idpKey, idpKid, { aud: 'urn:inps-emulator:api' }))), { reason: 'bad_aud' })
  t.equal((await exchange(issued.assertion)).statusCode, 200, 'failed attempts did not consume the genuine assertion')
})

t.test('SPID level 1 is refused 403 INSUFFICIENT_LEVEL', async (t) => {
  const issued = await assertion({ codiceFiscale: marco, provider: 'spid', spidLevel: 1 })
  const res = await exchange(issued.assertion)
  t.equal(res.statusCode, 403)
  t.match(json(res), { code: 'INSUFFICIENT_LEVEL', acceptedLevels: ['spid_l2', 'spid_l3', 'cie', 'cns'] })
  t.notOk(json(res).accessToken)
  const failures = (await audit(ctx, marco, 'federated.login')).filter((e) => e.outcome === 'failure')
  t.match(failures.at(-1), { detail: { code: 'INSUFFICIENT_LEVEL', spidLevel: 1 } })
})

t.test('the test IdP checks its own input', async (t) => {
  t.match(json(await ctx.emulator('POST', '/emulator/idp/assertions', { codiceFiscale: giulia, provider: 'spid' })), {
    status: 400,
    code: 'SPID_LEVEL_REQUIRED',
  })
  t.match(
    json(
      await ctx.emulator('POST', '/emulator/idp/assertions', { codiceFiscale: giulia, provider: 'cie', spidLevel: 2 }),
    ),
    { status: 400, code: 'SPID_LEVEL_NOT_APPLICABLE' },
  )
  t.match(
    json(
      await ctx.emulator('POST', '/emulator/idp/assertions', { codiceFiscale: 'RSSMRA85T10A562X', provider: 'cie' }),
    ),
    { status: 400, code: 'INVALID_CODICE_FISCALE' },
  )
  t.match(
    json(
      await ctx.emulator('POST', '/emulator/idp/assertions', { codiceFiscale: giulia, provider: 'spid', spidLevel: 4 }),
    ),
    { status: 400, code: 'VALIDATION_ERROR' },
  )
  const unguarded = await ctx.app.inject({
    method: 'POST',
    url: '/emulator/idp/assertions',
    payload: { codiceFiscale: giulia, provider: 'cie' },
  })
  t.equal(unguarded.statusCode, 401)
  t.notMatch(
    ctx.logText(),
    /eyJhbGciOiJFUzI1Ni[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/,
    'no assertion or token in the logs',
  )
})
