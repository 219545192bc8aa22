import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import {
  activateDirectly,
  allSecrets,
  credentialOf,
  esposito,
  freezeClock,
  outboxOf,
  postRequest,
  stranger,
  type PinRequestInput,
} from './pin.factories.js'

const ctx = await setupTestApp(t)
const WEDNESDAY_10 = '2020-04-01T10:00:00+02:00'
const responses: string[] = []

async function recover(codiceFiscale: string, contacts: Record<string, string>) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/pin-recoveries',
    payload: { codiceFiscale, contacts },
  })
  responses.push(res.body)
  return res
}

async function requestPin(body: PinRequestInput): Promise<void> {
  const res = await postRequest(ctx, body)
  responses.push(res.body)
  if (res.statusCode !== 201 || json(res).status !== 'issued') throw new Error(res.body)
}

async function lockOut(codiceFiscale: string): Promise<void> {
  await ctx.app.db
    .insertInto('login_attempts')
    .values({ subject: `cf:${codiceFiscale}`, failed_attempts: 5, locked_until: new Date('2020-04-02T10:00:00+02:00') })
    .execute()
}

const attemptsOf = (codiceFiscale: string) =>
  ctx.app.db.selectFrom('login_attempts').selectAll().where('subject', '=', `cf:${codiceFiscale}`).executeTakeFirst()

t.beforeEach(async () => {
  await freezeClock(ctx, WEDNESDAY_10)
})

t.test(
  'two matching contacts: a new PIN in two halves to two contacts, lock lifted, activation needed again',
  async (t) => {
    const cf = 'SPSMRC90B03F839H'
    await requestPin(esposito())
    await ctx.app.db
      .updateTable('pin_credentials')
      .set({ level: 'dispositivo' })
      .where('codice_fiscale', '=', cf)
      .execute()
    await activateDirectly(ctx, cf)
    await lockOut(cf)
    const before = await credentialOf(ctx, cf)
    const sentBefore = (await outboxOf(ctx, cf)).length

    await freezeClock(ctx, '2020-04-01T11:00:00+02:00')
    // Typed differently from the request: no spaces, +39 dropped, upper-case email.
    const res = await recover(cf.toLowerCase(), { mobile: '3334500002', email: 'Marco.Esposito@EXAMPLE.it' })
    t.equal(res.statusCode, 202)
    t.same(json(res), { status: 'issued' })
    t.equal(res.headers['cache-control'], 'no-store')

    const sent = (await outboxOf(ctx, cf)).slice(sentBefore)
    t.equal(sent.length, 2, 'both halves delivered now, no letter')
    t.match(sent, [
      {
        channel: 'sms',
        recipient: '+39 333 4500002',
        pinPart: 'first',
        secret: /^[A-Z0-9]{8}$/,
        deliverAt: '2020-04-01T11:00:00+02:00',
      },
      {
        channel: 'email',
        recipient: 'marco.esposito@example.it',
        pinPart: 'second',
        secret: /^[A-Z0-9]{8}$/,
        deliverAt: '2020-04-01T11:00:00+02:00',
      },
    ])
    t.not(sent[0].recipient, sent[1].recipient, 'two different recipients')

    const after = await credentialOf(ctx, cf)
    t.match(after, { state: 'issued', level: 'dispositivo', pin_request_id: before?.pin_request_id })
    t.ok(after?.first_half_hash && after?.second_half_hash, 'new halves stored as hashes')
    t.equal(after?.pin_set_at.toISOString(), '2020-04-01T09:00:00.000Z')
    t.equal(await attemptsOf(cf), undefined, 'the lockout counter is cleared')

    const audit = json(await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${cf}&action=pin.recovered`))
    t.match(audit.items, [
      { outcome: 'success', actorType: 'anonymous', detail: { firstHalfChannel: 'sms', secondHalfChannel: 'email' } },
    ])
    for (const m of sent) t.notMatch(JSON.stringify(audit.items), m.secret as string)
  },
)

t.test('email and PEC without the mobile: first half by email, second by PEC', async (t) => {
  const cf = 'SPSMRC90B03F839H'
  // The PIN recovered above, activated again: only an activated PIN can be recovered.
  await activateDirectly(ctx, cf)
  const sentBefore = (await outboxOf(ctx, cf)).length
  const res = await recover(cf, {
    email: 'marco.esposito@example.it',
    pec: 'marco.esposito@pec.example.it',
    mobile: '+39 333 0000000',
  })
  t.equal(res.statusCode, 202, 'a wrong third contact does not matter when two match')
  t.match((await outboxOf(ctx, cf)).slice(sentBefore), [
    { channel: 'email', recipient: 'marco.esposito@example.it', pinPart: 'first' },
    { channel: 'pec', recipient: 'marco.esposito@pec.example.it', pinPart: 'second' },
  ])
})

t.test('fewer than two matching contacts: 422 RECOVERY_NEEDS_TWO_CONTACTS, nothing changes', async (t) => {
  const cf = 'SPSMRC90B03F839H'
  await activateDirectly(ctx, cf)
  await lockOut(cf)
  const before = await credentialOf(ctx, cf)
  const sentBefore = (await outboxOf(ctx, cf)).length
  const cases: Array<[Record<string, string>, string]> = [
    [{ mobile: '+39 333 4500002' }, 'one contact'],
    [{ mobile: '+39 333 4500002', email: 'someone.else@example.it' }, 'one of two matches'],
    [{ email: 'x@example.it', pec: 'y@pec.example.it' }, 'none matches'],
    [{ email: 'marco.esposito@pec.example.it', pec: 'marco.esposito@example.it' }, 'swapped email and PEC'],
    [{}, 'no contacts'],
  ]
  for (const [contacts, label] of cases) {
    const res = await recover(cf, contacts)
    t.equal(res.statusCode, 422, label)
    t.equal(json(res).code, 'RECOVERY_NEEDS_TWO_CONTACTS', label)
    t.match(json(res).detail, /Contact Center/)
  }
  t.same(await credentialOf(ctx, cf), before, 'credential untouched')
  t.equal((await outboxOf(ctx, cf)).length, sentBefore, 'nothing sent')
  t.ok(await attemptsOf(cf), 'the lock stays')
  const audit = json(await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${cf}&action=pin.recovered`))
  t.match(audit.items.at(-1), { outcome: 'failure', detail: { code: 'RECOVERY_NEEDS_TWO_CONTACTS' } })
})

