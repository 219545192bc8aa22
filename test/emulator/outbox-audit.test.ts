import t, { type Test } from 'tap'
import { toRomeIso } from '../../src/lib/rome-time.js'
import type { OutgoingMessage } from '../../src/core/outbox/outbox.service.js'
import { json, setupTestApp } from '../helper.js'

const ctx = await setupTestApp(t)
const db = ctx.database.db

const GIULIA = 'BNCGLI84H52H501C'
const MARCO = 'SPSMRC90B03F839H'
const SENT_AT = new Date('2020-04-01T08:00:00Z') // 10:00 in Rome
const FIVE_DAYS = 5 * 86400
const addSeconds = (d: Date, s: number) => new Date(d.getTime() + s * 1000)

const sms = (cf: string, secret: string, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  codiceFiscale: cf,
  channel: 'sms',
  recipient: '+39 347 1200001',
  subject: 'PIN INPS: prima parte',
  body: `Prima parte del PIN: ${secret}`,
  pinPart: 'first',
  secret,
  deliverAt: SENT_AT,
  ...overrides,
})
const letter = (cf: string, secret: string): OutgoingMessage => ({
  codiceFiscale: cf,
  channel: 'post',
  recipient: 'Via Appia Nuova 215, 00183 Roma (RM)',
  subject: 'PIN INPS: seconda parte',
  body: 'Seconda parte del PIN',
  pinPart: 'second',
  secret,
  deliverAt: addSeconds(SENT_AT, FIVE_DAYS),
})

async function outbox(t: Test, query: string) {
  const res = await ctx.emulator('GET', `/emulator/outbox${query}`)
  t.equal(res.statusCode, 200, `GET /emulator/outbox${query}`)
  return json(res) as { items: Array<Record<string, any>>; nextCursor?: string }
}

t.test('a letter shows up only once the emulated clock passes its delivery time', async (t) => {
  await ctx.emulator('PUT', '/emulator/clock', { now: SENT_AT.toISOString(), frozen: true })
  await ctx.app.outbox.send(ctx.app.db, SENT_AT, [sms(GIULIA, 'K7PX3MQA'), letter(GIULIA, 'R4TZ8WHN')])
  t.equal(
    (await db.selectFrom('outbox').select('id').where('codice_fiscale', '=', GIULIA).execute()).length,
    2,
    'both queued in the database',
  )

  const now = await outbox(t, `?codiceFiscale=${GIULIA}`)
  t.equal(now.items.length, 1, 'only the SMS so far')
  t.match(now.items[0], {
    id: String,
    codiceFiscale: GIULIA,
    channel: 'sms',
    recipient: '+39 347 1200001',
    subject: 'PIN INPS: prima parte',
    pinPart: 'first',
    secret: 'K7PX3MQA',
    sentAt: '2020-04-01T10:00:00+02:00',
    deliverAt: '2020-04-01T10:00:00+02:00',
  })
  t.equal(now.nextCursor, undefined)

  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: FIVE_DAYS - 1 })
  t.equal((await outbox(t, `?codiceFiscale=${GIULIA}`)).items.length, 1, 'one second early: still in the post')

  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 1 })
  const later = await outbox(t, `?codiceFiscale=${GIULIA}`)
  t.equal(later.items.length, 2, 'delivered exactly at deliverAt')
  t.match(later.items[1], {
    channel: 'post',
    pinPart: 'second',
    secret: 'R4TZ8WHN',
    sentAt: '2020-04-01T10:00:00+02:00',
    deliverAt: '2020-04-06T10:00:00+02:00',
  })
  t.same(
    later.items.map((m) => m.channel),
    ['sms', 'post'],
    'oldest first',
  )
})

