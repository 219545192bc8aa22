import t from 'tap'
import { decodeJwt } from 'jose'
import { setupTestApp, json } from '../../helper.js'
import { activateTestPin, bearer, fixturePerson, issueTestPin } from '../../factories.js'
import { OPERATORS, operatorToken, upload } from '../../modules/credential/credential.factories.js'
import { createTokenService } from '../../../src/core/auth/token.service.js'
import { createSessionVersions, type SessionVersionsOptions } from '../../../src/core/auth/session-versions.service.js'
import { citizenSessionVersions } from '../../../src/modules/pin/pin-credential.service.js'
import { operatorSessionVersions } from '../../../src/modules/operator/operator.service.js'

const ctx = await setupTestApp(t)
const db = ctx.database.db
const WEDNESDAY_10 = '2020-04-01T10:00:00+02:00'
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const login = (codiceFiscale: string, pin: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/pin', payload: { codiceFiscale, pin } })
const me = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })
const versionOf = async (cf: string) =>
  (await db.selectFrom('pin_credentials').select('version').where('codice_fiscale', '=', cf).executeTakeFirstOrThrow())
    .version
const cf = (note: string) => fixturePerson(note).codiceFiscale
/** Another memory of the session versions over the same database, as a second instance has. */
const sessionVersions = (ttl: number, options?: SessionVersionsOptions) =>
  createSessionVersions({ citizen: citizenSessionVersions(db), operator: operatorSessionVersions(db) }, ttl, options)

/** What /me answers to the token: status and problem code. */
async function outcome(token: string): Promise<[number, string | undefined]> {
  const res = await me(token)
  return [res.statusCode, res.statusCode === 200 ? undefined : json(res).code]
}
const REVOKED = [401, 'SESSION_REVOKED']

t.beforeEach(async () => {
  await freeze(WEDNESDAY_10)
})

t.test('a recovery ends the sessions opened before it; the new PIN opens new ones', async (t) => {
  const esposito = fixturePerson('co.co.co. active')
  const person = esposito.codiceFiscale
  const { accessToken } = await activateTestPin(ctx.app, person, 'Mela2020')
  t.equal((await me(accessToken)).statusCode, 200)
  t.equal(decodeJwt(accessToken).ver, await versionOf(person), 'the token carries the credential version')
  const before = await versionOf(person)

  const recovered = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/pin-recoveries',
    payload: {
      codiceFiscale: person,
      contacts: { mobile: esposito.record.contacts!.mobile, email: esposito.record.contacts!.email },
    },
  })
  t.equal(recovered.statusCode, 202, recovered.body)
  t.ok((await versionOf(person)) > before, 'the version moved')
  t.same(await outcome(accessToken), REVOKED, 'the session from before the recovery')
  t.equal(json(await login(person, 'Mela2020')).code, 'INVALID_CREDENTIALS', 'and its PIN')
})

t.test('the attempt that locks the PIN ends the open sessions, of citizens and operators', async (t) => {
  const person = cf('co.co.co. ended')
  const { personalPin, accessToken } = await activateTestPin(ctx.app, person, 'Pino2020')
  for (let i = 0; i < 4; i++) t.equal(json(await login(person, 'WRONG111')).code, 'INVALID_CREDENTIALS')
  t.equal((await me(accessToken)).statusCode, 200, 'four wrong PINs do not lock: the session goes on')
  await login(person, 'WRONG111')
  t.equal((await login(person, personalPin)).statusCode, 423, 'locked')
  t.same(await outcome(accessToken), REVOKED, 'the session opened before the lock')

  const created = json(await ctx.emulator('POST', '/emulator/operators', { role: 'backoffice' }))
  const token = await operatorToken(ctx, { operatorId: created.operatorId, pin: created.pin })
  const queue = () =>
    ctx.app.inject({ method: 'GET', url: '/api/v1/backoffice/pin-dispositivo-requests', headers: bearer(token) })
  t.equal((await queue()).statusCode, 200)
  for (let i = 0; i < 5; i++)
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/operator',
      payload: { operatorId: created.operatorId, pin: 'WRONG111' },
    })
  const refused = await queue()
  t.equal(refused.statusCode, 401)
  t.equal(json(refused).code, 'SESSION_REVOKED')
})

