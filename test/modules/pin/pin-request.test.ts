import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import {
  activateDirectly,
  advanceClock,
  allSecrets,
  bianchi,
  colombo,
  credentialOf,
  esposito,
  freezeClock,
  operatorToken,
  outboxOf,
  postRequest,
  requestsOf,
  stranger,
} from './pin.factories.js'

const ctx = await setupTestApp(t)
const WEDNESDAY_10 = '2020-04-01T10:00:00+02:00'
const responses: string[] = []
const post = async (body: Record<string, any>) => {
  const res = await postRequest(ctx, body)
  responses.push(res.body)
  return res
}

t.beforeEach(async () => {
  await freezeClock(ctx, WEDNESDAY_10)
})

t.test('archive match: issued, first half now by SMS, second half by post after the postal delay', async (t) => {
  const res = await post(colombo())
  t.equal(res.statusCode, 201)
  const { id, status } = json(res)
  t.equal(status, 'issued')
  t.same(Object.keys(json(res)).sort(), ['id', 'status'], 'no personal data, no PIN')
  t.equal(res.headers['cache-control'], 'no-store')

  const now = await outboxOf(ctx, 'CLMGPP71P08A944C')
  t.equal(now.length, 1, 'only the first half is delivered now')
  t.match(now[0], { channel: 'sms', recipient: '+39 335 9000006', pinPart: 'first', secret: /^[A-Z0-9]{8}$/ })

  const [request] = await requestsOf(ctx, 'CLMGPP71P08A944C')
  t.match(request, {
    id,
    channel: 'web',
    status: 'issued',
    address_matched: true,
    first_half_channel: 'sms',
    operator_id: null,
  })
  const credential = await credentialOf(ctx, 'CLMGPP71P08A944C')
  t.match(credential, {
    state: 'issued',
    level: 'ordinario',
    pin_request_id: id,
    first_name: 'Giuseppe',
    pin_hash: null,
  })
  t.notOk(credential?.first_half_hash?.includes(now[0].secret as string), 'only a hash is stored')

  await advanceClock(ctx, 120 * 3600 - 1)
  t.equal(
    (await outboxOf(ctx, 'CLMGPP71P08A944C')).filter((m) => m.channel === 'post').length,
    0,
    'no letter one second before the 5 days',
  )
  await advanceClock(ctx, 1)
  const letters = (await outboxOf(ctx, 'CLMGPP71P08A944C')).filter((m) => m.channel === 'post')
  t.equal(letters.length, 1, 'the letter arrives after 5 days of emulated time')
  t.match(letters[0], {
    pinPart: 'second',
    secret: /^[A-Z0-9]{8}$/,
    recipient: /Giuseppe Colombo, Via Roma, 1, 40033 Casalecchio di Reno \(BO\)/,
  })
  t.not(letters[0].secret, now[0].secret)

  const audit = json(await ctx.emulator('GET', '/emulator/audit?codiceFiscale=CLMGPP71P08A944C&action=pin.requested'))
  t.match(audit.items, [
    {
      actorType: 'anonymous',
      channel: 'web',
      outcome: 'success',
      detail: { status: 'issued', channel: 'web', pinRequestId: id },
    },
  ])
  t.notMatch(JSON.stringify(audit), now[0].secret as string, 'the audit never holds a PIN')
})