t.test('only one contact on file, or no PIN at all: the same 422', async (t) => {
  const villa: PinRequestInput = {
    codiceFiscale: 'VLLSFN80E06H501C',
    firstName: 'Stefano',
    lastName: 'Villa',
    birthDate: '1980-05-06',
    sex: 'M',
    birthPlace: 'Roma',
    residence: { street: 'Via Nomentana 300', postalCode: '00162', municipality: 'Roma', province: 'RM' },
    assistancePhone: '+39 06 1234567',
    contacts: { email: 'stefano.villa@example.it' },
    firstHalfChannel: 'email',
  }
  await requestPin(villa)
  await activateDirectly(ctx, villa.codiceFiscale)
  const one = await recover(villa.codiceFiscale, { email: 'stefano.villa@example.it', mobile: '+39 333 1234567' })
  t.equal(one.statusCode, 422)
  t.equal(json(one).code, 'RECOVERY_NEEDS_TWO_CONTACTS')

  const nobody = stranger('Nina', 'Fabbri')
  const none = await recover(nobody.codiceFiscale, nobody.contacts)
  t.equal(none.statusCode, 422, 'no credential')
  t.same(
    { ...json(none), requestId: undefined, instance: undefined },
    { ...json(one), requestId: undefined, instance: undefined },
    'an unknown person gets exactly the same answer',
  )
})

t.test('malformed input', async (t) => {
  const bad = await recover('SPSMRC90B03F839X', { mobile: '+39 333 4500002', email: 'marco.esposito@example.it' })
  t.equal(bad.statusCode, 400)
  t.equal(json(bad).code, 'INVALID_CODICE_FISCALE')
  const badEmail = await recover('SPSMRC90B03F839H', { mobile: '+39 333 4500002', email: 'not an email' })
  t.equal(badEmail.statusCode, 400)
  t.equal(json(badEmail).code, 'VALIDATION_ERROR')
})

t.test('no PIN half in any response or log line', async (t) => {
  const secrets = await allSecrets(ctx)
  t.ok(secrets.length >= 6)
  const logs = ctx.logText()
  const bodies = responses.join('\n')
  for (const secret of secrets) {
    t.notOk(logs.includes(secret), 'not in the logs')
    t.notOk(bodies.includes(secret), 'not in a response')
  }
})
