import t from 'tap'
import { verifySecret, PIN_ALPHABET } from '../../src/lib/secrets.js'
import { fixtureOffices, fixtureOperators } from '../../src/emulator/fixtures.data.js'
import { argon2Cost } from '../../src/config.js'
import { json, setupTestApp } from '../helper.js'

const ctx = await setupTestApp(t)
const db = ctx.database.db
const cost = argon2Cost()

const PIN = new RegExp(`^[${PIN_ALPHABET}]{8}$`)
const findOperator = (id: string) => db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst()
const findOffice = (code: string) => db.selectFrom('offices').selectAll().where('code', '=', code).executeTakeFirst()
const count = async (table: 'operators' | 'offices') =>
  Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

t.test('an operator of each role is created with a one-time PIN stored only as an argon2id hash', async (t) => {
  const frozenAt = '2020-04-01T09:15:00+02:00'
  await ctx.emulator('PUT', '/emulator/clock', { now: frozenAt, frozen: true })
  const roles = [
    { body: { role: 'contact_center', organisation: 'Contact Center Roma' }, prefix: 'CC' },
    { body: { role: 'patronato', organisation: 'Patronato ACLI (test)' }, prefix: 'PAT' },
    { body: { role: 'intermediario' }, prefix: 'INT' },
    { body: { role: 'backoffice' }, prefix: 'BO' },
    { body: { role: 'office', officeCode: '1300' }, prefix: 'SEDE' },
  ]
  const ids = new Set<string>()
  for (const { body, prefix } of roles) {
    const res = await ctx.emulator('POST', '/emulator/operators', body)
    t.equal(res.statusCode, 201, body.role)
    const created = json(res)
    t.match(created.operatorId, new RegExp(`^${prefix}\\d{4,}$`), `${body.role} id prefix`)
    t.match(created.pin, PIN, 'an 8-character PIN without look-alikes')
    t.notMatch(created.pin, /[01OIL]/)
    t.match(created, {
      role: body.role,
      organisation: (body as { organisation?: string }).organisation ?? null,
      officeCode: (body as { officeCode?: string }).officeCode ?? null,
    })
    ids.add(created.operatorId)

    const row = await findOperator(created.operatorId)
    t.ok(row, 'stored')
    t.match(
      row!.pin_hash,
      new RegExp(`^\\$argon2id\\$v=19\\$m=${cost.memoryCost},t=${cost.timeCost},p=1\\$`),
      'argon2id hash at the configured cost',
    )
    t.notMatch(row!.pin_hash, created.pin, 'not the PIN itself')
    t.ok(await verifySecret(row!.pin_hash, created.pin), 'the hash verifies the PIN')
    t.notOk(await verifySecret(row!.pin_hash, created.pin.toLowerCase()), 'and nothing else')
    t.equal(row!.pin_set_at.toISOString(), '2020-04-01T07:15:00.000Z', 'pin_set_at is the emulated time')

    const audit = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'operator.created')
      .where('request_id', '=', res.headers['x-request-id'] as string)
      .execute()
    t.match(
      audit,
      [{ actor_type: 'emulator', outcome: 'success', detail: { operatorId: created.operatorId, role: body.role } }],
      'audited',
    )
    t.notMatch(JSON.stringify(audit), created.pin, 'the audit never holds the PIN')
    t.notMatch(ctx.logText(), created.pin, 'nor does the log')
  }
  t.equal(ids.size, roles.length, 'distinct ids')
})

t.test('operator rules: office code required, known, and only for office operators', async (t) => {
  const before = await count('operators')
  const cases: Array<[object, number, string]> = [
    [{ role: 'office' }, 422, 'OFFICE_CODE_REQUIRED'],
    [{ role: 'office', officeCode: '9999' }, 422, 'UNKNOWN_OFFICE'],
    [{ role: 'patronato', officeCode: '1300' }, 422, 'OFFICE_CODE_NOT_ALLOWED'],
    [{ role: 'contact_center', officeCode: '1300' }, 422, 'OFFICE_CODE_NOT_ALLOWED'],
    [{ role: 'admin' }, 400, 'VALIDATION_ERROR'],
    [{ role: 'patronato', operatorId: 'PAT0001', pin: 'AAAAAAAA' }, 400, 'VALIDATION_ERROR'],
    [{}, 400, 'VALIDATION_ERROR'],
  ]
  for (const [body, status, code] of cases) {
    const res = await ctx.emulator('POST', '/emulator/operators', body)
    t.equal(res.statusCode, status, JSON.stringify(body))
    t.equal(json(res).code, code)
  }
  t.match(
    json(await ctx.emulator('POST', '/emulator/operators', { role: 'office', officeCode: '9999' })).detail,
    /9999/,
  )
  t.equal(await count('operators'), before, 'nothing stored')
  t.equal(
    (await findOperator('PAT0001'))?.organisation_id,
    fixtureOperators.find((o) => o.operatorId === 'PAT0001')?.organisationId,
    'a chosen id cannot overwrite a fixture',
  )
})