t.test('GET /pin-requests/{id}: status only', async (t) => {
  const { id } = json(await post(bianchi({ firstHalfChannel: 'email' })))
  const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/pin-requests/${id}` })
  t.equal(res.statusCode, 200)
  t.same(json(res), { id, status: 'issued', requestedAt: '2020-04-01T10:00:00+02:00' })
  t.equal(res.headers['cache-control'], 'no-store')
  const [first] = await outboxOf(ctx, 'BNCGLI84H52H501C')
  t.match(
    first,
    { channel: 'email', recipient: 'giulia.bianchi@example.it', pinPart: 'first' },
    'firstHalfChannel email',
  )

  const unknown = await ctx.app.inject({
    method: 'GET',
    url: '/api/v1/pin-requests/00000000-0000-4000-8000-000000000000',
  })
  t.equal(unknown.statusCode, 404)
  t.equal(json(unknown).code, 'PIN_REQUEST_NOT_FOUND')
  const malformed = await ctx.app.inject({ method: 'GET', url: '/api/v1/pin-requests/not-a-uuid' })
  t.equal(malformed.statusCode, 400)
  t.equal(json(malformed).code, 'VALIDATION_ERROR')
})

t.test('abbreviations both ways: "V. dei Calzaiuoli" matches the archive\'s "Via dei Calzaiuoli"', async (t) => {
  const res = await post({
    codiceFiscale: 'rccnna79a65d612o',
    firstName: 'ANNA',
    lastName: 'ricci',
    birthDate: '1979-01-25',
    sex: 'F',
    birthPlace: 'FIRENZE',
    residence: { street: 'V. dei Calzaiuoli, n. 15', postalCode: '50122', municipality: 'FIRENZE', province: 'fi' },
    assistancePhone: '+39 338 1400007',
    contacts: { mobile: '+39 338 1400007' },
    firstHalfChannel: 'sms',
  })
  t.equal(res.statusCode, 201)
  t.equal(json(res).status, 'issued', 'case, lower-case codice fiscale and abbreviations do not matter')
})

t.test('unknown person or different data: pending_validation, nothing sent', async (t) => {
  const unknown = stranger('Carla', 'Neri')
  const res = await post(unknown)
  t.equal(res.statusCode, 201)
  t.equal(json(res).status, 'pending_validation')
  t.same(await outboxOf(ctx, unknown.codiceFiscale), [])
  t.equal(await credentialOf(ctx, unknown.codiceFiscale), undefined, 'no credential until validated')
  t.match(await requestsOf(ctx, unknown.codiceFiscale), [
    { status: 'pending_validation', address_matched: false, issued_at: null },
  ])

  const moved = esposito({
    residence: { street: 'Via Toledo 50', postalCode: '80134', municipality: 'Napoli', province: 'NA' },
  })
  const other = await post(moved)
  t.equal(json(other).status, 'pending_validation', 'another house number')
  t.same(await outboxOf(ctx, moved.codiceFiscale), [])
  t.match(await requestsOf(ctx, moved.codiceFiscale), [{ address_matched: false }])

  const birthPlace = await post(esposito({ birthPlace: 'Caserta' }))
  t.equal(json(birthPlace).status, 'pending_validation', 'same address but the birth place differs from the archive')
  const sent = await outboxOf(ctx, moved.codiceFiscale)
  t.same(
    sent.filter((m) => m.pinPart),
    [],
    'no PIN part sent',
  )
  t.same(sent, [], 'nothing at all: an unverified request supersedes nothing, so there is nothing to tell')
  t.equal(
    (await requestsOf(ctx, moved.codiceFiscale)).filter((r) => r.status === 'pending_validation').length,
    2,
    'the unverified requests both wait for the Contact Center',
  )
})

t.test('codice fiscale checks', async (t) => {
  for (const codiceFiscale of ['BNCGLI84H52H501X', 'ABC', 'BNCGLI84H52H501C0']) {
    const res = await post(bianchi({ codiceFiscale }))
    t.equal(res.statusCode, 400, codiceFiscale)
    t.equal(json(res).code, 'INVALID_CODICE_FISCALE', codiceFiscale)
    t.match(res.headers['content-type'], /application\/problem\+json/)
  }
  const mismatch = await post(bianchi({ firstName: 'Giuliana', sex: 'M' }))
  t.equal(mismatch.statusCode, 422)
  t.equal(json(mismatch).code, 'CODICE_FISCALE_MISMATCH')
  t.same(
    json(mismatch)
      .errors.map((e: { field: string }) => e.field)
      .sort(),
    ['/firstName', '/sex'],
  )
  t.match(json(mismatch).detail, /firstName, sex/)
  t.same(
    await requestsOf(ctx, 'BNCGLI84H52H501C').then((r) => r.filter((x) => x.personal_data.firstName === 'Giuliana')),
    [],
    'nothing stored',
  )
})

t.test('a delivery contact is required', async (t) => {
  const pecOnly = await post(stranger('Lia', 'Sala', { contacts: { pec: 'lia@pec.example.it' } }))
  t.equal(pecOnly.statusCode, 400)
  t.equal(json(pecOnly).code, 'NO_DELIVERY_CONTACT')
  const none = await post(stranger('Lia', 'Sala', { contacts: {} }))
  t.equal(json(none).code, 'NO_DELIVERY_CONTACT')
  const smsWithoutMobile = await post(
    stranger('Lia', 'Sala', { contacts: { email: 'lia@example.it' }, firstHalfChannel: 'sms' }),
  )
  t.equal(smsWithoutMobile.statusCode, 400)
  t.equal(json(smsWithoutMobile).code, 'NO_DELIVERY_CONTACT')
  t.match(json(smsWithoutMobile).errors, [{ field: '/contacts/mobile' }])
  const emailWithoutEmail = await post(
    stranger('Lia', 'Sala', { contacts: { mobile: '+39 333 1110000' }, firstHalfChannel: 'email' }),
  )
  t.match(json(emailWithoutEmail), { code: 'NO_DELIVERY_CONTACT', errors: [{ field: '/contacts/email' }] })
  const badChannel = await post(stranger('Lia', 'Sala', { firstHalfChannel: 'pec' }))
  t.equal(json(badChannel).code, 'VALIDATION_ERROR')
})

t.test('an activated PIN is never replaced by a web request, which is answered like any other (no 409)', async (t) => {
  const body = {
    codiceFiscale: 'MRNSVT65L14G273F',
    firstName: 'Salvatore',
    lastName: 'Marino',
    birthDate: '1965-07-14',
    sex: 'M',
    birthPlace: 'Palermo',
    residence: { street: 'Via Venero 12', postalCode: '90046', municipality: 'Monreale', province: 'PA' },
    assistancePhone: '+39 320 5500008',
    contacts: { mobile: '+39 320 5500008' },
    firstHalfChannel: 'sms',
  }
  const first = await post(body)
  t.equal(json(first).status, 'issued')
  await activateDirectly(ctx, body.codiceFiscale)
  const credential = await credentialOf(ctx, body.codiceFiscale)
  const sentBefore = (await outboxOf(ctx, body.codiceFiscale)).length
  const again = await post(body)
  t.equal(again.statusCode, 201)
  t.same(Object.keys(json(again)).sort(), ['id', 'status'])
  t.equal(json(again).status, 'issued', 'the status any request with these data gets')
  t.match(
    await requestsOf(ctx, body.codiceFiscale),
    [
      { id: json(first).id, status: 'superseded', refused_reason: null },
      { id: json(again).id, status: 'issued', refused_reason: 'pin_already_active', issued_at: null },
    ],
    'recorded as refused; it supersedes like any request',
  )
  t.same(await credentialOf(ctx, body.codiceFiscale), credential, 'the activated PIN is untouched')
  const sent = (await outboxOf(ctx, body.codiceFiscale)).slice(sentBefore)
  t.same(
    sent.filter((m) => m.pinPart),
    [],
    'no PIN part sent',
  )
  t.match(
    sent,
    [
      {
        channel: 'sms',
        recipient: '+39 320 5500008',
        subject: 'PIN INPS: richiesta non accolta',
        body: /già un PIN attivo.*803 164/,
      },
      { channel: 'email', recipient: 'salvatore.marino@example.it', subject: 'PIN INPS: richiesta non accolta' },
    ],
    'the archive contacts are told how to recover the PIN',
  )
  const audit = json(
    await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${body.codiceFiscale}&action=pin.requested`),
  )
  t.match(
    audit.items.at(-1),
    { outcome: 'failure', detail: { code: 'PIN_ALREADY_ACTIVE', pinRequestId: json(again).id } },
    'the refusal is audited',
  )
})

