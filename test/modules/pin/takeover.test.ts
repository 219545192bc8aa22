import t, { type Test } from 'tap'
import { setupTestApp, json } from '../../helper.js'
import {
  activateDirectly,
  advanceClock,
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
  type PinRequestInput,
} from './pin.factories.js'

/*
 * Issue 10, F1: knowing only registry data (the codice fiscale derives from them), a stranger requests
 * a PIN with contacts they control, then "recovers" it with the same contacts, and both halves arrive
 * electronically: the letter to the residence, the proof of identity, is skipped. Recovery is now only
 * for an activated PIN and compares with the contacts INPS trusts (archive, else the activated PIN).
 */
const ctx = await setupTestApp(t)
const WEDNESDAY_10 = '2020-04-01T10:00:00+02:00'
const POSTAL_DELAY_SECONDS = 120 * 3600

/** What the stranger controls. */
const THIEF = { mobile: '+39 366 6660001', email: 'ladro@example.org', pec: 'ladro@pec.example.org' }
const thiefRecipients = new Set(Object.values(THIEF))

const recover = (codiceFiscale: string, contacts: Record<string, string>) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/pin-recoveries', payload: { codiceFiscale, contacts } })

const login = (codiceFiscale: string, pin: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/pin', payload: { codiceFiscale, pin } })

/** The answer without what differs from call to call. */
const problem = (res: { body: string }) => ({ ...JSON.parse(res.body), requestId: undefined, instance: undefined })

/** Every PIN part ever queued for the person, delivered or not (the database, not the emulator's view). */
const partsOf = (codiceFiscale: string) =>
  ctx.app.db
    .selectFrom('outbox')
    .select(['channel', 'recipient', 'pin_part', 'secret'])
    .where('codice_fiscale', '=', codiceFiscale)
    .where('pin_part', 'is not', null)
    .orderBy('seq')
    .execute()

/**
 * No second half and no full PIN ever left but by post, in the database and in the outbox once every
 * letter has arrived; the stranger's contacts got nothing but first halves.
 */
async function assertSecondHalfOnlyByPost(t: Test, codiceFiscale: string): Promise<void> {
  const parts = await partsOf(codiceFiscale)
  t.ok(parts.length > 0, 'PIN parts were queued')
  t.same(
    parts.filter((p) => p.pin_part !== 'first' && p.channel !== 'post'),
    [],
    'database: no second or full part on a non-post channel',
  )
  t.same(
    parts.filter((p) => thiefRecipients.has(p.recipient) && p.pin_part !== 'first'),
    [],
    'database: the stranger got first halves only',
  )
  await advanceClock(ctx, POSTAL_DELAY_SECONDS)
  const delivered = await outboxOf(ctx, codiceFiscale)
  t.same(
    delivered.filter((m) => m.pinPart && m.pinPart !== 'first' && m.channel !== 'post'),
    [],
    'outbox: no second or full part on a non-post channel',
  )
  t.ok(
    delivered.some((m) => m.pinPart === 'second' && m.channel === 'post'),
    'the second half went by post',
  )
}

/** The 16 characters the stranger could put together from what reached their contacts. */
async function tryEveryThiefCombination(t: Test, codiceFiscale: string): Promise<void> {
  const theirs = (await partsOf(codiceFiscale))
    .filter((p) => thiefRecipients.has(p.recipient))
    .map((p) => p.secret as string)
  t.ok(theirs.length > 0, 'the stranger has a first half')
  for (const first of theirs) {
    for (const second of theirs) {
      const res = await login(codiceFiscale, first + second)
      t.equal(res.statusCode, 401, "no 16 characters built from the stranger's messages work")
    }
  }
}

t.beforeEach(async () => {
  await freezeClock(ctx, WEDNESDAY_10)
})

t.test('a stranger with registry data: request + recovery give no second half anywhere but the post', async (t) => {
  const victim = colombo({ contacts: { mobile: THIEF.mobile, email: THIEF.email }, assistancePhone: THIEF.mobile })
  const requested = await postRequest(ctx, victim)
  t.equal(requested.statusCode, 201)
  t.equal(
    json(requested).status,
    'issued',
    'the registry data match the archive: the first half goes to the stranger (PIN semplificato, docs/rules.md §3)',
  )

  const res = await recover(victim.codiceFiscale, { mobile: THIEF.mobile, email: THIEF.email })
  t.equal(res.statusCode, 422)
  t.equal(json(res).code, 'RECOVERY_NEEDS_TWO_CONTACTS')
  const nobody = stranger('Nadia', 'Orsi')
  t.same(
    problem(res),
    problem(await recover(nobody.codiceFiscale, nobody.contacts)),
    'the same answer as for someone with no PIN',
  )
  const withPec = await recover(victim.codiceFiscale, THIEF)
  t.equal(withPec.statusCode, 422, 'three typed contacts change nothing')

  t.match(await credentialOf(ctx, victim.codiceFiscale), { state: 'issued' }, 'still waiting for the letter')
  const audit = json(
    await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${victim.codiceFiscale}&action=pin.recovered`),
  )
  t.same(
    audit.items.map((a: { outcome: string }) => a.outcome),
    ['failure', 'failure'],
  )
  await assertSecondHalfOnlyByPost(t, victim.codiceFiscale)
  await tryEveryThiefCombination(t, victim.codiceFiscale)
})

t.test('a person waiting for the letter cannot be taken over, and hears of the new request', async (t) => {
  const cf = 'BNCGLI84H52H501C'
  const own = json(await postRequest(ctx, bianchi()))
  t.equal(own.status, 'issued')
  const sentBefore = (await outboxOf(ctx, cf)).length

  const theirs = await postRequest(
    ctx,
    bianchi({ contacts: { mobile: THIEF.mobile, email: THIEF.email }, assistancePhone: THIEF.mobile }),
  )
  t.equal(theirs.statusCode, 201)
  t.match(await requestsOf(ctx, cf), [
    { id: own.id, status: 'superseded' },
    { id: json(theirs).id, status: 'issued' },
  ])
  const notices = (await outboxOf(ctx, cf)).slice(sentBefore).filter((m) => !m.pinPart)
  t.same(
    notices.map((m) => [m.channel, m.recipient]),
    [
      ['sms', '+39 347 1200001'],
      ['email', 'giulia.bianchi@example.it'],
    ],
    'the archive contacts are told',
  )
  for (const m of notices) {
    t.match(m.body, /nuova richiesta di PIN a suo nome/)
    t.match(m.body, /803 164/)
    t.notOk(thiefRecipients.has(m.recipient))
  }

  for (const contacts of [
    { mobile: THIEF.mobile, email: THIEF.email },
    { mobile: '+39 347 1200001', email: 'giulia.bianchi@example.it' },
  ]) {
    const res = await recover(cf, contacts)
    t.equal(res.statusCode, 422, 'a PIN not activated is never recovered online, whatever the contacts')
    t.equal(json(res).code, 'RECOVERY_NEEDS_TWO_CONTACTS')
  }
  await assertSecondHalfOnlyByPost(t, cf)
  await tryEveryThiefCombination(t, cf)
})

t.test(
  "a stranger's made-up data for someone's codice fiscale cancels nothing: the victim's validation succeeds",
  async (t) => {
    // Issue 20, hole 1: the stranger's request does not match the archive (made-up address), so it is
    // unverified; before, it superseded the victim's request and the validation 12 hours later got 409.
    await freezeClock(ctx, WEDNESDAY_10)
    const victim = stranger('Laura', 'Verdi')
    const own = json(await postRequest(ctx, victim))
    t.equal(own.status, 'pending_validation', "the victim's own request waits for the Contact Center")
    await advanceClock(ctx, 60)
    const made = await postRequest(
      ctx,
      stranger('Laura', 'Verdi', {
        residence: { street: 'Via Inventata 1', postalCode: '00100', municipality: 'Roma', province: 'RM' },
        contacts: { mobile: THIEF.mobile },
        assistancePhone: THIEF.mobile,
      }),
    )
    t.equal(json(made).status, 'pending_validation')
    t.match(await requestsOf(ctx, victim.codiceFiscale), [
      { id: own.id, status: 'pending_validation' },
      { id: json(made).id, status: 'pending_validation' },
    ])
    const { token } = await operatorToken(ctx)
    const validated = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/contact-center/pin-requests/${own.id}/validate`,
      headers: { authorization: `Bearer ${token}` },
    })
    t.equal(validated.statusCode, 200, "the victim's validation succeeds")
    t.match(
      await requestsOf(ctx, victim.codiceFiscale),
      [
        { id: own.id, status: 'issued' },
        { id: json(made).id, status: 'superseded' },
      ],
      "validated, the victim's request is verified and now replaces the stranger's",
    )
    t.notOk(
      (await outboxOf(ctx, victim.codiceFiscale)).some((m) => thiefRecipients.has(m.recipient)),
      'nothing reaches the stranger',
    )

    // An issued request (the archive matched) is not cancelled by an unverified one either.
    const giulia = json(await postRequest(ctx, bianchi()))
    t.equal(giulia.status, 'issued')
    const before = await credentialOf(ctx, 'BNCGLI84H52H501C')
    const fake = json(
      await postRequest(
        ctx,
        bianchi({
          residence: { street: 'Via Falsa 9', postalCode: '00100', municipality: 'Roma', province: 'RM' },
          contacts: { mobile: THIEF.mobile },
        }),
      ),
    )
    t.equal(fake.status, 'pending_validation')
    const byId = new Map((await requestsOf(ctx, 'BNCGLI84H52H501C')).map((r) => [r.id, r.status]))
    t.equal(byId.get(giulia.id), 'issued', 'her request stands')
    t.equal(
      (await credentialOf(ctx, 'BNCGLI84H52H501C'))?.first_half_hash,
      before?.first_half_hash,
      'her first half still works',
    )
  },
)