t.test('a PIN re-issued at an office ends the sessions of the PIN it replaces', async (t) => {
  const person = cf('VAT-registered professional')
  const { accessToken } = await activateTestPin(ctx.app, person, 'Noce2020')
  const sede = await operatorToken(ctx, OPERATORS.office)
  const issued = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/offices/1300/pin-dispositivo',
    headers: bearer(sede),
    payload: { codiceFiscale: person, identityDocument: { type: 'passaporto', number: 'YA1234567' } },
  })
  t.equal(issued.statusCode, 201, issued.body)
  t.same(await outcome(accessToken), REVOKED, 'the session from the replaced PIN')
})

t.test('remote identification at the Contact Center ends the sessions of the PIN it replaces', async (t) => {
  const person = cf('coltivatori diretti')
  const { accessToken } = await activateTestPin(ctx.app, person, 'Fico2020')
  const operator = await operatorToken(ctx, OPERATORS.contactCenter)
  const issued = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contact-center/remote-identifications',
    headers: bearer(operator),
    payload: { codiceFiscale: person, identityDocument: { type: 'carta_identita', number: 'CA12345BC' } },
  })
  t.equal(issued.statusCode, 201, issued.body)
  t.same(await outcome(accessToken), REVOKED, 'the session from the replaced PIN')
})

t.test('choosing a personal PIN ends the sessions opened with the old one', async (t) => {
  const person = cf('art. 28 accepted: artigiani')
  const { pin, firstHalf } = await issueTestPin(ctx.app, person)
  const semplificato = json(await login(person, firstHalf))
  t.match(semplificato, { status: 'authenticated', authLevel: 'pin_semplificato' })
  t.equal((await me(semplificato.accessToken)).statusCode, 200)
  const first = json(await login(person, pin))
  const changed = json(
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin/change',
      payload: { changeToken: first.changeToken, newPin: 'Rovo2020' },
    }),
  )
  t.match(changed, { status: 'authenticated', authLevel: 'pin_ordinario' })
  t.same(await outcome(semplificato.accessToken), REVOKED, 'the PIN semplificato session')
  t.equal((await me(changed.accessToken)).statusCode, 200, 'the session the change opened is current')
  t.equal((await me(json(await login(person, 'Rovo2020')).accessToken)).statusCode, 200, 'so is a new login')
})

t.test('a token issued while the clock followed real time is refused once the clock is set back to 2020', async (t) => {
  t.equal(
    (await ctx.emulator('PUT', '/emulator/clock', { now: new Date().toISOString(), frozen: false })).statusCode,
    200,
  )
  const person = cf('art. 28 accepted: artigiani')
  const { accessToken } = await activateTestPin(ctx.app, person, 'Lime2026')
  t.equal((await me(accessToken)).statusCode, 200)
  await freeze(WEDNESDAY_10)
  const res = await me(accessToken)
  t.equal(res.statusCode, 401)
  t.equal(json(res).code, 'TOKEN_ISSUED_IN_FUTURE')
})

t.test(
  'a token issued after the emulated now (clock moved back) is refused, past a few seconds of leeway',
  async (t) => {
    const person = cf('coloni e mezzadri')
    const { accessToken } = await activateTestPin(ctx.app, person, 'Kiwi2020')
    await freeze('2020-04-01T09:59:57+02:00')
    t.equal((await me(accessToken)).statusCode, 200, 'three seconds back: within the leeway')
    await freeze('2020-04-01T09:00:00+02:00')
    const res = await me(accessToken)
    t.equal(res.statusCode, 401)
    t.equal(json(res).code, 'TOKEN_ISSUED_IN_FUTURE')

    await freeze(WEDNESDAY_10)
    const { pin } = await issueTestPin(ctx.app, person)
    const { changeToken } = json(await login(person, pin))
    await freeze('2020-04-01T09:00:00+02:00')
    const change = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin/change',
      payload: { changeToken, newPin: 'Kaki2020' },
    })
    t.equal(change.statusCode, 401)
    t.equal(json(change).code, 'TOKEN_ISSUED_IN_FUTURE', 'change tokens too')
  },
)

