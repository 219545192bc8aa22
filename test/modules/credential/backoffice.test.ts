import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { activateTestPin, bearer, fixturePerson } from '../../factories.js'
import { effectiveLevel } from '../../../src/modules/pin/effective-level.service.js'
import { OPERATORS, PDF, PNG, audit, freeze, operatorToken, outbox, upload } from './credential.factories.js'

const ctx = await setupTestApp(t)
const db = ctx.database.db
const BASE = '/api/v1/backoffice/pin-dispositivo-requests'
const cf = (note: string) => fixturePerson(note).codiceFiscale
const me = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })

await freeze(ctx)
const reviewer = await operatorToken(ctx, OPERATORS.backoffice)
const approve = (id: string, token = reviewer) =>
  ctx.app.inject({ method: 'POST', url: `${BASE}/${id}/approve`, headers: bearer(token) })
const reject = (id: string, reason: string, token = reviewer) =>
  ctx.app.inject({ method: 'POST', url: `${BASE}/${id}/reject`, headers: bearer(token), payload: { reason } })
const list = (query = '') => ctx.app.inject({ method: 'GET', url: `${BASE}${query}`, headers: bearer(reviewer) })

/** A citizen with an activated PIN ordinario and a request under review. */
async function filed(note: string, personalPin: string) {
  const codiceFiscale = cf(note)
  const session = await activateTestPin(ctx.app, codiceFiscale, personalPin)
  const res = await upload(ctx, session.accessToken)
  if (res.statusCode !== 202) throw new Error(res.body)
  return { codiceFiscale, ...session, id: json(res).id as string }
}

t.beforeEach(async () => {
  await freeze(ctx)
})

t.test('the queue lists requests by status with their documents, oldest first, paged', async (t) => {
  const a = await filed('VAT-registered professional', 'Mela2020')
  const b = await filed('co.co.co. active', 'Pera2020')
  const page1 = await list('?status=under_review&limit=1')
  t.equal(page1.statusCode, 200)
  t.equal(page1.headers['cache-control'], 'no-store')
  const body1 = json(page1)
  t.match(body1.items, [
    {
      id: a.id,
      codiceFiscale: a.codiceFiscale,
      channel: 'web',
      status: 'under_review',
      submittedAt: '2020-04-01T10:00:00+02:00',
    },
  ])
  t.same(
    body1.items[0].documents.map((d: any) => [d.field, d.mimeType, d.size]),
    [
      ['module', 'application/pdf', PDF.length],
      ['identityDocument', 'image/png', PNG.length],
    ],
  )
  t.match(body1.items[0].documents[0].sha256, /^[0-9a-f]{64}$/)
  t.type(body1.nextCursor, 'string')
  const body2 = json(await list(`?status=under_review&limit=1&cursor=${body1.nextCursor}`))
  t.match(body2.items, [{ id: b.id }])
  t.equal(json(await list('?status=approved')).items.length, 0)

  const file = await ctx.app.inject({
    method: 'GET',
    url: `${BASE}/${a.id}/documents/module`,
    headers: bearer(reviewer),
  })
  t.equal(file.statusCode, 200)
  t.equal(file.headers['content-type'], 'application/pdf')
  t.ok(file.rawPayload.equals(PDF), 'the reviewer downloads the stored bytes')
})

t.test('only the back office sees the queue', async (t) => {
  const citizen = await activateTestPin(ctx.app, cf('opened 2020-02-24'), 'Fico2020')
  const res = await ctx.app.inject({ method: 'GET', url: BASE, headers: bearer(citizen.accessToken) })
  t.equal(res.statusCode, 403)
  t.equal(json(res).code, 'ROLE_NOT_ALLOWED')
  const cc = await operatorToken(ctx, OPERATORS.contactCenter)
  t.equal(
    (
      await ctx.app.inject({
        method: 'POST',
        url: `${BASE}/00000000-0000-4000-8000-000000000000/approve`,
        headers: bearer(cc),
      })
    ).statusCode,
    403,
  )
  t.equal((await ctx.app.inject({ method: 'GET', url: BASE })).statusCode, 401)
})

