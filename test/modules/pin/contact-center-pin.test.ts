import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import {
  activateDirectly,
  advanceClock,
  allSecrets,
  bianchi,
  citizenToken,
  colombo,
  credentialOf,
  esposito,
  freezeClock,
  operatorToken,
  outboxOf,
  postRequest,
  requestsOf,
  stranger,
  type PinRequestInput,
} from './pin.factories.js'

const ctx = await setupTestApp(t)
const WEDNESDAY_10 = '2020-04-01T10:00:00+02:00'
const responses: string[] = []

async function register(token: string | undefined, body: PinRequestInput) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contact-center/pin-requests',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    payload: body,
  })
  responses.push(res.body)
  return res
}

async function validate(token: string | undefined, id: string) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/contact-center/pin-requests/${id}/validate`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
  responses.push(res.body)
  return res
}

async function webRequest(body: PinRequestInput): Promise<{ id: string; status: string }> {
  const res = await postRequest(ctx, body)
  responses.push(res.body)
  if (res.statusCode !== 201) throw new Error(res.body)
  return json(res)
}

t.test('register and validate in one step: issued, the operator gets the first half', async (t) => {
  await freezeClock(ctx, WEDNESDAY_10)
  const { operatorId, token } = await operatorToken(ctx)
  // The address differs from the archive: the operator's identification on the phone replaces the check.
  const body = bianchi({
    residence: { street: 'Via Inventata 9', postalCode: '00100', municipality: 'Roma', province: 'RM' },
  })
  const res = await register(token, body)
  t.equal(res.statusCode, 201)
  const created = json(res)
  t.match(created, { id: /^[0-9a-f-]{36}$/, status: 'issued', firstHalf: /^[A-Z0-9]{8}$/ })
  t.same(Object.keys(created).sort(), ['firstHalf', 'id', 'status'])
  t.equal(res.headers['cache-control'], 'no-store')

  const messages = await outboxOf(ctx, body.codiceFiscale)
  t.equal(messages.length, 1)
  t.match(
    messages[0],
    { channel: 'sms', recipient: '+39 347 1200001', pinPart: 'first', secret: created.firstHalf },
    'the same first half is also sent by SMS',
  )
  t.match(await requestsOf(ctx, body.codiceFiscale), [
    {
      id: created.id,
      channel: 'contact_center',
      status: 'issued',
      operator_id: operatorId,
      validated_by: operatorId,
      address_matched: false,
    },
  ])
  t.match(await credentialOf(ctx, body.codiceFiscale), {
    state: 'issued',
    level: 'ordinario',
    pin_request_id: created.id,
  })

  await advanceClock(ctx, 120 * 3600)
  t.match(
    (await outboxOf(ctx, body.codiceFiscale)).filter((m) => m.channel === 'post'),
    [{ pinPart: 'second', recipient: /Via Inventata 9/ }],
    'second half by post to the residence given',
  )

  const audit = json(
    await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${body.codiceFiscale}&action=pin.requested`),
  )
  t.match(audit.items, [
    {
      actorType: 'operator',
      actorId: operatorId,
      channel: 'contact_center',
      outcome: 'success',
      detail: { status: 'issued', channel: 'contact_center' },
    },
  ])
  t.notMatch(JSON.stringify(audit.items), created.firstHalf)
})

t.test('the 12-hour rule: an issued request can be validated only 12 hours after it was made', async (t) => {
  await freezeClock(ctx, '2020-04-01T07:00:00+02:00')
  const { id } = await webRequest(colombo())
  const before = await credentialOf(ctx, 'CLMGPP71P08A944C')
  const [firstSms] = await outboxOf(ctx, 'CLMGPP71P08A944C')

  await freezeClock(ctx, '2020-04-01T18:59:00+02:00')
  const early = await validate((await operatorToken(ctx)).token, id)
  t.equal(early.statusCode, 409)
  t.match(json(early), { code: 'TOO_EARLY_TO_VALIDATE', validatableFrom: '2020-04-01T19:00:00+02:00' })

  await freezeClock(ctx, '2020-04-01T19:00:00+02:00')
  const { operatorId, token } = await operatorToken(ctx)
  const ok = await validate(token, id)
  t.equal(ok.statusCode, 200)
  t.same(json(ok), { id, status: 'issued' }, 'no PIN half in this response')

  const sms = (await outboxOf(ctx, 'CLMGPP71P08A944C')).filter((m) => m.pinPart === 'first')
  t.equal(sms.length, 2, 'the first half sent again')
  t.match(sms[1], { channel: 'sms', recipient: '+39 335 9000006', sentAt: '2020-04-01T19:00:00+02:00' })
  t.equal(
    sms[1].secret,
    firstSms.secret,
    'the same first half: the Contact Center validates the request, it does not replace the PIN',
  )
  const after = await credentialOf(ctx, 'CLMGPP71P08A944C')
  t.equal(after?.first_half_hash, before?.first_half_hash, 'first half unchanged')
  t.equal(after?.second_half_hash, before?.second_half_hash, 'the second half in the post stays valid')
  t.equal(after?.version, before?.version, 'no session ends')
  const login = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/pin',
    payload: { codiceFiscale: 'CLMGPP71P08A944C', pin: firstSms.secret },
  })
  t.equal(login.statusCode, 200, 'the first half the citizen already holds (a late SMS) still opens a session')
  t.match(await requestsOf(ctx, 'CLMGPP71P08A944C'), [{ id, status: 'issued', validated_by: operatorId }])
})

