import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { activateTestPin, bearer, fixturePerson, issueTestPin } from '../../factories.js'
import {
  EXE,
  OPERATORS,
  audit,
  freeze,
  identityFile,
  moduleFile,
  multipart,
  operatorToken,
  outbox,
  upload,
  type Part,
} from './credential.factories.js'

const ctx = await setupTestApp(t)
const db = ctx.database.db
const cf = (note: string) => fixturePerson(note).codiceFiscale

await freeze(ctx)
const operator = await operatorToken(ctx, OPERATORS.contactCenter)
const fax = (parts: Part[], token = operator) => {
  const body = multipart(parts)
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contact-center/faxed-pin-dispositivo-requests',
    headers: { ...body.headers, ...bearer(token) },
    payload: body.payload,
  })
}
const faxFor = (codiceFiscale: string) =>
  fax([{ name: 'codiceFiscale', content: codiceFiscale }, moduleFile(), identityFile()])
const remote = (body: object, token = operator) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contact-center/remote-identifications',
    headers: bearer(token),
    payload: body,
  })
const identified = (codiceFiscale: string) => ({
  codiceFiscale,
  identityDocument: { type: 'carta_identita', number: 'CA12345BC' },
})

t.beforeEach(async () => {
  await freeze(ctx)
})

t.test('a faxed request joins the back-office queue with channel fax, and its owner can follow it', async (t) => {
  const giulia = cf('VAT-registered professional')
  const citizen = await activateTestPin(ctx.app, giulia, 'Mela2020')
  const res = await faxFor(giulia.toLowerCase())
  t.equal(res.statusCode, 202, res.body)
  const { id, status } = json(res)
  t.equal(status, 'under_review')
  t.match(await db.selectFrom('pin_dispositivo_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), {
    codice_fiscale: giulia,
    channel: 'fax',
    filed_by: 'CC0001',
  })

  const reviewer = await operatorToken(ctx, OPERATORS.backoffice)
  const queue = json(
    await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/backoffice/pin-dispositivo-requests?status=under_review',
      headers: bearer(reviewer),
    }),
  )
  t.match(queue.items, [
    { id, codiceFiscale: giulia, channel: 'fax', documents: [{ field: 'module' }, { field: 'identityDocument' }] },
  ])
  t.match(
    json(
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/pin-dispositivo-requests/${id}`,
        headers: bearer(citizen.accessToken),
      }),
    ),
    { id, channel: 'fax', status: 'under_review' },
  )
  t.match(await audit(ctx, giulia, 'dispositivo.requested'), [
    { outcome: 'success', actorType: 'operator', actorId: 'CC0001', channel: 'fax' },
  ])

  t.match(
    json(await faxFor(giulia)),
    { status: 409, code: 'REQUEST_ALREADY_OPEN' },
    'same single open request as online',
  )
  t.match(json(await upload(ctx, citizen.accessToken)), { status: 409, code: 'REQUEST_ALREADY_OPEN' })
})

t.test('the caller needs an activated PIN; the documents are checked as online', async (t) => {
  const marco = cf('co.co.co. active')
  t.match(json(await faxFor(marco)), { status: 422, code: 'NO_ACTIVE_PIN' }, 'no PIN at all')
  await issueTestPin(ctx.app, marco)
  t.match(json(await faxFor(marco)), { status: 422, code: 'NO_ACTIVE_PIN' }, 'issued but not activated')
  await activateTestPin(ctx.app, marco, 'Pera2020')
  t.match(json(await fax([{ name: 'codiceFiscale', content: marco }, moduleFile(EXE, 'fax.pdf'), identityFile()])), {
    status: 415,
    code: 'UNSUPPORTED_FILE_TYPE',
    field: 'module',
  })
  t.match(json(await fax([{ name: 'codiceFiscale', content: marco }, moduleFile()])), {
    status: 400,
    code: 'MISSING_FILE',
    field: 'identityDocument',
  })
  t.match(json(await fax([moduleFile(), identityFile()])), {
    status: 400,
    code: 'MISSING_FIELD',
    field: 'codiceFiscale',
  })
  t.match(json(await fax([{ name: 'codiceFiscale', content: 'RSSMRA85T10A562X' }, moduleFile(), identityFile()])), {
    status: 400,
    code: 'INVALID_CODICE_FISCALE',
  })
  const dispositivo = cf('co.co.co. ended')
  await activateTestPin(ctx.app, dispositivo, 'Kiwi2020', 'dispositivo')
  t.match(json(await faxFor(dispositivo)), { status: 409, code: 'ALREADY_DISPOSITIVO' })
  t.equal((await faxFor(marco)).statusCode, 202)
})

t.test('only Contact Center operators, only in Contact Center hours', async (t) => {
  const anna = cf('commercianti; female')
  await activateTestPin(ctx.app, anna, 'Faro2020')
  const reviewer = await operatorToken(ctx, OPERATORS.backoffice)
  t.match(json(await fax([{ name: 'codiceFiscale', content: anna }, moduleFile(), identityFile()], reviewer)), {
    status: 403,
    code: 'ROLE_NOT_ALLOWED',
  })
  t.match(json(await remote(identified(anna), reviewer)), { status: 403, code: 'ROLE_NOT_ALLOWED' })

  await freeze(ctx, '2020-04-05T10:00:00+02:00') // a Sunday
  const sunday = await operatorToken(ctx, OPERATORS.contactCenter)
  const closed = await fax([{ name: 'codiceFiscale', content: anna }, moduleFile(), identityFile()], sunday)
  t.match(json(closed), {
    status: 403,
    code: 'OUTSIDE_CONTACT_CENTER_HOURS',
    nextOpeningAt: '2020-04-06T08:00:00+02:00',
  })
  t.match(json(await remote(identified(anna), sunday)), { status: 403, code: 'OUTSIDE_CONTACT_CENTER_HOURS' })
  await freeze(ctx, '2020-04-04T13:59:00+02:00') // Saturday, one minute before closing
  const saturday = await operatorToken(ctx, OPERATORS.contactCenter)
  t.equal((await remote(identified(anna), saturday)).statusCode, 201)
})

t.test(
  'remote recognition issues a PIN dispositivo at once: first half by SMS, second by email, no letter',
  async (t) => {
    const person = fixturePerson('coltivatori diretti')
    const before = (await outbox(ctx, person.codiceFiscale)).length
    const res = await remote(identified(person.codiceFiscale))
    t.equal(res.statusCode, 201, res.body)
    t.same(json(res), { status: 'issued', level: 'dispositivo' })
    t.notMatch(res.body, /pin"/i, 'the operator never sees the PIN')

    const messages = (await outbox(ctx, person.codiceFiscale)).slice(before)
    t.equal(messages.length, 2)
    t.match(messages, [
      {
        channel: 'sms',
        recipient: person.record.contacts!.mobile,
        pinPart: 'first',
        deliverAt: '2020-04-01T10:00:00+02:00',
      },
      {
        channel: 'email',
        recipient: person.record.contacts!.email,
        pinPart: 'second',
        deliverAt: '2020-04-01T10:00:00+02:00',
      },
    ])
    t.notOk(
      messages.some((m) => m.channel === 'post'),
      'no letter',
    )
    const credential = await db
      .selectFrom('pin_credentials')
      .selectAll()
      .where('codice_fiscale', '=', person.codiceFiscale)
      .executeTakeFirstOrThrow()
    t.match(credential, { level: 'dispositivo', state: 'issued' })

    const pin = messages[0].secret + messages[1].secret
    const first = json(
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/pin',
        payload: { codiceFiscale: person.codiceFiscale, pin },
      }),
    )
    t.match(first, { status: 'pin_change_required', reason: 'first_use' })
    const session = json(
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/pin/change',
        payload: { changeToken: first.changeToken, newPin: 'Vite2020' },
      }),
    )
    t.match(session, { status: 'authenticated', authLevel: 'pin_dispositivo' })
    t.match(await audit(ctx, person.codiceFiscale, 'dispositivo.issued_remotely'), [
      { outcome: 'success', actorId: 'CC0001', detail: { identityDocumentType: 'carta_identita' } },
    ])
  },
)

t.test('remote recognition needs an archived person with a mobile and an email', async (t) => {
  const villa = cf('only one contact')
  t.match(json(await remote(identified(villa))), {
    status: 422,
    code: 'CONTACTS_REQUIRED',
    errors: [{ field: '/contacts/mobile' }],
  })
  t.match(json(await remote(identified('RSSMRA85T10A562S'))), { status: 422, code: 'PERSON_NOT_IN_ARCHIVE' })
  t.match(
    json(await remote({ codiceFiscale: villa, identityDocument: { type: 'tessera_sanitaria', number: 'X1234567' } })),
    { status: 400, code: 'VALIDATION_ERROR' },
  )
  t.equal(
    await db
      .selectFrom('pin_credentials')
      .select('codice_fiscale')
      .where('codice_fiscale', '=', villa)
      .executeTakeFirst(),
    undefined,
  )
  t.match(await audit(ctx, villa, 'dispositivo.issued_remotely'), [
    { outcome: 'failure', detail: { code: 'CONTACTS_REQUIRED' } },
  ])
})
