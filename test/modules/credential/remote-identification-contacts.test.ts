import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer, newPerson } from '../../factories.js'
import { freezeClock, operatorToken, outboxOf } from '../pin/pin.factories.js'

// docs/rules.md §15: remote identification sends the PIN to the contacts the caller gives on the phone.
const ctx = await setupTestApp(t)

const identify = (token: string, body: object) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contact-center/remote-identifications',
    headers: bearer(token),
    payload: body,
  })

t.test("the caller's contacts on the phone, the archive's for what is not given", async (t) => {
  await freezeClock(ctx, '2020-04-01T10:00:00+02:00')
  const { token } = await operatorToken(ctx)
  const cf = await newPerson(ctx.emulator, {}, { email: 'solo.email@example.it' })
  const document = { type: 'carta_identita', number: 'CA12345BC' }

  const without = await identify(token, { codiceFiscale: cf, identityDocument: document })
  t.equal(without.statusCode, 422, 'the archive alone has no mobile')
  t.equal(json(without).code, 'CONTACTS_REQUIRED')

  const res = await identify(token, {
    codiceFiscale: cf,
    identityDocument: document,
    contacts: { mobile: '+39 320 1112223' },
  })
  t.equal(res.statusCode, 201, res.body)
  const sent = await outboxOf(ctx, cf)
  t.match(
    sent.find((m) => m.pinPart === 'first'),
    { channel: 'sms', recipient: '+39 320 1112223' },
    'first half to the mobile given on the phone',
  )
  t.match(
    sent.find((m) => m.pinPart === 'second'),
    { channel: 'email', recipient: 'solo.email@example.it' },
    'second half to the archive email',
  )

  const other = await identify(token, {
    codiceFiscale: cf,
    identityDocument: document,
    contacts: { mobile: '+39 320 1112223', email: 'nuova@example.it' },
  })
  t.equal(other.statusCode, 201)
  t.ok(
    (await outboxOf(ctx, cf)).some((m) => m.pinPart === 'second' && m.recipient === 'nuova@example.it'),
    'an email given replaces the archive one',
  )
  t.equal(
    (await identify(token, { codiceFiscale: cf, identityDocument: document, contacts: { pec: 'x@pec.it' } }))
      .statusCode,
    400,
    'mobile and email only',
  )
})
