import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer, fixturePerson } from '../../factories.js'
import type { AuthLevel } from '../../../src/core/auth/auth.types.js'
import { archivePerson, babySitting, child, HEALTH, PRIVATE, PUBLIC, SECURITY } from './libretto.factories.js'
import { grantedToHouseholdLocked } from '../../../src/modules/application/baby-sitting.service.js'
import { evaluateBabySitting } from '../../../src/modules/application/baby-sitting.rules.js'
import type { Positions } from '../../../src/modules/application/benefits/definition.js'
import { romeDate } from '../../../src/lib/rome-time.js'
import type { Transaction } from 'kysely'
import type { Database } from '../../../src/db/database.js'
import { findArchivedPerson } from '../../../src/core/archive/persons.service.js'

// docs/rules.md §13: who gets the baby-sitting bonus, how much per household, one application per child.
const ctx = await setupTestApp(t)
// A second instance on the same database, for the races.
const second = await setupTestApp(t, {}, ctx.database)
const db = ctx.database.db
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string, authLevel: AuthLevel = 'pin_ordinario') =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel })).accessToken
const submit = async (cf: string, body: unknown) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: bearer(await token(cf)),
    payload: body as object,
  })
const read = async (cf: string, id: string) =>
  json(await ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(await token(cf)) }))
const runJobs = () => ctx.emulator('POST', '/emulator/jobs/run')
const reasonCodes = (application: { reasons?: Array<{ code: string }> }) =>
  (application.reasons ?? []).map((r) => r.code)

const APRIL = '2020-04-06T18:00:00+02:00'

t.test('each category: 600 euro, 1000 for health and security staff, none for other public employees', async (t) => {
  await freeze(APRIL)
  const cases: Array<[string, Record<string, unknown>, number | string]> = [
    ['private employee', PRIVATE, 600],
    ['Gestione separata', { gestioneSeparata: { kind: 'cococo', activeSince: '2019-01-01' } }, 600],
    ['AGO self-employed', { ago: { scheme: 'artigiani' } }, 600],
    ['cassa professionale', { cassaProfessionale: { name: 'Cassa Forense' } }, 600],
    ['health staff', HEALTH, 1000],
    ['security staff', SECURITY, 1000],
    ['healthOrSecurityWorker flag', { healthOrSecurityWorker: true }, 1000],
    ['public employee', PUBLIC, 'CATEGORY_NOT_ELIGIBLE'],
    [
      'private position ended before',
      { employee: { sector: 'private', since: '2015-01-01', until: '2019-12-31' } },
      'CATEGORY_NOT_ELIGIBLE',
    ],
    ['no position', {}, 'CATEGORY_NOT_ELIGIBLE'],
  ]
  const filed = []
  for (const [label, positions, expected] of cases) {
    const cf = await archivePerson(ctx, { positions })
    const res = await submit(cf, babySitting([child()]))
    t.equal(res.statusCode, 201, `${label}: submitted`)
    filed.push({ label, cf, id: json(res).id as string, expected })
  }
  await runJobs()
  for (const { label, cf, id, expected } of filed) {
    const application = await read(cf, id)
    if (typeof expected === 'number') t.match(application, { status: 'accepted', amountEur: expected }, label)
    else t.same([application.status, reasonCodes(application)], ['rejected', [expected]], label)
  }
})

t.test(
  'children: under 12 on 5 March 2020 (12th birthday on 5 or 6 March 2008), any age with a severe disability',
  async (t) => {
    await freeze(APRIL)
    const outcome = async (c: ReturnType<typeof child>) => {
      const res = await submit(await archivePerson(ctx, { positions: PRIVATE }), babySitting([c]))
      return res.statusCode === 201 ? 201 : json(res).code
    }
    t.equal(await outcome(child('2008-03-05')), 'CHILD_NOT_ELIGIBLE', 'turned 12 on 5 March 2020')
    t.equal(await outcome(child('2008-03-06')), 201, 'turned 12 on 6 March 2020')
    t.equal(await outcome(child('2004-01-10', false)), 'CHILD_NOT_ELIGIBLE', '16 years old')
    t.equal(await outcome(child('2004-01-10', true)), 201, '16 years old with a severe disability')
    const res = await submit(await archivePerson(ctx, { positions: PRIVATE }), babySitting([child('2004-01-11')]))
    t.match(json(res), { status: 422, code: 'CHILD_NOT_ELIGIBLE', errors: [{ field: '/children/0/birthDate' }] })
  },
)