t.test('a pending request is validated at once', async (t) => {
  await freezeClock(ctx, WEDNESDAY_10)
  const body = stranger('Carla', 'Neri')
  const { id, status } = await webRequest(body)
  t.equal(status, 'pending_validation')
  const { operatorId, token } = await operatorToken(ctx)
  const res = await validate(token, id)
  t.equal(res.statusCode, 200)
  t.same(json(res), { id, status: 'issued' })
  t.match(await outboxOf(ctx, body.codiceFiscale), [
    { channel: 'sms', recipient: body.contacts.mobile, pinPart: 'first' },
  ])
  t.match(await requestsOf(ctx, body.codiceFiscale), [{ status: 'issued', validated_by: operatorId }])
  t.match(await credentialOf(ctx, body.codiceFiscale), { state: 'issued', pin_request_id: id, first_name: 'Carla' })
  t.equal(json(await ctx.app.inject({ method: 'GET', url: `/api/v1/pin-requests/${id}` })).status, 'issued')
  const audit = json(
    await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${body.codiceFiscale}&action=pin.validated`),
  )
  t.match(audit.items, [
    {
      actorType: 'operator',
      actorId: operatorId,
      channel: 'contact_center',
      detail: { previousStatus: 'pending_validation' },
    },
  ])
})

t.test('superseded, activated and unknown requests are refused', async (t) => {
  await freezeClock(ctx, WEDNESDAY_10)
  const old = await webRequest(esposito())
  const newer = await webRequest(esposito())
  await freezeClock(ctx, '2020-04-02T10:00:00+02:00')
  const fresh = (await operatorToken(ctx)).token
  const superseded = await validate(fresh, old.id)
  t.equal(superseded.statusCode, 409)
  t.equal(json(superseded).code, 'REQUEST_SUPERSEDED')

  await activateDirectly(ctx, 'SPSMRC90B03F839H')
  const active = await validate(fresh, newer.id)
  t.equal(active.statusCode, 409)
  t.equal(json(active).code, 'PIN_ALREADY_ACTIVE')
  const again = await register(fresh, esposito())
  t.equal(again.statusCode, 409)
  t.equal(json(again).code, 'PIN_ALREADY_ACTIVE')

  const unknown = await validate(fresh, '00000000-0000-4000-8000-000000000000')
  t.equal(unknown.statusCode, 404)
  t.equal(json(unknown).code, 'PIN_REQUEST_NOT_FOUND')
  const malformed = await validate(fresh, 'nope')
  t.equal(malformed.statusCode, 400)
})

t.test('a Contact Center request supersedes an open web request', async (t) => {
  await freezeClock(ctx, WEDNESDAY_10)
  const body = stranger('Elisa', 'Monti')
  const web = await webRequest(body)
  const res = await register((await operatorToken(ctx)).token, body)
  t.equal(res.statusCode, 201)
  t.match(await requestsOf(ctx, body.codiceFiscale), [
    { id: web.id, status: 'superseded' },
    { id: json(res).id, status: 'issued' },
  ])
})

t.test('outside Contact Center hours: 403 with the next opening', async (t) => {
  const cases: Array<[string, string]> = [
    ['2020-04-05T10:00:00+02:00', '2020-04-06T08:00:00+02:00'], // Sunday
    ['2020-04-04T14:00:00+02:00', '2020-04-06T08:00:00+02:00'], // Saturday 14:00
    ['2020-04-03T20:00:00+02:00', '2020-04-04T08:00:00+02:00'], // Friday 20:00
    ['2020-04-01T07:59:00+02:00', '2020-04-01T08:00:00+02:00'], // Wednesday before 08:00
  ]
  await freezeClock(ctx, WEDNESDAY_10)
  const pending = await webRequest(stranger('Rita', 'Sole'))
  for (const [now, next] of cases) {
    await freezeClock(ctx, now)
    const { token } = await operatorToken(ctx)
    const res = await register(token, stranger('Ivo', 'Pace'))
    t.equal(res.statusCode, 403, now)
    t.match(json(res), { code: 'OUTSIDE_CONTACT_CENTER_HOURS', nextOpeningAt: next }, now)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    const v = await validate(token, pending.id)
    t.match(json(v), { status: 403, code: 'OUTSIDE_CONTACT_CENTER_HOURS', nextOpeningAt: next }, `validate at ${now}`)
  }
  t.same(await requestsOf(ctx, stranger('Ivo', 'Pace').codiceFiscale), [], 'nothing stored')
  t.match(await requestsOf(ctx, stranger('Rita', 'Sole').codiceFiscale), [{ status: 'pending_validation' }])

  await freezeClock(ctx, '2020-04-04T13:59:00+02:00')
  const open = await register((await operatorToken(ctx)).token, stranger('Ivo', 'Pace'))
  t.equal(open.statusCode, 201, 'Saturday 13:59 is open')
})

t.test('only Contact Center operators', async (t) => {
  await freezeClock(ctx, WEDNESDAY_10)
  const noToken = await register(undefined, stranger('Ada', 'Gori'))
  t.equal(noToken.statusCode, 401)
  t.equal(json(noToken).code, 'UNAUTHORIZED')
  const badBodyNoToken = await register(undefined, { nonsense: true })
  t.equal(badBodyNoToken.statusCode, 401, 'authentication comes before body validation')
  const garbage = await register('not-a-jwt', stranger('Ada', 'Gori'))
  t.equal(garbage.statusCode, 401)
  t.equal((await validate(undefined, '00000000-0000-4000-8000-000000000000')).statusCode, 401)

  for (const role of ['patronato', 'backoffice', 'office'] as const) {
    const { token } = await operatorToken(ctx, role)
    const res = await register(token, stranger('Ada', 'Gori'))
    t.equal(res.statusCode, 403, role)
    t.equal(json(res).code, 'ROLE_NOT_ALLOWED', role)
  }
  const intermediary = await register((await operatorToken(ctx, 'intermediario')).token, stranger('Ada', 'Gori'))
  t.equal(intermediary.statusCode, 403)
  const citizen = await register(await citizenToken(ctx, 'BNCGLI84H52H501C'), stranger('Ada', 'Gori'))
  t.equal(citizen.statusCode, 403)
  t.equal(json(citizen).code, 'ROLE_NOT_ALLOWED')
  t.same(await requestsOf(ctx, stranger('Ada', 'Gori').codiceFiscale), [])
})

t.test('the same data checks as the web request', async (t) => {
  await freezeClock(ctx, WEDNESDAY_10)
  const { token } = await operatorToken(ctx)
  t.equal(json(await register(token, bianchi({ codiceFiscale: 'BNCGLI84H52H501X' }))).code, 'INVALID_CODICE_FISCALE')
  t.equal(json(await register(token, bianchi({ lastName: 'Rossi' }))).code, 'CODICE_FISCALE_MISMATCH')
  t.equal(json(await register(token, bianchi({ contacts: { pec: 'x@pec.example.it' } }))).code, 'NO_DELIVERY_CONTACT')
})

t.test('the Contact Center response is the only one with a PIN half; none in the logs', async (t) => {
  const secrets = await allSecrets(ctx)
  const firstHalves = new Set(
    responses.filter((b) => b.includes('firstHalf')).map((b) => JSON.parse(b).firstHalf as string),
  )
  t.ok(firstHalves.size >= 3)
  const logs = ctx.logText()
  for (const secret of secrets) {
    t.notOk(logs.includes(secret), 'not in the logs')
    const carriers = responses.filter((b) => b.includes(secret))
    t.ok(
      carriers.every((b) => JSON.parse(b).firstHalf === secret),
      'only as firstHalf of a Contact Center registration',
    )
  }
})