t.test('the operator list shows who exists, never a PIN or its hash', async (t) => {
  const res = await ctx.emulator('GET', '/emulator/operators')
  t.equal(res.statusCode, 200)
  const { items } = json(res)
  t.equal(items.length, await count('operators'))
  for (const item of items) {
    t.same(Object.keys(item).sort(), ['officeCode', 'operatorId', 'organisation', 'organisationId', 'role'])
  }
  t.notMatch(res.body, /argon2|pin/i)
  for (const fixture of fixtureOperators) {
    t.match(
      items.find((o: { operatorId: string }) => o.operatorId === fixture.operatorId),
      {
        role: fixture.role,
        organisationId: fixture.organisationId,
        organisation: fixture.organisation,
        officeCode: fixture.officeCode ?? null,
      },
      `${fixture.operatorId} is there`,
    )
    const row = await findOperator(fixture.operatorId)
    t.ok(await verifySecret(row!.pin_hash, fixture.pin), `${fixture.operatorId}'s documented PIN works`)
    t.notMatch(res.body, fixture.pin)
  }
  t.ok(items.some((o: { operatorId: string }) => o.operatorId === 'CC0001'))
})

t.test('the fixture offices include the sedi closed since 25 March 2020', async (t) => {
  const res = await ctx.emulator('GET', '/emulator/offices')
  t.equal(res.statusCode, 200)
  const { items } = json(res)
  for (const office of fixtureOffices) {
    t.same(
      items.find((o: { officeCode: string }) => o.officeCode === office.code),
      {
        officeCode: office.code,
        name: office.name,
        open: office.open,
        closedSince: office.closedSince ?? null,
      },
    )
  }
  const closed = items.filter((o: { open: boolean }) => !o.open)
  t.ok(closed.length >= 2, 'several closed')
  for (const office of closed) t.equal(office.closedSince, '2020-03-25')
})

t.test('closing an office records the emulated date in Rome; reopening clears it', async (t) => {
  // 23:30 UTC on 24 March is already 25 March in Rome (UTC+1 before the DST change on the 29th).
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-03-24T23:30:00Z', frozen: true })
  const closed = await ctx.emulator('PUT', '/emulator/offices/6300', { open: false })
  t.equal(closed.statusCode, 200)
  t.same(json(closed), { officeCode: '6300', name: 'INPS Napoli', open: false, closedSince: '2020-03-25' })
  t.match(await findOffice('6300'), { open: false, closed_since: '2020-03-25', name: 'INPS Napoli' })

  await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 3 * 86400 })
  const again = await ctx.emulator('PUT', '/emulator/offices/6300', { open: false })
  t.equal(json(again).closedSince, '2020-03-25', 'closing a closed office keeps the first date')

  const reopened = await ctx.emulator('PUT', '/emulator/offices/6300', { open: true })
  t.same(json(reopened), { officeCode: '6300', name: 'INPS Napoli', open: true, closedSince: null })
  t.match(await findOffice('6300'), { open: true, closed_since: null })

  const actions = await db
    .selectFrom('audit_events')
    .select(['action', 'detail'])
    .where('action', 'in', ['office.opened', 'office.closed'])
    .orderBy('seq')
    .execute()
  t.same(
    actions.map((a) => a.action),
    ['office.closed', 'office.closed', 'office.opened'],
  )
  t.same(actions[0].detail, { officeCode: '6300' })
})

t.test('PUT of an unknown office creates it; a name renames it', async (t) => {
  const before = await count('offices')
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-15T10:00:00+02:00', frozen: true })
  const created = await ctx.emulator('PUT', '/emulator/offices/7100', { open: false, name: 'INPS Palermo' })
  t.equal(created.statusCode, 200)
  t.same(json(created), { officeCode: '7100', name: 'INPS Palermo', open: false, closedSince: '2020-04-15' })
  t.equal(await count('offices'), before + 1)

  const unnamed = await ctx.emulator('PUT', '/emulator/offices/7200', { open: true })
  t.match(json(unnamed), { officeCode: '7200', open: true, closedSince: null, name: /7200/ })

  const renamed = await ctx.emulator('PUT', '/emulator/offices/7100', { open: true, name: 'INPS Palermo Centro' })
  t.match(json(renamed), { name: 'INPS Palermo Centro', open: true })
  const kept = await ctx.emulator('PUT', '/emulator/offices/7100', { open: true })
  t.equal(json(kept).name, 'INPS Palermo Centro', 'no name keeps the old one')

  const operator = await ctx.emulator('POST', '/emulator/operators', { role: 'office', officeCode: '7100' })
  t.equal(operator.statusCode, 201, 'a new office can have operators')
  t.equal((await findOperator(json(operator).operatorId))?.office_code, '7100')

  const bad = await ctx.emulator('PUT', '/emulator/offices/7-100', { open: true })
  t.equal(bad.statusCode, 400)
  const noOpen = await ctx.emulator('PUT', '/emulator/offices/7300', { name: 'x' })
  t.match(json(noOpen), { code: 'VALIDATION_ERROR', errors: [{ field: '/open' }] })
  t.notOk(await findOffice('7300'))
})