t.test('no notice for a first request, nor for a person the archive does not know', async (t) => {
  const romano: PinRequestInput = {
    codiceFiscale: 'RMNFNC93D70F205Z',
    firstName: 'Francesca',
    lastName: 'Romano',
    birthDate: '1993-04-30',
    sex: 'F',
    birthPlace: 'Milano',
    residence: { street: 'Viale Monza 120', postalCode: '20127', municipality: 'Milano', province: 'MI' },
    assistancePhone: '+39 349 2300004',
    contacts: { mobile: '+39 349 2300004' },
    firstHalfChannel: 'sms',
  }
  await postRequest(ctx, romano)
  t.same(
    (await outboxOf(ctx, romano.codiceFiscale)).map((m) => m.pinPart),
    ['first'],
    'nothing was open: only the first half',
  )

  const unknown = stranger('Olga', 'Pace')
  await postRequest(ctx, unknown)
  await postRequest(ctx, unknown)
  t.match(
    await requestsOf(ctx, unknown.codiceFiscale),
    [{ status: 'pending_validation' }, { status: 'pending_validation' }],
    'an unverified request supersedes nothing',
  )
  t.same(
    await outboxOf(ctx, unknown.codiceFiscale),
    [],
    'not in the archive: nobody to tell, and the contacts of a request are never trusted',
  )
})