t.test('no payment: the bonus goes on the Libretto Famiglia', async (t) => {
  await freeze(APRIL)
  const cf = await archivePerson(ctx, { positions: PRIVATE })
  for (const payment of [{ method: 'post_office' }, { method: 'iban', iban: 'IT60X0542811101000000123456' }]) {
    t.match(json(await submit(cf, babySitting([child()], { payment }))), {
      status: 422,
      code: 'PAYMENT_NOT_APPLICABLE',
    })
  }
  t.match(
    json(
      await submit(
        cf,
        babySitting([child()], {
          use: 'centri_estivi',
          payment: { method: 'iban', iban: 'IT60X0542811101000000123456' },
        }),
      ),
    ),
    { status: 422, code: 'CENTRI_ESTIVI_NOT_AVAILABLE_YET' },
    'summer centres only from 19 May 2020',
  )
  t.equal(
    await db
      .selectFrom('applications')
      .select('id')
      .where('codice_fiscale', '=', cf)
      .execute()
      .then((r) => r.length),
    0,
    'nothing written',
  )
  const ok = await submit(cf, babySitting([child()]))
  t.equal(ok.statusCode, 201)
  t.match(json(ok), { payment: { status: 'not_applicable' } })
})

t.test('two parents of one household share its maximum, in protocol order; a child is claimed once', async (t) => {
  await freeze(APRIL)
  const household = `FAM-${Date.now()}`
  const mother = await archivePerson(ctx, { positions: PRIVATE, household })
  const father = await archivePerson(ctx, { positions: PRIVATE, household })
  const [first, second] = [child(), child()]
  const a = await submit(mother, babySitting([first]))
  t.equal(a.statusCode, 201)
  const again = await submit(father, babySitting([first]))
  t.match(json(again), { status: 409, code: 'CHILD_ALREADY_CLAIMED' }, 'the other parent, the same child')
  const b = await submit(father, babySitting([second]))
  t.equal(b.statusCode, 201)
  await runJobs()
  t.match(await read(mother, json(a).id), { status: 'accepted', amountEur: 600 })
  const rejected = await read(father, json(b).id)
  t.same([rejected.status, reasonCodes(rejected)], ['rejected', ['HOUSEHOLD_LIMIT_REACHED']])
  t.match(rejected.reasons[0].description, /nucleo familiare/)
  const claims = await db
    .selectFrom('child_claims')
    .select(['child_codice_fiscale', 'application_id'])
    .where('child_codice_fiscale', 'in', [first.codiceFiscale, second.codiceFiscale])
    .orderBy('claimed_at')
    .execute()
  t.same(
    claims.map((c) => [c.child_codice_fiscale, c.application_id]),
    [[first.codiceFiscale, json(a).id]],
    "the first child is the mother's application's; the rejected one let the second go",
  )
})

t.test('a health worker and a private employee: the second gets what is left of the higher maximum', async (t) => {
  await freeze(APRIL)
  const household = `MIX-${Date.now()}`
  const privateParent = await archivePerson(ctx, { positions: PRIVATE, household })
  const nurse = await archivePerson(ctx, { positions: HEALTH, household })
  const a = json(await submit(privateParent, babySitting([child()])))
  const b = json(await submit(nurse, babySitting([child()])))
  await runJobs()
  t.match(await read(privateParent, a.id), { status: 'accepted', amountEur: 600 })
  t.match(
    await read(nurse, b.id),
    { status: 'accepted', amountEur: 400 },
    '1000 for the household, 600 already granted',
  )
})