t.test('approval raises the credential, upgrades open sessions and new logins, and notifies', async (t) => {
  const c = await filed('co.co.co. ended', 'Kiwi2020')
  t.match(json(await me(c.accessToken)), { authLevel: 'pin_ordinario', credential: { level: 'ordinario' } })
  const session = {
    subject: c.codiceFiscale,
    role: 'citizen' as const,
    authLevel: 'pin_ordinario' as const,
    tokenId: 't',
  }
  t.equal(await effectiveLevel(db, session), 'pin_ordinario')
  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 600 })
  const res = await approve(c.id)
  t.equal(res.statusCode, 200)
  t.same(json(res), { id: c.id, status: 'approved' })

  const credential = await db
    .selectFrom('pin_credentials')
    .select('level')
    .where('codice_fiscale', '=', c.codiceFiscale)
    .executeTakeFirstOrThrow()
  t.equal(credential.level, 'dispositivo')
  t.match(
    json(await me(c.accessToken)),
    { authLevel: 'pin_dispositivo', credential: { level: 'dispositivo' } },
    'the session opened before approval is upgraded',
  )
  t.equal(await effectiveLevel(db, session), 'pin_dispositivo', 'the guard helper sees the upgrade')
  t.equal(
    await effectiveLevel(db, { ...session, authLevel: 'pin_semplificato' }),
    'pin_semplificato',
    'never for the first half alone',
  )
  const login = json(
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin',
      payload: { codiceFiscale: c.codiceFiscale, pin: c.personalPin },
    }),
  )
  t.match(login, { status: 'authenticated', authLevel: 'pin_dispositivo' }, 'a new login is dispositivo')

  const state = json(
    await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/pin-dispositivo-requests/${c.id}`,
      headers: bearer(c.accessToken),
    }),
  )
  t.same(state, {
    id: c.id,
    status: 'approved',
    channel: 'web',
    submittedAt: '2020-04-01T10:00:00+02:00',
    decidedAt: '2020-04-01T10:10:00+02:00',
  })
  const messages = (await outbox(ctx, c.codiceFiscale)).filter((m) => m.subject.startsWith('PIN dispositivo'))
  t.match(messages, [{ channel: 'email', recipient: 'test@example.it', subject: 'PIN dispositivo: richiesta accolta' }])
  t.notOk(messages[0].pinPart)
  t.match(await audit(ctx, c.codiceFiscale, 'dispositivo.approved'), [
    { outcome: 'success', actorId: OPERATORS.backoffice.operatorId },
  ])

  const again = await upload(ctx, c.accessToken)
  t.equal(json(again).code, 'ALREADY_DISPOSITIVO', 'nothing left to convert')
})

t.test('rejection carries the reason to the citizen; a new request may follow', async (t) => {
  const d = await filed('two positions in different schemes', 'Noce2020')
  const bad = await reject(d.id, '')
  t.equal(bad.statusCode, 400)
  const res = await reject(d.id, 'Il documento di identità è scaduto')
  t.equal(res.statusCode, 200)
  t.same(json(res), { id: d.id, status: 'rejected', reason: 'Il documento di identità è scaduto' })
  t.match(
    json(
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/pin-dispositivo-requests/${d.id}`,
        headers: bearer(d.accessToken),
      }),
    ),
    {
      status: 'rejected',
      reason: 'Il documento di identità è scaduto',
      decidedAt: '2020-04-01T10:00:00+02:00',
    },
  )
  const level = await db
    .selectFrom('pin_credentials')
    .select('level')
    .where('codice_fiscale', '=', d.codiceFiscale)
    .executeTakeFirstOrThrow()
  t.equal(level.level, 'ordinario', 'the credential stays ordinario')
  t.match(
    (await outbox(ctx, d.codiceFiscale)).filter((m) => m.subject.startsWith('PIN dispositivo')),
    [{ channel: 'email', subject: 'PIN dispositivo: richiesta respinta', body: /Il documento di identità è scaduto/ }],
  )
  t.match(await audit(ctx, d.codiceFiscale, 'dispositivo.rejected'), [
    { outcome: 'success', detail: { reason: 'Il documento di identità è scaduto' } },
  ])
  t.equal((await approve(d.id)).statusCode, 409, 'a rejected request cannot be approved afterwards')
  t.equal((await upload(ctx, d.accessToken)).statusCode, 202, 'the citizen may try again')
})

t.test('two reviewers racing: exactly one decision, the other 409 ALREADY_DECIDED', async (t) => {
  const e = await filed('artigiani', 'Olmo2020')
  const second = await operatorToken(ctx, OPERATORS.backoffice)
  const results = await Promise.all([approve(e.id), approve(e.id, second)])
  t.same(results.map((r) => r.statusCode).sort(), [200, 409])
  t.match(json(results.find((r) => r.statusCode === 409)!), {
    code: 'ALREADY_DECIDED',
    status: 409,
    currentStatus: 'approved',
  })

  const f = await filed('commercianti; female', 'Faro2020')
  const mixed = await Promise.all([approve(f.id), reject(f.id, 'Firma mancante sul modulo')])
  t.same(mixed.map((r) => r.statusCode).sort(), [200, 409])
  const row = await db
    .selectFrom('pin_dispositivo_requests')
    .selectAll()
    .where('id', '=', f.id)
    .executeTakeFirstOrThrow()
  const winner = json(mixed.find((r) => r.statusCode === 200)!)
  t.equal(row.status, winner.status, 'the stored decision is the one answered 200')
  const notices = (await outbox(ctx, f.codiceFiscale)).filter((m) => m.subject.startsWith('PIN dispositivo'))
  t.equal(notices.length, 1, 'one notification only')
  t.equal((await approve('00000000-0000-4000-8000-000000000000')).statusCode, 404)
})