t.test('a newer request supersedes the older one and replaces its halves', async (t) => {
  const body = {
    codiceFiscale: 'MNCPLA83R15A662V',
    firstName: 'Paolo',
    lastName: 'Mancini',
    birthDate: '1983-10-15',
    sex: 'M',
    birthPlace: 'Bari',
    residence: { street: 'C.so Cavour 60', postalCode: '70121', municipality: 'Bari', province: 'BA' },
    assistancePhone: '+39 328 6100005',
    contacts: { mobile: '+39 328 6100005', email: 'paolo.mancini@example.it' },
    firstHalfChannel: 'sms',
  }
  const first = json(await post(body))
  const before = await credentialOf(ctx, body.codiceFiscale)
  await ctx.app.db
    .updateTable('pin_credentials')
    .set({ level: 'dispositivo' })
    .where('codice_fiscale', '=', body.codiceFiscale)
    .execute()
  await advanceClock(ctx, 60)
  const second = json(await post({ ...body, firstHalfChannel: 'email' }))
  t.equal(second.status, 'issued')
  t.match(await requestsOf(ctx, body.codiceFiscale), [
    { id: first.id, status: 'superseded' },
    { id: second.id, status: 'issued' },
  ])
  const after = await credentialOf(ctx, body.codiceFiscale)
  t.not(after?.first_half_hash, before?.first_half_hash, 'new first half')
  t.not(after?.second_half_hash, before?.second_half_hash, 'new second half')
  t.equal(after?.pin_request_id, second.id)
  t.equal(after?.level, 'dispositivo', 'the level of a credential not yet activated is kept')
  t.equal(after?.version, (before?.version ?? 0) + 1)
  const status = json(await ctx.app.inject({ method: 'GET', url: `/api/v1/pin-requests/${first.id}` }))
  t.equal(status.status, 'superseded')

  // A request that cannot be issued supersedes nothing and leaves the PIN already sent working: an
  // unverified request must not cancel the person's request nor cut off their halves.
  await advanceClock(ctx, 60)
  const third = json(await post({ ...body, residence: { ...body.residence, street: 'Corso Cavour 61' } }))
  t.equal(third.status, 'pending_validation')
  t.match(await requestsOf(ctx, body.codiceFiscale), [
    { status: 'superseded' },
    { id: second.id, status: 'issued' },
    { id: third.id, status: 'pending_validation' },
  ])
  t.equal((await credentialOf(ctx, body.codiceFiscale))?.first_half_hash, after?.first_half_hash)
})