t.test('DL 34: from 19 May 2020 the maxima are 1,200 and 2,000 euro, what was granted included', async (t) => {
  const households = ['MAG18', 'MAG19'].map((h) => `${h}-${Date.now()}`)
  const parents = []
  for (const household of households) {
    await freeze(APRIL)
    const first = await archivePerson(ctx, { positions: PRIVATE, household })
    const second = await archivePerson(ctx, { positions: PRIVATE, household })
    t.equal((await submit(first, babySitting([child()]))).statusCode, 201)
    await runJobs()
    parents.push(second)
  }
  await freeze('2020-05-18T18:00:00+02:00')
  const on18 = json(await submit(parents[0]!, babySitting([child()])))
  await runJobs()
  const rejected = await read(parents[0]!, on18.id)
  t.same(
    [rejected.status, reasonCodes(rejected)],
    ['rejected', ['HOUSEHOLD_LIMIT_REACHED']],
    '18 May: the DL 18 maximum of 600',
  )
  await freeze('2020-05-19T18:00:00+02:00')
  const on19 = json(await submit(parents[1]!, babySitting([child()])))
  await runJobs()
  t.match(
    await read(parents[1]!, on19.id),
    { status: 'accepted', amountEur: 600 },
    '19 May: 1,200 less the 600 of April',
  )
})

t.test('20 concurrent submissions for one child from two parents on two instances: exactly one 201', async (t) => {
  await freeze(APRIL)
  const household = `RACE-${Date.now()}`
  const parents = [
    await archivePerson(ctx, { positions: PRIVATE, household }),
    await archivePerson(ctx, { positions: PRIVATE, household }),
  ]
  const tokens = await Promise.all(parents.map((cf) => token(cf)))
  const contested = child()
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      [ctx.app, second.app][Math.floor(i / 2) % 2]!.inject({
        method: 'POST',
        url: '/api/v1/applications',
        headers: bearer(tokens[i % 2]!),
        payload: babySitting([contested]),
      }),
    ),
  )
  const statuses = answers.map((r) => r.statusCode)
  t.equal(statuses.filter((s) => s === 201).length, 1, 'one application')
  t.ok(
    answers.every(
      (r) =>
        r.statusCode === 201 ||
        (r.statusCode === 409 && ['CHILD_ALREADY_CLAIMED', 'DUPLICATE_APPLICATION'].includes(json(r).code)),
    ),
    `the others 409: ${statuses.join(',')}`,
  )
  t.ok(
    answers.some((r) => json(r).code === 'CHILD_ALREADY_CLAIMED'),
    'the other parent is told the child is claimed',
  )
  const rows = await db
    .selectFrom('child_claims')
    .selectAll()
    .where('child_codice_fiscale', '=', contested.codiceFiscale)
    .execute()
  t.equal(rows.length, 1)
  const applications = await db.selectFrom('applications').select('id').where('codice_fiscale', 'in', parents).execute()
  t.same(
    applications.map((a) => a.id),
    [rows[0]!.application_id],
  )
})

t.test(
  'the fixture household: one parent gets 600, the other HOUSEHOLD_LIMIT_REACHED; the public employee nothing; the disabled 13-year-old counts',
  async (t) => {
    await freeze(APRIL)
    const cf = (note: string) => fixturePerson(note).codiceFiscale
    const childOf = (note: string) => ({ codiceFiscale: cf(note), birthDate: fixturePerson(note).record.birthDate })
    const andrea = json(
      await submit(cf('FAM-COLOMBO (parent): private'), babySitting([childOf('FAM-COLOMBO (child, 7')])),
    )
    const chiara = json(
      await submit(cf('FAM-COLOMBO (parent): Gestione'), babySitting([childOf('FAM-COLOMBO (child, 4')])),
    )
    const giorgio = json(await submit(cf('public employee outside'), babySitting([child()])))
    t.match(
      json(
        await submit(cf('parent of a child with a severe'), babySitting([childOf('child with a severe disability')])),
      ),
      { status: 422, code: 'CHILD_NOT_ELIGIBLE' },
    )
    const laura = json(
      await submit(
        cf('parent of a child with a severe'),
        babySitting([{ ...childOf('child with a severe disability'), severeDisability: true }]),
      ),
    )
    await runJobs()
    t.match(await read(cf('FAM-COLOMBO (parent): private'), andrea.id), { status: 'accepted', amountEur: 600 })
    t.same(reasonCodes(await read(cf('FAM-COLOMBO (parent): Gestione'), chiara.id)), ['HOUSEHOLD_LIMIT_REACHED'])
    t.same(reasonCodes(await read(cf('public employee outside'), giorgio.id)), ['CATEGORY_NOT_ELIGIBLE'])
    t.match(await read(cf('parent of a child with a severe'), laura.id), {
      status: 'accepted',
      amountEur: 600,
      children: [{ severeDisability: true }],
    })
  },
)

