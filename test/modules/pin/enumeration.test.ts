import t from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { hashSecret, verifySecret } from '../../../src/lib/secrets.js'
import {
  citizenLoginVerifications,
  identifyCaller,
  loginCitizen,
  type LoginDeps,
} from '../../../src/modules/pin/login.service.js'
import { setupTestApp, json } from '../../helper.js'
import {
  activateDirectly,
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

/*
 * Issue 10, F7: an anonymous caller must not learn who has a PIN, neither from the answer to a PIN
 * request (409 PIN_ALREADY_ACTIVE used to tell) nor from how long a login takes (an unactivated PIN
 * cost two argon2 verifications for 16 characters, an unknown code one).
 */
const ctx = await setupTestApp(t)
const WEDNESDAY_10 = '2020-04-01T10:00:00+02:00'
const HAS_PIN = 'SPSMRC90B03F839H' // Marco Esposito: PIN activated below
const NO_PIN = 'CLMGPP71P08A944C' // Giuseppe Colombo: never requested one
const THIEF = { mobile: '+39 366 6660001', email: 'ladro@example.org' }

/** Everything a caller sees, but what must differ between two requests (ids, the request id, the date). */
function visible(res: LightMyRequestResponse) {
  const { 'x-request-id': _requestId, date: _date, ...headers } = res.headers
  return { statusCode: res.statusCode, headers, body: { ...json(res), id: typeof json(res).id } }
}

const getRequest = (id: string) => ctx.app.inject({ method: 'GET', url: `/api/v1/pin-requests/${id}` })

await freezeClock(ctx, WEDNESDAY_10)
// A setup step, not an assertion: tap ends a root test that goes idle after its last assertion.
const setupRequest = json(await postRequest(ctx, esposito()))
if (setupRequest.status !== 'issued') throw new Error(`setup: expected an issued request, got ${setupRequest.status}`)
await activateDirectly(ctx, HAS_PIN)
const activated = await credentialOf(ctx, HAS_PIN)

t.beforeEach(async () => {
  await freezeClock(ctx, WEDNESDAY_10)
})

for (const [label, over] of [
  ['registry data that match the archive', {}],
  [
    'data that do not match the archive',
    { residence: { street: 'Via Nazionale 10', postalCode: '00184', municipality: 'Roma', province: 'RM' } },
  ],
] as Array<[string, PinRequestInput]>) {
  t.test(`POST /pin-requests, ${label}: the same answer whether the person has a PIN or not`, async (t) => {
    const sentBefore = (await outboxOf(ctx, HAS_PIN)).length
    const hasPin = await postRequest(ctx, esposito({ ...over, contacts: THIEF, assistancePhone: THIEF.mobile }))
    const noPin = await postRequest(ctx, colombo({ ...over, contacts: THIEF, assistancePhone: THIEF.mobile }))
    t.equal(hasPin.statusCode, 201, 'no 409 PIN_ALREADY_ACTIVE')
    t.same(visible(hasPin), visible(noPin), 'status, headers and body alike')

    const [hasPinState, noPinState] = [await getRequest(json(hasPin).id), await getRequest(json(noPin).id)]
    t.same(visible(hasPinState), visible(noPinState), 'GET /pin-requests/{id} alike')
    t.equal(json(hasPinState).status, json(hasPin).status)

    // Behind the answer: refused, the activated PIN untouched, the person told at the archive contacts.
    const [refused] = (await requestsOf(ctx, HAS_PIN)).slice(-1)
    t.match(refused, { id: json(hasPin).id, refused_reason: 'pin_already_active', issued_at: null })
    t.same(await credentialOf(ctx, HAS_PIN), activated, 'the activated PIN is untouched')
    const sent = (await outboxOf(ctx, HAS_PIN)).slice(sentBefore)
    t.same(
      sent.filter((m) => m.pinPart),
      [],
      'no PIN part',
    )
    t.same(
      sent.map((m) => m.recipient),
      ['+39 333 4500002', 'marco.esposito@example.it', 'marco.esposito@pec.example.it'],
      'only the archive contacts',
    )
    t.match(sent[0], { subject: 'PIN INPS: richiesta non accolta', body: /già un PIN attivo/ })
    const audit = json(await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${HAS_PIN}&action=pin.requested`))
    t.match(audit.items.at(-1), {
      outcome: 'failure',
      detail: { code: 'PIN_ALREADY_ACTIVE', pinRequestId: json(hasPin).id },
    })
  })
}

t.test('a newer request moves the status of a refused one on like any other', async (t) => {
  const [olderHasPin] = (await requestsOf(ctx, HAS_PIN)).slice(-1)
  const [olderNoPin] = (await requestsOf(ctx, NO_PIN)).slice(-1)
  const before = [json(await getRequest(olderHasPin.id)).status, json(await getRequest(olderNoPin.id)).status]
  t.same(before, ['pending_validation', 'pending_validation'])
  await postRequest(ctx, esposito({ contacts: THIEF }))
  await postRequest(ctx, colombo({ contacts: THIEF }))
  t.same(visible(await getRequest(olderHasPin.id)), visible(await getRequest(olderNoPin.id)))
  t.equal(json(await getRequest(olderHasPin.id)).status, 'superseded')
})

t.test('the Contact Center, with the caller on the phone, still gets 409 PIN_ALREADY_ACTIVE', async (t) => {
  const { token } = await operatorToken(ctx)
  const headers = { authorization: `Bearer ${token}` }
  const registered = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contact-center/pin-requests',
    headers,
    payload: esposito(),
  })
  t.equal(registered.statusCode, 409)
  t.equal(json(registered).code, 'PIN_ALREADY_ACTIVE')

  const [refused] = (await requestsOf(ctx, HAS_PIN)).slice(-1)
  t.equal(refused.refused_reason, 'pin_already_active')
  const validated = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/contact-center/pin-requests/${refused.id}/validate`,
    headers,
  })
  t.equal(validated.statusCode, 409, 'a refused web request is never issued by a validation')
  t.equal(json(validated).code, 'PIN_ALREADY_ACTIVE')
})

t.test('every citizen login does the same number of argon2 verifications for a PIN of a given length', async (t) => {
  // A credential waiting for activation, and an activated one with a real personal PIN.
  const waiting = stranger('Rita', 'Sala')
  const { token } = await operatorToken(ctx)
  const registered = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contact-center/pin-requests',
    headers: { authorization: `Bearer ${token}` },
    payload: waiting,
  })
  const firstHalf: string = json(registered).firstHalf
  const [letter] = await ctx.app.db
    .selectFrom('outbox')
    .select('secret')
    .where('codice_fiscale', '=', waiting.codiceFiscale)
    .where('pin_part', '=', 'second')
    .execute()
  await ctx.app.db
    .updateTable('pin_credentials')
    .set({ pin_hash: await hashSecret('R0MA2020') })
    .where('codice_fiscale', '=', HAS_PIN)
    .execute()
  const unknown = stranger('Ugo', 'Vena').codiceFiscale

  let calls = 0
  const deps: LoginDeps = {
    db: ctx.app.db,
    tokens: ctx.app.tokens,
    audit: ctx.app.audit,
    emergencyEnd: ctx.app.config.rules.emergencyEnd,
    semplificatoFrom: ctx.app.config.rules.semplificatoFrom,
    verify: (hash, candidate) => {
      calls++
      return verifySecret(hash, candidate)
    },
  }
  async function verificationsFor(codiceFiscale: string, pin: string): Promise<number> {
    calls = 0
    await loginCitizen(deps, new Date('2020-04-01T08:00:00Z'), codiceFiscale, pin, 'test').catch(() => undefined)
    // Each subject is reset so that no lockout stops the check early.
    await ctx.app.db.deleteFrom('login_attempts').execute()
    return calls
  }

  const cases: Array<[string, string, string]> = [
    ['unknown subject', unknown, 'ABCDEFGH'],
    ['unknown subject', unknown, 'ABCDEFGHJK'],
    ['unknown subject', unknown, 'ABCDEFGHJKMNPQRS'],
    ['PIN waiting for activation, right first half', waiting.codiceFiscale, firstHalf],
    ['PIN waiting for activation, wrong first half', waiting.codiceFiscale, 'ABCDEFGH'],
    ['PIN waiting for activation, wrong length', waiting.codiceFiscale, 'ABCDEFGHJK'],
    ['PIN waiting for activation, right 16', waiting.codiceFiscale, firstHalf + (letter.secret as string)],
    ['PIN waiting for activation, wrong 16', waiting.codiceFiscale, 'ABCDEFGHJKMNPQRS'],
    ['activated PIN, right', HAS_PIN, 'R0MA2020'],
    ['activated PIN, wrong', HAS_PIN, 'ABCDEFGH'],
    ['activated PIN, wrong length', HAS_PIN, 'ABCDEFGHJK'],
    ['activated PIN, 16 characters', HAS_PIN, 'ABCDEFGHJKMNPQRS'],
  ]
  for (const [label, codiceFiscale, pin] of cases) {
    t.equal(
      await verificationsFor(codiceFiscale, pin),
      citizenLoginVerifications(pin.length),
      `${label} (${pin.length} characters)`,
    )
  }
  t.same([8, 10, 16].map(citizenLoginVerifications), [1, 1, 2], 'the most any path needs for that length')

  // docs/rules.md §15: the Contact Center's caller identification takes the very same path.
  for (const [label, codiceFiscale, pin] of cases) {
    calls = 0
    await identifyCaller(deps, new Date('2020-04-01T08:00:00Z'), codiceFiscale, pin, 'CC0001', 'test').catch(
      () => undefined,
    )
    await ctx.app.db.deleteFrom('login_attempts').execute()
    t.equal(calls, citizenLoginVerifications(pin.length), `caller identification: ${label} (${pin.length} characters)`)
  }

  // Through HTTP the failures read alike too.
  const wrong = (cf: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/pin', payload: { codiceFiscale: cf, pin: 'ABCDEFGHJKMNPQRS' } })
  const answers = await Promise.all([unknown, waiting.codiceFiscale, HAS_PIN].map(wrong))
  t.same(
    answers.map((r) => ({ ...json(r), requestId: undefined })),
    Array(3).fill({ ...json(answers[0]), requestId: undefined }),
  )
  t.equal(answers[0].statusCode, 401)
})