t.test('an activated PIN is recovered with the archive contacts, never with those of its request', async (t) => {
  const ferrari: PinRequestInput = {
    codiceFiscale: 'FRRLCU88S21L219X',
    firstName: 'Luca',
    lastName: 'Ferrari',
    birthDate: '1988-11-21',
    sex: 'M',
    birthPlace: 'Torino',
    residence: { street: 'Corso Vittorio Emanuele II 70', postalCode: '10121', municipality: 'Torino', province: 'TO' },
    assistancePhone: '+39 340 7800003',
    contacts: { mobile: '+39 340 0000099', email: 'luca.altro@example.it' },
    firstHalfChannel: 'sms',
  }
  t.equal(json(await postRequest(ctx, ferrari)).status, 'issued')
  await activateDirectly(ctx, ferrari.codiceFiscale)

  const typed = await recover(ferrari.codiceFiscale, ferrari.contacts)
  t.equal(typed.statusCode, 422, 'the contacts typed into the request are not on file')
  t.equal(json(typed).code, 'RECOVERY_NEEDS_TWO_CONTACTS')

  const sentBefore = (await outboxOf(ctx, ferrari.codiceFiscale)).length
  const res = await recover(ferrari.codiceFiscale, { mobile: '340 7800003', email: 'Luca.Ferrari@example.it' })
  t.equal(res.statusCode, 202)
  t.match(
    (await outboxOf(ctx, ferrari.codiceFiscale)).slice(sentBefore),
    [
      { channel: 'sms', recipient: '+39 340 7800003', pinPart: 'first' },
      { channel: 'email', recipient: 'luca.ferrari@example.it', pinPart: 'second' },
    ],
    'both halves to the archive values',
  )
  t.match(await credentialOf(ctx, ferrari.codiceFiscale), { state: 'issued' })

  const again = await recover(ferrari.codiceFiscale, { mobile: '+39 340 7800003', email: 'luca.ferrari@example.it' })
  t.equal(again.statusCode, 422, 'the recovered PIN must be activated before it can be recovered again')
})

t.test('recovery of an activated PIN of Marco Esposito, archive and request contacts alike', async (t) => {
  const cf = 'SPSMRC90B03F839H'
  await postRequest(ctx, esposito())
  await activateDirectly(ctx, cf)
  const res = await recover(cf, { email: 'marco.esposito@example.it', pec: 'marco.esposito@pec.example.it' })
  t.equal(res.statusCode, 202)
  t.same(json(res), { status: 'issued' })
})

t.test('no archive record: the contacts of the activated PIN are used', async (t) => {
  const caller = stranger('Piera', 'Quinto', {
    contacts: { mobile: '+39 333 7000001', email: 'piera.quinto@example.it' },
  })
  const { token } = await operatorToken(ctx)
  const registered = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contact-center/pin-requests',
    headers: { authorization: `Bearer ${token}` },
    payload: caller,
  })
  t.equal(registered.statusCode, 201)

  const early = await recover(caller.codiceFiscale, caller.contacts)
  t.equal(early.statusCode, 422, 'not before it is activated')
  await activateDirectly(ctx, caller.codiceFiscale)
  const sentBefore = (await outboxOf(ctx, caller.codiceFiscale)).length
  const res = await recover(caller.codiceFiscale, caller.contacts)
  t.equal(res.statusCode, 202)
  t.match((await outboxOf(ctx, caller.codiceFiscale)).slice(sentBefore), [
    { channel: 'sms', recipient: '+39 333 7000001', pinPart: 'first' },
    { channel: 'email', recipient: 'piera.quinto@example.it', pinPart: 'second' },
  ])
})