t.test(
  'two evaluations of one household at once: the second waits for the first and gets what is left',
  { skip: !process.env.DATABASE_URL && 'needs two connections (Postgres)' },
  async (t) => {
    await freeze(APRIL)
    const household = `LOCK-${Date.now()}`
    const parents = [
      await archivePerson(ctx, { positions: PRIVATE, household }),
      await archivePerson(ctx, { positions: PRIVATE, household }),
    ]
    const ids: string[] = []
    for (const cf of parents) ids.push(json(await submit(cf, babySitting([child()]))).id)
    const rows = await db
      .selectFrom('applications')
      .select(['id', 'codice_fiscale', 'submitted_at'])
      .where('id', 'in', ids)
      .execute()
    const [a, b] = ids.map((id) => rows.find((r) => r.id === id)!)
    const evaluate = async (trx: Transaction<Database>, row: typeof a) => {
      const person = await findArchivedPerson(trx, row!.codice_fiscale)
      const granted = await grantedToHouseholdLocked(trx, 'bonus-baby-sitting', row!.codice_fiscale, person)
      return evaluateBabySitting(person?.positions as Positions, true, romeDate(row!.submitted_at), granted)
    }
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let granted!: () => void
    const firstGranted = new Promise<void>((resolve) => {
      granted = resolve
    })
    const first = db.transaction().execute(async (trx) => {
      const verdict = await evaluate(trx, a)
      await trx
        .updateTable('applications')
        .set({ status: 'accepted', amount_eur: 600 })
        .where('id', '=', a!.id)
        .execute()
      granted()
      await held
      return verdict
    })
    await firstGranted
    let secondDone = false
    const second = db.transaction().execute(async (trx) => {
      const verdict = await evaluate(trx, b)
      secondDone = true
      return verdict
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    t.notOk(secondDone, 'the second evaluation waits for the household lock')
    release()
    t.same(await first, { eligible: true, amountEur: 600 })
    t.same(await second, { eligible: false, reasons: ['HOUSEHOLD_LIMIT_REACHED'] }, 'it sees the 600 granted meanwhile')
  },
)

t.test(
  'the baby-sitting budget: past the cap, FONDI_ESAURITI in protocol order (last: it leaves the cap set)',
  async (t) => {
    await freeze(APRIL)
    t.equal((await ctx.emulator('PUT', '/emulator/budgets/bonus-baby-sitting', { capEur: 1200 })).statusCode, 200)
    const parents = [
      await archivePerson(ctx, { positions: PRIVATE }),
      await archivePerson(ctx, { positions: HEALTH }),
      await archivePerson(ctx, { positions: PRIVATE }),
    ]
    const ids = []
    for (const cf of parents) ids.push(json(await submit(cf, babySitting([child()]))).id as string)
    await runJobs()
    t.match(await read(parents[0]!, ids[0]!), { status: 'accepted', amountEur: 600 })
    t.same(reasonCodes(await read(parents[1]!, ids[1]!)), ['FONDI_ESAURITI'], '600 + 1000 does not fit in 1200')
    t.match(await read(parents[2]!, ids[2]!), { status: 'accepted', amountEur: 600 }, 'the next one, 600, still fits')
    t.match(json(await ctx.emulator('GET', '/emulator/budgets')).items, [
      { benefitCode: 'bonus-baby-sitting', capEur: 1200, grantedEur: 1200 },
    ])
  },
)