t.test('with the clock frozen, tokens still expire after their lifetime in real time', async (t) => {
  const person = cf('commercianti; female')
  await activateTestPin(ctx.app, person, 'Ribes202')
  const ttl = ctx.app.config.accessTokenTtlSeconds
  // An issuer whose real time lies behind: its tokens were issued that long ago, while the clock stood still.
  const issuedAgo = async (seconds: number) => {
    const issuer = createTokenService(ctx.app.db, ctx.app.clock, ttl, {
      versions: sessionVersions(ttl),
      realNow: () => Date.now() - seconds * 1000,
    })
    await issuer.init()
    return issuer
  }
  const fresh = json(await login(person, 'Ribes202')).accessToken
  const rat = decodeJwt(fresh).rat as number
  t.ok(Math.abs(rat - Date.now() / 1000) < 5, 'tokens carry their real time of issue')

  const recent = await (
    await issuedAgo(ttl - 30)
  ).issueSession({ subject: person, role: 'citizen', authLevel: 'pin_ordinario' })
  t.equal((await me(recent.accessToken)).statusCode, 200, 'within the lifetime')
  const old = await (
    await issuedAgo(ttl + 1)
  ).issueSession({ subject: person, role: 'citizen', authLevel: 'pin_ordinario' })
  const res = await me(old.accessToken)
  t.equal(res.statusCode, 401, 'the emulated clock has not moved, but real time has')
  t.equal(json(res).code, 'TOKEN_EXPIRED')

  await issueTestPin(ctx.app, person)
  const changeToken = await (
    await issuedAgo(601)
  ).issueChangeToken({ kind: 'citizen', subject: person, version: await versionOf(person), reason: 'first_use' })
  const change = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/pin/change',
    payload: { changeToken, newPin: 'Mora2020' },
  })
  t.equal(change.statusCode, 401, 'change tokens live 10 real minutes at most')
  t.equal(json(change).code, 'TOKEN_EXPIRED')
})

t.test('approving a conversion does not end sessions: it raises them (docs/rules.md §4)', async (t) => {
  const person = cf('two positions in different schemes')
  const { accessToken } = await activateTestPin(ctx.app, person, 'Uva22020')
  const before = await versionOf(person)
  const uploaded = await upload(ctx, accessToken)
  t.equal(uploaded.statusCode, 202, uploaded.body)
  const backoffice = await operatorToken(ctx, OPERATORS.backoffice)
  const approved = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/backoffice/pin-dispositivo-requests/${json(uploaded).id}/approve`,
    headers: bearer(backoffice),
  })
  t.equal(approved.statusCode, 200, approved.body)
  t.equal(await versionOf(person), before, 'the version stays')
  const res = await me(accessToken)
  t.equal(res.statusCode, 200)
  t.equal(json(res).authLevel, 'pin_dispositivo', 'the open session now counts as dispositivo')
})

t.test('the check costs no database read for a subject whose credential did not change', async (t) => {
  const versions = sessionVersions(900)
  await versions.start()
  t.teardown(() => versions.close())
  t.equal(versions.isCurrent('citizen', 'RSSMRA85T10A562S', 1), true, 'answered synchronously, from memory')

  const person = cf('co.co.co. active')
  await issueTestPin(ctx.app, person)
  const current = await versionOf(person)
  t.equal(
    await versions.isCurrent('citizen', person, current - 1),
    false,
    'a changed subject is checked against the database',
  )
  t.equal(versions.isCurrent('citizen', person, current), true, 'then its current version is answered from memory')

  const bounded = sessionVersions(900, { maxRemembered: 1 })
  await bounded.start()
  t.teardown(() => bounded.close())
  bounded.changed('citizen', 'AAAAAA00A00A000A')
  bounded.changed('citizen', person)
  t.equal(
    await bounded.isCurrent('citizen', person, current - 1),
    false,
    'past the bound, unremembered subjects are read from the database',
  )
})
