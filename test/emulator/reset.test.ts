import t, { type Test } from 'tap'
import { fixtureOffices, fixtureOperators, fixturePersons } from '../../src/emulator/fixtures.data.js'
import { json, setupTestApp } from '../helper.js'

const ctx = await setupTestApp(t)
const db = ctx.database.db

const MARIO = 'RSSMRA85T10A562S'
const GIULIA = fixturePersons.find((p) => p.codiceFiscale === 'BNCGLI84H52H501C')!
const count = async (table: 'persons' | 'operators' | 'offices' | 'outbox' | 'audit_events') =>
  Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

async function changeEverything(t: Test) {
  const person = await ctx.emulator('PUT', `/emulator/persons/${MARIO}`, {
    firstName: 'Mario',
    lastName: 'Rossi',
    birthDate: '1985-12-10',
    sex: 'M',
    birthPlace: 'San Giuliano Terme',
    residence: { street: 'Via Roma 1', postalCode: '56017', municipality: 'San Giuliano Terme', province: 'PI' },
  })
  t.equal(person.statusCode, 200)
  const moved = await ctx.emulator('PUT', `/emulator/persons/${GIULIA.codiceFiscale}`, {
    ...GIULIA.record,
    residence: { ...GIULIA.record.residence, street: 'Via Nuova 2' },
  })
  t.equal(moved.statusCode, 200)
  await db.deleteFrom('persons').where('codice_fiscale', '=', 'SPSMRC90B03F839H').execute()
  t.equal((await ctx.emulator('PUT', '/emulator/offices/1300', { open: false })).statusCode, 200)
  t.equal((await ctx.emulator('PUT', '/emulator/offices/9100', { open: true, name: 'INPS Cagliari' })).statusCode, 200)
  const operator = await ctx.emulator('POST', '/emulator/operators', { role: 'patronato', organisation: 'Temporary' })
  t.equal(operator.statusCode, 201)
  t.equal(
    (await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T08:30:00+02:00', frozen: true })).statusCode,
    200,
  )
  const now = await ctx.app.clock.now()
  await ctx.app.outbox.send(db, now, [
    { codiceFiscale: MARIO, channel: 'sms', recipient: '+39 333 0000000', subject: 's', body: 'b', deliverAt: now },
  ])
  t.ok((await count('audit_events')) > 0, 'the changes were audited')
  t.equal(await count('outbox'), 1)
  return json(operator).operatorId as string
}

async function assertDefaults(t: Test) {
  t.equal(await count('persons'), fixturePersons.length, 'exactly the fixture people')
  t.equal(await count('offices'), fixtureOffices.length)
  t.equal(await count('operators'), fixtureOperators.length)
  t.equal(await count('outbox'), 0, 'outbox emptied')
  t.equal(await count('audit_events'), 0, 'audit emptied')
  const clock = json(await ctx.emulator('GET', '/emulator/clock'))
  t.equal(clock.frozen, false, 'the clock runs')
  t.ok(Math.abs(Date.parse(clock.now) - Date.now()) < 5_000, 'on real time')
}

t.test('reset puts back the default data, real time and empty records', async (t) => {
  const tempOperator = await changeEverything(t)
  const res = await ctx.emulator('POST', '/emulator/reset')
  t.equal(res.statusCode, 200)
  const body = json(res)
  t.match(body, { reset: true, fixtures: true })
  t.ok(body.tablesEmptied >= 5, `${body.tablesEmptied} tables emptied`)

  await assertDefaults(t)
  const mario = await ctx.emulator('GET', `/emulator/persons/${MARIO}`)
  t.equal(mario.statusCode, 404, 'the new person is gone')
  t.equal(json(mario).code, 'PERSON_NOT_FOUND')
  t.equal(
    json(await ctx.emulator('GET', `/emulator/persons/${GIULIA.codiceFiscale}`)).residence.street,
    GIULIA.record.residence.street,
    'a changed fixture is restored',
  )
  t.equal(
    (await ctx.emulator('GET', '/emulator/persons/SPSMRC90B03F839H')).statusCode,
    200,
    'a deleted fixture is back',
  )
  const rows = await db.selectFrom('persons').select('codice_fiscale').orderBy('codice_fiscale').execute()
  t.same(
    rows.map((r) => r.codice_fiscale),
    fixturePersons.map((p) => p.codiceFiscale).sort(),
  )

  const offices = json(await ctx.emulator('GET', '/emulator/offices')).items
  t.same(
    offices,
    [...fixtureOffices]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((o) => ({ officeCode: o.code, name: o.name, open: o.open, closedSince: o.closedSince ?? null })),
  )
  const operators = json(await ctx.emulator('GET', '/emulator/operators')).items.map(
    (o: { operatorId: string }) => o.operatorId,
  )
  t.same(operators.sort(), fixtureOperators.map((o) => o.operatorId).sort())
  t.notOk(operators.includes(tempOperator), 'the created operator is gone')

  const first = await ctx.app.clock.now()
  await new Promise((resolve) => setTimeout(resolve, 30))
  t.ok((await ctx.app.clock.now()) > first, 'time moves on')

  const again = await ctx.emulator('POST', '/emulator/operators', { role: 'patronato' })
  t.equal(json(again).operatorId, tempOperator, 'operator numbering starts over')
  t.same(
    json(await ctx.emulator('GET', '/emulator/audit')).items.map((e: { action: string }) => e.action),
    ['operator.created'],
    'the audit starts afresh',
  )
})

t.test('two resets at once both succeed and leave the defaults once', async (t) => {
  await changeEverything(t)
  const [a, b] = await Promise.all([ctx.emulator('POST', '/emulator/reset'), ctx.emulator('POST', '/emulator/reset')])
  t.same([a.statusCode, b.statusCode], [200, 200])
  await assertDefaults(t)
})

t.test('with SEED_FIXTURES=false a reset empties everything and loads nothing', async (t) => {
  const bare = await setupTestApp(t, { SEED_FIXTURES: 'false' }, ctx.database)
  const res = await bare.emulator('POST', '/emulator/reset')
  t.match(json(res), { reset: true, fixtures: false })
  t.equal(await count('persons'), 0)
  t.equal(await count('operators'), 0)
  t.equal(await count('offices'), 0)
  t.equal((await ctx.emulator('POST', '/emulator/reset')).statusCode, 200, 'the seeding app restores them')
  t.equal(await count('persons'), fixturePersons.length)
})

t.test('fixtures are loaded on first start only', async (t) => {
  const state = await db
    .selectFrom('emulator_state')
    .select('value')
    .where('key', '=', 'fixtures_loaded_at')
    .executeTakeFirst()
  t.match(state?.value, { at: String, fixtures: true }, 'the first start is recorded')

  await db.deleteFrom('persons').where('codice_fiscale', '=', GIULIA.codiceFiscale).execute()
  await db.deleteFrom('operators').where('id', '=', 'BO0001').execute()
  const restarted = await setupTestApp(t, {}, ctx.database)
  t.equal(await count('persons'), fixturePersons.length - 1, 'the deleted person is not reloaded')
  t.equal((await restarted.emulator('GET', `/emulator/persons/${GIULIA.codiceFiscale}`)).statusCode, 404)
  t.notOk(
    await db.selectFrom('operators').select('id').where('id', '=', 'BO0001').executeTakeFirst(),
    'nor the deleted operator',
  )
  t.equal(await count('operators'), fixtureOperators.length - 1)
})

t.test('a reset is a new sandbox: tokens issued before it are refused, on every instance', async (t) => {
  const other = await setupTestApp(t, {}, ctx.database)
  const login = async (app: typeof ctx.app) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/operator',
      payload: { operatorId: 'PAT0001', pin: 'PATA2020' },
    })
    t.equal(res.statusCode, 200, 'the published patronato logs in')
    return json(res).accessToken as string
  }
  const filings = (app: typeof ctx.app, token: string) =>
    app.inject({ method: 'GET', url: '/api/v1/patronato/applications', headers: { authorization: `Bearer ${token}` } })
  const kids = async () =>
    json(await ctx.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).keys.map((k: { kid: string }) => k.kid)

  // Patronati work 08:00-16:00: a Monday morning of April 2020, and half an hour later after the reset
  // (which puts the clock back on real time), within the tokens' lifetime.
  const setClock = async (now: string) =>
    t.equal((await ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })).statusCode, 200)
  await setClock('2020-04-06T10:00:00+02:00')
  const before = await login(ctx.app)
  const fromOther = await login(other.app)
  t.equal((await filings(other.app, before)).statusCode, 200, 'the token works on both instances')
  t.equal((await filings(ctx.app, fromOther)).statusCode, 200)
  const keysBefore = await kids()

  t.equal((await ctx.emulator('POST', '/emulator/reset')).statusCode, 200)
  await setClock('2020-04-06T10:30:00+02:00')
  for (const [where, token] of [
    ['the instance that reset', before],
    ['the instance that reset, token of the other', fromOther],
  ] as const) {
    const refused = await filings(ctx.app, token)
    t.equal(refused.statusCode, 401, where)
    t.equal(json(refused).code, 'INVALID_TOKEN')
  }
  // The other instance hears of the reset through the database (NOTIFY), a moment after its commit.
  let status = 0
  for (let i = 0; i < 40 && status !== 401; i++) {
    status = (await filings(other.app, before)).statusCode
    if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 50))
  }
  t.equal(status, 401, 'the other instance refuses the old token too')
  t.equal((await filings(other.app, fromOther)).statusCode, 401, 'and its own old token')

  const after = await login(ctx.app)
  t.equal((await filings(other.app, after)).statusCode, 200, 'a new login works on both instances')
  const afterOther = await login(other.app)
  t.equal((await filings(ctx.app, afterOther)).statusCode, 200)
  t.notSame(await kids(), keysBefore, 'a new signing key')
  t.equal((await kids()).length, 1, 'the old key is not published any more')
})