t.test('the outbox filters by codice fiscale and channel', async (t) => {
  await ctx.app.outbox.send(ctx.app.db, SENT_AT, [
    sms(MARCO, 'AAAA2222', { recipient: '+39 333 4500002' }),
    { ...sms(MARCO, 'BBBB3333'), channel: 'email', recipient: 'marco.esposito@example.it' },
    { ...sms(MARCO, 'CCCC4444'), channel: 'pec', recipient: 'marco.esposito@pec.example.it', pinPart: 'full' },
    {
      codiceFiscale: null,
      channel: 'email',
      recipient: 'ops@example.it',
      subject: 'Report',
      body: 'no person',
      deliverAt: SENT_AT,
    },
  ])
  const marco = await outbox(t, `?codiceFiscale=${MARCO}`)
  t.same(marco.items.map((m) => m.channel).sort(), ['email', 'pec', 'sms'])
  t.ok(
    marco.items.every((m) => m.codiceFiscale === MARCO),
    'nobody else',
  )

  t.same((await outbox(t, `?codiceFiscale=${MARCO.toLowerCase()}`)).items.length, 3, 'lowercase code accepted')
  const emails = await outbox(t, '?channel=email')
  t.same(emails.items.map((m) => m.recipient).sort(), ['marco.esposito@example.it', 'ops@example.it'])
  const giuliaPost = await outbox(t, `?codiceFiscale=${GIULIA}&channel=post`)
  t.same(
    giuliaPost.items.map((m) => m.secret),
    ['R4TZ8WHN'],
  )
  t.same((await outbox(t, `?codiceFiscale=${MARCO}&channel=post`)).items, [])
  const system = emails.items.find((m) => m.recipient === 'ops@example.it')
  t.equal(system?.codiceFiscale, null)
  t.notOk('pinPart' in system! || 'secret' in system!, 'no PIN fields on a message without one')

  const badChannel = await ctx.emulator('GET', '/emulator/outbox?channel=fax')
  t.equal(badChannel.statusCode, 400)
  t.match(json(badChannel), { code: 'VALIDATION_ERROR', errors: [{ field: 'querystring:/channel' }] })
  const badCf = await ctx.emulator('GET', '/emulator/outbox?codiceFiscale=123')
  t.equal(badCf.statusCode, 400)
})

t.test('the outbox pages with a cursor, without gaps or repeats', async (t) => {
  const cf = 'FRRLCU88S21L219X'
  await ctx.app.outbox.send(
    ctx.app.db,
    SENT_AT,
    Array.from({ length: 12 }, (_, i) => sms(cf, `PAGE${String(i).padStart(4, '0')}`)),
  )
  const secrets: string[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await outbox(t, `?codiceFiscale=${cf}&limit=5${cursor ? `&cursor=${cursor}` : ''}`)
    t.ok(page.items.length <= 5)
    secrets.push(...page.items.map((m) => m.secret))
    cursor = page.nextCursor
    if (cursor) t.match(cursor, /^\d+$/)
    pages++
  } while (cursor && pages < 10)
  t.equal(pages, 3)
  t.same(
    secrets,
    Array.from({ length: 12 }, (_, i) => `PAGE${String(i).padStart(4, '0')}`),
    'all twelve, in order, once',
  )
  t.equal((await ctx.emulator('GET', '/emulator/outbox?cursor=abc')).statusCode, 400)
})

t.test('a message sent in a transaction that rolls back is never sent', async (t) => {
  const cf = 'RMNFNC93D70F205Z'
  const failed = db.transaction().execute(async (trx) => {
    await ctx.app.outbox.send(trx, SENT_AT, [sms(cf, 'LOST2020'), letter(cf, 'LOST2021')])
    await ctx.app.audit.record(
      trx,
      SENT_AT,
      { type: 'system' },
      { action: 'pin.issued', outcome: 'success', codiceFiscale: cf },
    )
    throw new Error('the PIN request failed after queuing its messages')
  })
  await t.rejects(failed, /queuing its messages/)
  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 30 * 86400 })
  t.same((await outbox(t, `?codiceFiscale=${cf}`)).items, [], 'not even a month later')
  t.same(await db.selectFrom('outbox').select('id').where('codice_fiscale', '=', cf).execute(), [])
  t.same(
    await db.selectFrom('audit_events').select('id').where('codice_fiscale', '=', cf).execute(),
    [],
    'nor its audit entry',
  )

  await db.transaction().execute(async (trx) => {
    await ctx.app.outbox.send(trx, SENT_AT, [sms(cf, 'KEPT2020')])
  })
  t.same(
    (await outbox(t, `?codiceFiscale=${cf}`)).items.map((m) => m.secret),
    ['KEPT2020'],
    'a committed one is',
  )
})

