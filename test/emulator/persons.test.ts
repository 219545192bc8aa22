import t from 'tap'
import { omocodiaVariant } from '../../src/lib/codice-fiscale.js'
import { fixturePersons } from '../../src/emulator/fixtures.data.js'
import { json, setupTestApp } from '../helper.js'

const ctx = await setupTestApp(t)
const db = ctx.database.db

// Mario Rossi, born 10 Dec 1985 in San Giuliano Terme (A562): the textbook codice fiscale.
const CF = 'RSSMRA85T10A562S'
const mario = (overrides: Record<string, unknown> = {}) => ({
  firstName: 'Mario',
  lastName: 'Rossi',
  birthDate: '1985-12-10',
  sex: 'M',
  birthPlace: 'San Giuliano Terme',
  residence: { street: 'Via Roma 1', postalCode: '56017', municipality: 'San Giuliano Terme', province: 'PI' },
  contacts: { mobile: '+39 333 1234567', email: 'mario.rossi@example.it' },
  positions: { gestioneSeparata: { kind: 'professionista', activeSince: '2015-01-01' }, healthOrSecurityWorker: true },
  ...overrides,
})

const findRow = (cf: string) => db.selectFrom('persons').selectAll().where('codice_fiscale', '=', cf).executeTakeFirst()
const countPersons = async () =>
  Number((await db.selectFrom('persons').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

t.test('PUT stores a valid record and returns it', async (t) => {
  t.notOk(await findRow(CF), 'not there before')
  const res = await ctx.emulator('PUT', `/emulator/persons/${CF}`, mario())
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-control'], 'no-store', 'personal data is never cached')
  const body = json(res)
  t.match(body, { codiceFiscale: CF, ...mario() })
  t.ok(Number.isFinite(Date.parse(body.updatedAt)))

  const row = await findRow(CF)
  t.match(row, {
    codice_fiscale: CF,
    first_name: 'Mario',
    last_name: 'Rossi',
    birth_date: '1985-12-10',
    sex: 'M',
    birth_place: 'San Giuliano Terme',
  })
  t.same(row?.residence, mario().residence)
  t.same(row?.contacts, mario().contacts)
  t.same(row?.positions, mario().positions)

  const read = await ctx.emulator('GET', `/emulator/persons/${CF}`)
  t.equal(read.statusCode, 200)
  t.same(json(read), body, 'GET returns what PUT returned')
})

t.test('PUT again replaces the whole record', async (t) => {
  const before = await findRow(CF)
  const record = mario({
    residence: { street: 'Via Garibaldi 7', postalCode: '56124', municipality: 'Pisa', province: 'PI' },
    contacts: { pec: 'mario.rossi@pec.example.it' },
    positions: undefined,
  })
  const res = await ctx.emulator('PUT', `/emulator/persons/${CF}`, record)
  t.equal(res.statusCode, 200)
  const row = await findRow(CF)
  t.equal(row?.residence.municipality, 'Pisa')
  t.same(row?.contacts, { pec: 'mario.rossi@pec.example.it' }, 'old contacts are gone, not merged')
  t.same(row?.positions, {}, 'positions left out means none')
  t.ok(row!.updated_at.getTime() >= before!.updated_at.getTime(), 'updated_at moves on')
  t.equal(await countPersons(), fixturePersons.length + 1, 'still one row for Mario')
  t.same(json(res).contacts, { pec: 'mario.rossi@pec.example.it' })
})

t.test('a lowercase codice fiscale in the path is normalised', async (t) => {
  const lower = CF.toLowerCase()
  const res = await ctx.emulator('PUT', `/emulator/persons/${lower}`, mario({ birthPlace: 'Pisa' }))
  t.equal(res.statusCode, 200)
  t.equal(json(res).codiceFiscale, CF)
  t.notOk(await findRow(lower), 'never stored in lowercase')
  t.equal((await findRow(CF))?.birth_place, 'Pisa')
  const read = await ctx.emulator('GET', `/emulator/persons/${lower}`)
  t.equal(read.statusCode, 200)
  t.equal(json(read).codiceFiscale, CF)
})

t.test('a wrong check character is 400 INVALID_CODICE_FISCALE and stores nothing', async (t) => {
  const wrong = `${CF.slice(0, 15)}T`
  const count = await countPersons()
  const res = await ctx.emulator('PUT', `/emulator/persons/${wrong}`, mario())
  t.equal(res.statusCode, 400)
  t.match(json(res), { code: 'INVALID_CODICE_FISCALE', errors: [{ field: '/codiceFiscale' }] })
  t.notOk(await findRow(wrong))
  const shape = await ctx.emulator('PUT', '/emulator/persons/RSSMRA85T10A562', mario())
  t.equal(shape.statusCode, 400, 'too short')
  t.match(json(shape), { code: 'VALIDATION_ERROR', errors: [{ field: 'params:/codiceFiscale' }] })
  const impossibleDay = await ctx.emulator('PUT', '/emulator/persons/RSSMRA85T32A562S', mario())
  t.equal(impossibleDay.statusCode, 400, '32 December')
  t.equal(json(impossibleDay).code, 'INVALID_CODICE_FISCALE')
  t.equal(await countPersons(), count)
})

t.test('a record that disagrees with the code is 422 CODICE_FISCALE_MISMATCH naming the fields', async (t) => {
  const count = await countPersons()
  const other = 'VRDLCU92C45G702N' // Lucia Verdi, F, 5 March 1992
  const res = await ctx.emulator(
    'PUT',
    `/emulator/persons/${other}`,
    mario({ firstName: 'Luigi', birthDate: '1992-03-05' }),
  )
  t.equal(res.statusCode, 422)
  const body = json(res)
  t.equal(body.code, 'CODICE_FISCALE_MISMATCH')
  t.same(body.errors.map((e: { field: string }) => e.field).sort(), ['/firstName', '/lastName', '/sex'])
  t.match(body.detail, /lastName/)

  const oneField = await ctx.emulator('PUT', `/emulator/persons/${CF}`, mario({ birthDate: '1985-12-11' }))
  t.equal(oneField.statusCode, 422)
  t.same(
    json(oneField).errors.map((e: { field: string }) => e.field),
    ['/birthDate'],
  )
  t.equal((await findRow(CF))?.birth_date, '1985-12-10', 'the stored record is untouched')

  const accented = await ctx.emulator(
    'PUT',
    `/emulator/persons/${CF}`,
    mario({ lastName: 'Rossì', firstName: 'Màrio' }),
  )
  t.equal(accented.statusCode, 200, 'accents do not count against the code')
  t.equal(await countPersons(), count)
  t.notOk(await findRow(other))
})

t.test('an omocodia variant is a code of its own, accepted', async (t) => {
  for (const n of [1, 3]) {
    const variant = omocodiaVariant(CF, n)
    t.not(variant, CF)
    const res = await ctx.emulator('PUT', `/emulator/persons/${variant}`, mario())
    t.equal(res.statusCode, 200, variant)
    t.equal(json(res).codiceFiscale, variant)
    t.equal((await findRow(variant))?.first_name, 'Mario')
  }
  const broken = omocodiaVariant(CF, 1).slice(0, 15) + 'A'
  t.equal(
    (await ctx.emulator('PUT', `/emulator/persons/${broken}`, mario())).statusCode,
    400,
    'with a wrong check character it is refused',
  )
})

t.test('GET of an unknown person is 404 PERSON_NOT_FOUND', async (t) => {
  const res = await ctx.emulator('GET', '/emulator/persons/VRDLCU92C45G702N')
  t.equal(res.statusCode, 404)
  t.match(json(res), { code: 'PERSON_NOT_FOUND', status: 404 })
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  const fixture = await ctx.emulator('GET', `/emulator/persons/${fixturePersons[0].codiceFiscale}`)
  t.equal(fixture.statusCode, 200)
  t.match(json(fixture), { codiceFiscale: fixturePersons[0].codiceFiscale, ...fixturePersons[0].record })
})

t.test('the list pages by codice fiscale until every record has been seen once', async (t) => {
  const seen: string[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const res = await ctx.emulator('GET', `/emulator/persons?limit=7${cursor ? `&cursor=${cursor}` : ''}`)
    t.equal(res.statusCode, 200)
    const page = json(res)
    t.ok(page.items.length <= 7)
    if (page.nextCursor) t.equal(page.nextCursor, page.items[page.items.length - 1].codiceFiscale)
    seen.push(...page.items.map((p: { codiceFiscale: string }) => p.codiceFiscale))
    cursor = page.nextCursor
    pages++
  } while (cursor && pages < 50)
  const total = await countPersons()
  t.equal(seen.length, total, 'as many as in the database')
  t.equal(new Set(seen).size, seen.length, 'no duplicates')
  t.same(seen, [...seen].sort(), 'in codice fiscale order')
  t.equal(pages, Math.ceil(total / 7))
  const rows = await db.selectFrom('persons').select('codice_fiscale').execute()
  t.same(new Set(seen), new Set(rows.map((r) => r.codice_fiscale)))

  const all = json(await ctx.emulator('GET', '/emulator/persons?limit=200'))
  t.equal(all.items.length, total)
  t.equal(all.nextCursor, undefined, 'no cursor on the last page')
  const tooMany = await ctx.emulator('GET', '/emulator/persons?limit=201')
  t.equal(tooMany.statusCode, 400)
})

t.test('every successful PUT is audited; refused ones are not', async (t) => {
  const before = await db.selectFrom('audit_events').select('id').where('codice_fiscale', '=', CF).execute()
  const res = await ctx.emulator('PUT', `/emulator/persons/${CF}`, mario())
  const refused = await ctx.emulator('PUT', `/emulator/persons/${CF}`, mario({ sex: 'F' }))
  t.equal(refused.statusCode, 422)
  const rows = await db.selectFrom('audit_events').selectAll().where('codice_fiscale', '=', CF).orderBy('seq').execute()
  t.equal(rows.length, before.length + 1, 'one more entry for Mario')
  t.match(rows[rows.length - 1], {
    action: 'archive.person_saved',
    outcome: 'success',
    actor_type: 'emulator',
    codice_fiscale: CF,
    request_id: res.headers['x-request-id'],
  })
  t.ok(before.length >= 4, 'the earlier PUTs were audited too')
  const viaApi = json(await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${CF}&action=archive.person_saved`))
  t.equal(viaApi.items.length, rows.length)
})