t.test('concurrent requests for one person: one open request, one credential', async (t) => {
  const results = await Promise.all(
    Array.from({ length: 5 }, () =>
      post(
        colombo({
          codiceFiscale: 'GRCNTN75C19A66NL',
          firstName: 'Antonio',
          lastName: 'Greco',
          birthDate: '1975-03-19',
          birthPlace: 'Bari',
          residence: { street: 'Via Bari 88', postalCode: '70022', municipality: 'Altamura', province: 'BA' },
          contacts: { mobile: '+39 329 8700009' },
        }),
      ),
    ),
  )
  t.same(
    results.map((r) => r.statusCode),
    [201, 201, 201, 201, 201],
  )
  const requests = await requestsOf(ctx, 'GRCNTN75C19A66NL')
  t.equal(requests.length, 5)
  const open = requests.filter((r) => r.status !== 'superseded')
  t.equal(open.length, 1, 'exactly one request is not superseded')
  const credentials = await ctx.app.db
    .selectFrom('pin_credentials')
    .selectAll()
    .where('codice_fiscale', '=', 'GRCNTN75C19A66NL')
    .execute()
  t.equal(credentials.length, 1)
  t.equal(credentials[0].pin_request_id, open[0].id, 'the credential belongs to the open request')
})

t.test('concurrent pending requests supersede nothing: each waits for the Contact Center', async (t) => {
  const body = stranger('Marta', 'Riva')
  const results = await Promise.all(Array.from({ length: 5 }, () => post(body)))
  t.same(
    results.map((r) => json(r).status),
    Array(5).fill('pending_validation'),
  )
  const requests = await requestsOf(ctx, body.codiceFiscale)
  t.equal(requests.length, 5)
  t.equal(requests.filter((r) => r.status === 'pending_validation').length, 5, 'an unverified request cancels none')
})

t.test('control characters typed into names and streets never reach a recipient', async (t) => {
  const letterTo = async (codiceFiscale: string) => {
    await advanceClock(ctx, 120 * 3600)
    const letters = (await outboxOf(ctx, codiceFiscale)).filter((m) => m.channel === 'post')
    return letters.at(-1)?.recipient
  }
  // Matches the archive ("V. Roma 1"): issued at once, the letter goes to the address as typed.
  const web = await post(
    colombo({
      firstName: 'Giuseppe\r\n',
      residence: {
        street: 'Via Roma 1\r\n\u2028',
        postalCode: '40033',
        municipality: 'Casalecchio\tdi Reno',
        province: 'BO',
      },
    }),
  )
  t.equal(json(web).status, 'issued')
  t.equal(await letterTo('CLMGPP71P08A944C'), 'Giuseppe Colombo, Via Roma 1, 40033 Casalecchio di Reno (BO)')

  // Not in the archive: the Contact Center validates it, and the letter goes to the street as typed.
  const body = stranger('Ada', 'Testa', {
    residence: { street: 'Via Roma 1\r\nX', postalCode: '00184', municipality: 'Roma', province: 'RM' },
  })
  const { id } = json(await post(body))
  const { token } = await operatorToken(ctx)
  const validated = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/contact-center/pin-requests/${id}/validate`,
    headers: { authorization: `Bearer ${token}` },
  })
  t.equal(validated.statusCode, 200)
  const recipient = await letterTo(body.codiceFiscale)
  t.notMatch(recipient, /[\r\n]/, 'no CR or LF')
  t.equal(recipient, 'Ada Testa, Via Roma 1 X, 00184 Roma (RM)')
})

t.test('body validation', async (t) => {
  const res = await post({
    ...colombo(),
    residence: { street: 'Via Roma 1', postalCode: '4003', municipality: 'X', province: 'BO' },
    extra: 1,
  })
  t.equal(res.statusCode, 400)
  t.equal(json(res).code, 'VALIDATION_ERROR')
})

t.test('no PIN half in any response or log line', async (t) => {
  const secrets = await allSecrets(ctx)
  t.ok(secrets.length >= 8, `${secrets.length} PIN parts queued`)
  const logs = ctx.logText()
  const bodies = responses.join('\n')
  for (const secret of secrets) {
    t.notOk(logs.includes(secret), 'not in the logs')
    t.notOk(bodies.includes(secret), 'not in a response')
  }
})