t.test('the audit trail records actions and filters by codice fiscale and action', async (t) => {
  const put = await ctx.emulator('PUT', `/emulator/persons/${GIULIA}`, {
    firstName: 'Giulia',
    lastName: 'Bianchi',
    birthDate: '1984-06-12',
    sex: 'F',
    birthPlace: 'Roma',
    residence: { street: 'Via Appia Nuova 215', postalCode: '00183', municipality: 'Roma', province: 'RM' },
  })
  t.equal(put.statusCode, 200)
  t.equal((await ctx.emulator('PUT', '/emulator/offices/5100', { open: false })).statusCode, 200)
  t.equal((await ctx.emulator('POST', '/emulator/operators', { role: 'backoffice' })).statusCode, 201)
  const at = await ctx.app.clock.now()
  await ctx.app.audit.record(
    db,
    at,
    { type: 'citizen', id: GIULIA, channel: 'web', requestId: 'req-login-1' },
    { action: 'pin.login', outcome: 'failure', codiceFiscale: GIULIA, detail: { reason: 'wrong_pin' } },
  )
  await ctx.app.audit.record(
    db,
    at,
    { type: 'operator', id: 'CC0001', channel: 'contact_center' },
    { action: 'pin.login', outcome: 'success', codiceFiscale: MARCO },
  )

  const giulia = json(await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${GIULIA}`))
  t.same(
    giulia.items.map((e: { action: string }) => e.action),
    ['archive.person_saved', 'pin.login'],
  )
  t.match(giulia.items[0], {
    actorType: 'emulator',
    codiceFiscale: GIULIA,
    outcome: 'success',
    requestId: put.headers['x-request-id'],
  })
  t.match(giulia.items[1], {
    actorType: 'citizen',
    actorId: GIULIA,
    channel: 'web',
    outcome: 'failure',
    detail: { reason: 'wrong_pin' },
    requestId: 'req-login-1',
    occurredAt: toRomeIso(at),
  })
  t.same(json(await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${GIULIA.toLowerCase()}`)).items.length, 2)

  const logins = json(await ctx.emulator('GET', '/emulator/audit?action=pin.login'))
  t.same(
    logins.items.map((e: { codiceFiscale: string }) => e.codiceFiscale),
    [GIULIA, MARCO],
  )
  const both = json(await ctx.emulator('GET', `/emulator/audit?action=pin.login&codiceFiscale=${MARCO}`))
  t.match(both.items, [{ actorType: 'operator', actorId: 'CC0001', channel: 'contact_center' }])
  t.equal(both.items.length, 1)
  t.match(json(await ctx.emulator('GET', '/emulator/audit?action=office.closed')).items, [
    { detail: { officeCode: '5100' }, codiceFiscale: null },
  ])
  t.match(json(await ctx.emulator('GET', '/emulator/audit?action=operator.created')).items, [
    { detail: { role: 'backoffice' } },
  ])
  t.same(json(await ctx.emulator('GET', '/emulator/audit?action=no.such_action')).items, [])
  t.equal((await ctx.emulator('GET', '/emulator/audit?action=DROP%20TABLE')).statusCode, 400)
})

t.test('the audit trail pages oldest first; the cursor leads to the newest entries', async (t) => {
  const at = await ctx.app.clock.now()
  for (let i = 0; i < 7; i++) {
    await ctx.app.audit.record(db, at, { type: 'system' }, { action: 'test.paging', outcome: 'success', detail: { i } })
  }
  const total = Number(
    (await db.selectFrom('audit_events').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
  )
  const ids: string[] = []
  const paging: number[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = json(await ctx.emulator('GET', `/emulator/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`))
    t.ok(page.items.length <= 3)
    for (const e of page.items) {
      ids.push(e.id)
      if (e.action === 'test.paging') paging.push(e.detail.i)
    }
    cursor = page.nextCursor
    pages++
  } while (cursor && pages < 100)
  t.equal(ids.length, total, 'every entry')
  t.equal(new Set(ids).size, total, 'once')
  t.equal(pages, Math.ceil(total / 3))
  t.same(paging, [0, 1, 2, 3, 4, 5, 6], 'in the order they happened; the newest on the last page')
  const rows = await db.selectFrom('audit_events').select('id').orderBy('seq').execute()
  t.same(
    ids,
    rows.map((r) => r.id),
  )

  const filtered = json(await ctx.emulator('GET', '/emulator/audit?action=test.paging&limit=4'))
  t.equal(filtered.items.length, 4)
  const rest = json(
    await ctx.emulator('GET', `/emulator/audit?action=test.paging&limit=4&cursor=${filtered.nextCursor}`),
  )
  t.same(
    rest.items.map((e: { detail: { i: number } }) => e.detail.i),
    [4, 5, 6],
  )
  t.equal(rest.nextCursor, undefined)
})
