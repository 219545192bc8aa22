import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { activateTestPin, bearer, newPerson } from '../../factories.js'
import { advanceClock, freezeClock, operatorToken, outboxOf, postRequest, stranger } from './pin.factories.js'

// docs/rules.md §15: the call-back worklist, the new PIN by phone, the Contact Center's numbers.
const ctx = await setupTestApp(t)
const WEDNESDAY = '2020-04-01T10:00:00+02:00'

const worklist = (token: string, query = 'status=pending_validation') =>
  ctx.app.inject({ method: 'GET', url: `/api/v1/contact-center/pin-requests?${query}`, headers: bearer(token) })
const reissue = (token: string, body: object) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/contact-center/pin-reissues', headers: bearer(token), payload: body })
const webLogin = (codiceFiscale: string, pin: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/pin', payload: { codiceFiscale, pin } })

/** The request body of an archive person created by newPerson (Paolo Verdi, Via Roma 1, Roma). */
function requestFor(codiceFiscale: string, birthDate: string, over: object = {}) {
  return {
    codiceFiscale,
    firstName: 'Paolo',
    lastName: 'Verdi',
    birthDate,
    sex: 'M',
    birthPlace: 'Roma',
    residence: { street: 'Via Roma 1', postalCode: '00184', municipality: 'Roma', province: 'RM' },
    assistancePhone: '+39 333 5550000',
    contacts: { mobile: '+39 333 5550001', email: 'paolo.telefono@example.it' },
    firstHalfChannel: 'sms',
    ...over,
  }
}
const birthDateOf = async (cf: string) =>
  (
    await ctx.app.db
      .selectFrom('persons')
      .select('birth_date')
      .where('codice_fiscale', '=', cf)
      .executeTakeFirstOrThrow()
  ).birth_date as string

t.test('GET /contact-center/info is public and gives the numbers of circ. 49/2020', async (t) => {
  await freezeClock(ctx, WEDNESDAY)
  const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/contact-center/info' })
  t.equal(res.statusCode, 200)
  t.same(json(res), {
    landline: '803 164',
    mobile: '06 164164',
    fax: '800 803 164',
    hours: [
      { days: 'Monday–Friday', open: '08:00', close: '20:00' },
      { days: 'Saturday', open: '08:00', close: '14:00' },
    ],
  })
})

t.test('the worklist: pending requests oldest first, paged, refused ones left out', async (t) => {
  await freezeClock(ctx, WEDNESDAY)
  const { token } = await operatorToken(ctx)
  const names = ['Anna', 'Bruna', 'Carla']
  const ids: string[] = []
  for (const name of names) {
    const res = await postRequest(ctx, stranger(name, 'Lontana'))
    t.equal(json(res).status, 'pending_validation')
    ids.push(json(res).id)
    await advanceClock(ctx, 60)
  }
  // Someone whose PIN is active: the web request is answered alike but refused, so nobody calls back.
  const active = await newPerson(ctx.emulator)
  await activateTestPin(ctx.app, active)
  const refused = await postRequest(
    ctx,
    requestFor(active, await birthDateOf(active), {
      residence: { street: 'Via Altrove 3', postalCode: '00100', municipality: 'Roma', province: 'RM' },
    }),
  )
  t.equal(json(refused).status, 'pending_validation')

  const first = await worklist(token, 'status=pending_validation&limit=2')
  t.equal(first.statusCode, 200)
  const page1 = json(first)
  t.same(
    page1.items.map((i: { id: string }) => i.id),
    ids.slice(0, 2),
    'oldest first',
  )
  t.match(page1.items[0], {
    firstName: 'Anna',
    lastName: 'Lontana',
    assistancePhone: '+39 333 0000000',
    channel: 'web',
    requestedAt: '2020-04-01T10:00:00+02:00',
  })
  t.ok(page1.nextCursor)
  const page2 = json(await worklist(token, `status=pending_validation&limit=2&cursor=${page1.nextCursor}`))
  t.same(
    page2.items.map((i: { id: string }) => i.id),
    [ids[2]],
    'the refused request is not on the list',
  )
  t.notOk(page2.nextCursor, 'last page')

  // Validated requests leave the list.
  t.equal(
    (
      await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/contact-center/pin-requests/${ids[0]}/validate`,
        headers: bearer(token),
      })
    ).statusCode,
    200,
  )
  t.same(
    json(await worklist(token)).items.map((i: { id: string }) => i.id),
    ids.slice(1),
  )

  t.equal(json(await worklist(token, 'status=pending_validation&cursor=bm9wZQ')).code, 'INVALID_CURSOR')
  t.equal((await worklist(token, 'status=issued')).statusCode, 400, 'only the requests waiting for validation')
  const citizen = await ctx.app.tokens.issueSession({ subject: active, role: 'citizen', authLevel: 'pin_ordinario' })
  t.equal((await worklist(citizen.accessToken)).statusCode, 403, 'operators only')
})

t.test('a new PIN by phone: the old PIN and its sessions stop at once, the lock is lifted', async (t) => {
  await freezeClock(ctx, WEDNESDAY)
  const { token, operatorId } = await operatorToken(ctx)
  const cf = await newPerson(ctx.emulator)
  const { personalPin, accessToken } = await activateTestPin(ctx.app, cf)
  t.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(accessToken) })).statusCode, 200)
  for (let i = 0; i < 5; i++) await webLogin(cf, 'WRONG123')
  t.equal((await webLogin(cf, personalPin)).statusCode, 423, 'locked before the call')

  const res = await reissue(token, requestFor(cf, await birthDateOf(cf)))
  t.equal(res.statusCode, 201, res.body)
  const created = json(res)
  t.match(created, { id: /^[0-9a-f-]{36}$/, status: 'issued', firstHalf: /^[A-Z0-9]{8}$/ })

  t.equal(
    json(await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(accessToken) })).code,
    'SESSION_REVOKED',
    'the old session ended',
  )
  const old = await webLogin(cf, personalPin)
  t.equal(old.statusCode, 401, 'the old PIN no longer works (and the lock is gone: 401, not 423)')
  const fresh = await webLogin(cf, created.firstHalf)
  t.equal(fresh.statusCode, 200, 'the first half read by the operator works')
  t.equal(json(fresh).authLevel, 'pin_semplificato')

  const sent = await outboxOf(ctx, cf)
  t.ok(
    sent.some(
      (m) =>
        m.channel === 'sms' &&
        m.recipient === '+39 333 5550001' &&
        m.pinPart === 'first' &&
        m.secret === created.firstHalf,
    ),
    'first half to the mobile given on the phone',
  )
  t.ok(
    sent.some(
      (m) =>
        m.recipient === 'nuovo@example.it' &&
        m.subject === 'PIN INPS: nuovo PIN rilasciato' &&
        m.body.includes('803 164') &&
        !m.secret,
    ),
    'the archive contacts are told',
  )
  const request = await ctx.app.db
    .selectFrom('pin_requests')
    .selectAll()
    .where('id', '=', created.id)
    .executeTakeFirstOrThrow()
  t.match(request, { channel: 'contact_center', status: 'issued', operator_id: operatorId })
  const audit = await ctx.app.db
    .selectFrom('audit_events')
    .select(['action', 'outcome'])
    .where('codice_fiscale', '=', cf)
    .where('action', '=', 'pin.reissued')
    .execute()
  t.same(audit, [{ action: 'pin.reissued', outcome: 'success' }])
})

t.test('a new PIN needs an active one: otherwise 422 NO_ACTIVE_PIN, nothing issued', async (t) => {
  await freezeClock(ctx, WEDNESDAY)
  const { token } = await operatorToken(ctx)
  const cf = await newPerson(ctx.emulator)
  const res = await reissue(token, requestFor(cf, await birthDateOf(cf)))
  t.equal(res.statusCode, 422)
  t.equal(json(res).code, 'NO_ACTIVE_PIN')
  t.notOk(
    await ctx.app.db.selectFrom('pin_credentials').select('state').where('codice_fiscale', '=', cf).executeTakeFirst(),
  )
  await freezeClock(ctx, '2020-04-05T10:00:00+02:00')
  const sunday = await reissue((await operatorToken(ctx)).token, requestFor(cf, await birthDateOf(cf)))
  t.equal(json(sunday).code, 'OUTSIDE_CONTACT_CENTER_HOURS', 'Contact Center hours apply')
})

t.test('one hours guard on every Contact Center operator route, before the body is read', async (t) => {
  await freezeClock(ctx, '2020-04-05T10:00:00+02:00') // Sunday
  const { token } = await operatorToken(ctx)
  const closed = { status: 403, code: 'OUTSIDE_CONTACT_CENTER_HOURS', nextOpeningAt: '2020-04-06T08:00:00+02:00' }
  t.match(json(await worklist(token)), closed, 'the worklist too')
  t.match(json(await reissue(token, { nonsense: true })), closed, 'a malformed body is not even checked')
  const info = await ctx.app.inject({ method: 'GET', url: '/api/v1/contact-center/info' })
  t.equal(info.statusCode, 200, 'the public numbers are not an operator route')
  // docs/rules.md §1: each refusal is in the audit trail, with the operator and the route.
  const audit = json(await ctx.emulator('GET', '/emulator/audit?action=contact_center.refused')).items
  t.match(audit.slice(-2), [
    { outcome: 'failure', actorType: 'operator', detail: { code: 'OUTSIDE_CONTACT_CENTER_HOURS' } },
    { outcome: 'failure', actorType: 'operator', detail: { code: 'OUTSIDE_CONTACT_CENTER_HOURS' } },
  ])
})
