import t from 'tap'
import { json, setupTestApp, type TestContext } from '../../helper.js'
import { bearer, fixturePerson, newPerson } from '../../factories.js'
import { createKnownApplications } from '../../../src/modules/application/known-applications.js'
import { IBAN, indemnityBody } from './applicant.factories.js'

const CITIZEN_HOURS = '2020-04-02T17:00:00+02:00'

t.test('what an instance remembers: the newest people within the bound, nothing from before a forget', async (t) => {
  const known = createKnownApplications(2)
  const agricoli = { benefit_code: 'indennita-agricoli', exclusive_group: 'indennita', round: '' }
  known.add('A', agricoli, known.generation())
  known.add('B', agricoli, known.generation())
  known.add('C', agricoli, known.generation())
  t.same(known.of('A'), [], 'the oldest went past the bound')
  t.same(known.of('C'), [agricoli])
  const before = known.generation()
  known.forget()
  t.same(known.of('C'), [], 'a forget empties it')
  known.add('D', agricoli, before)
  known.replace('E', [agricoli], before)
  t.same([known.of('D'), known.of('E')], [[], []], 'work begun before the forget is not kept')
})

const ctx = await setupTestApp(t)
const other = await setupTestApp(t, {}, ctx.database)
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const submit = async (on: TestContext, codiceFiscale: string, benefitCode: string) =>
  on.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: bearer(
      (await on.app.tokens.issueSession({ subject: codiceFiscale, role: 'citizen', authLevel: 'pin_ordinario' }))
        .accessToken,
    ),
    payload: indemnityBody({ method: 'iban', iban: IBAN }, benefitCode),
  })
/** The other instance hears of a reset or a restore through the database, a moment after it. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

t.test('a duplicate is refused with the same reason by the instance that wrote it and by another', async (t) => {
  await freeze(CITIZEN_HOURS)
  const cf = await newPerson(ctx.emulator, { agricultural: { daysWorked2019: 60 } })
  t.equal((await submit(ctx, cf, 'indennita-agricoli')).statusCode, 201)
  for (const [where, on] of [
    ['the instance that wrote it', ctx],
    ['another instance', other],
    ['another instance, again', other],
  ] as const) {
    t.match(json(await submit(on, cf, 'indennita-agricoli')), { status: 409, code: 'DUPLICATE_APPLICATION' }, where)
    t.match(
      json(await submit(on, cf, 'indennita-stagionali-turismo')),
      { status: 409, code: 'INCOMPATIBLE_BENEFIT', conflictingBenefitCode: 'indennita-agricoli' },
      where,
    )
  }
  const rows = await ctx.database.db.selectFrom('applications').select('id').where('codice_fiscale', '=', cf).execute()
  t.equal(rows.length, 1)
})

t.test('after a restore to before the application, both instances accept it again', async (t) => {
  await freeze(CITIZEN_HOURS)
  const [first, second] = [
    await newPerson(ctx.emulator, { agricultural: { daysWorked2019: 60 } }),
    await newPerson(ctx.emulator, { agricultural: { daysWorked2019: 60 } }),
  ]
  t.equal((await ctx.emulator('POST', '/emulator/snapshots', { name: 'before-applying' })).statusCode, 201)
  t.equal((await submit(ctx, first, 'indennita-agricoli')).statusCode, 201)
  t.equal((await submit(other, second, 'indennita-agricoli')).statusCode, 201)
  t.equal((await submit(ctx, first, 'indennita-agricoli')).statusCode, 409, 'remembered')
  t.equal((await submit(other, second, 'indennita-agricoli')).statusCode, 409, 'remembered')
  t.equal((await ctx.emulator('POST', '/emulator/snapshots/before-applying/restore')).statusCode, 200)
  t.equal((await submit(ctx, first, 'indennita-agricoli')).statusCode, 201, 'the restoring instance forgot')
  t.ok(
    await eventually(async () => (await submit(other, second, 'indennita-agricoli')).statusCode === 201),
    'the other instance forgot too',
  )
})

t.test('after a reset, a fixture person who had applied may apply again on every instance', async (t) => {
  const cf = fixturePerson('VAT-registered professional').codiceFiscale
  await freeze(CITIZEN_HOURS)
  t.equal((await submit(ctx, cf, 'indennita-professionisti-cococo')).statusCode, 201)
  t.equal((await submit(other, cf, 'indennita-professionisti-cococo')).statusCode, 409)
  t.equal((await ctx.emulator('POST', '/emulator/reset')).statusCode, 200)
  await freeze(CITIZEN_HOURS)
  t.ok(
    await eventually(async () => {
      const res = await submit(other, cf, 'indennita-professionisti-cococo')
      return res.statusCode === 201
    }),
    'the other instance, which had refused it, accepts it',
  )
  t.equal((await submit(ctx, cf, 'indennita-professionisti-cococo')).statusCode, 409, 'once')
})
