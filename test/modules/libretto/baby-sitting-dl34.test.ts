import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import type { AuthLevel } from '../../../src/core/auth/auth.types.js'
import { archivePerson, babySitting, child, HEALTH, PRIVATE, PUBLIC } from './libretto.factories.js'

// docs/rules.md §13: the DL 34 increase (a second application, the same child included) and the claims
// of rejected applications.
const ctx = await setupTestApp(t)
const db = ctx.database.db
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string, authLevel: AuthLevel = 'spid_l2') =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel })).accessToken
const post = async (cf: string, url: string, payload?: object) =>
  ctx.app.inject({ method: 'POST', url, headers: bearer(await token(cf)), ...(payload ? { payload } : {}) })
const submit = (cf: string, body: object) => post(cf, '/api/v1/applications', body)
const read = async (cf: string, id: string) =>
  json(await ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(await token(cf)) }))
const runJobs = () => ctx.emulator('POST', '/emulator/jobs/run')
const claimsOf = (childCf: string) =>
  db
    .selectFrom('child_claims')
    .select(['application_id', 'round'])
    .where('child_codice_fiscale', '=', childCf)
    .orderBy('claimed_at')
    .execute()

const APRIL = '2020-04-06T18:00:00+02:00'
const JUNE = '2020-06-05T18:00:00+02:00'

t.test(
  'DL 34: the same parent applies again for the same child and gets the rest; a third application in the round is 409',
  async (t) => {
    for (const [label, positions, first, rest] of [
      ['private employee', PRIVATE, 600, 600],
      ['health staff', HEALTH, 1000, 1000],
    ] as const) {
      await freeze(APRIL)
      const parent = await archivePerson(ctx, { positions })
      const kid = child()
      const april = await submit(parent, babySitting([kid]))
      t.equal(april.statusCode, 201, `${label}: April`)
      await runJobs()
      t.match(await read(parent, json(april).id), { status: 'accepted', amountEur: first })
      t.equal((await post(parent, `/api/v1/applications/${json(april).id}/libretto-famiglia`)).statusCode, 200)

      await freeze(JUNE)
      const june = await submit(parent, babySitting([kid]))
      t.equal(june.statusCode, 201, `${label}: the same parent and child under DL 34`)
      for (const body of [babySitting([kid]), babySitting([child()])]) {
        t.match(
          json(await submit(parent, body)),
          { status: 409, code: 'DUPLICATE_APPLICATION' },
          `${label}: one application per round`,
        )
      }
      await runJobs()
      t.match(
        await read(parent, json(june).id),
        { status: 'accepted', amountEur: rest },
        `${label}: the maximum less what April granted`,
      )
      t.same(
        (await claimsOf(kid.codiceFiscale)).map((c) => [c.application_id, c.round]),
        [
          [json(april).id, ''],
          [json(june).id, 'dl34'],
        ],
        'the child is claimed once per round',
      )
      const takeUp = json(await post(parent, `/api/v1/applications/${json(june).id}/libretto-famiglia`))
      t.match(takeUp, { status: 'registered', creditEur: first + rest }, 'the increase goes on the same libretto')
      t.match(
        json(await post(parent, `/api/v1/applications/${json(june).id}/libretto-famiglia`)),
        { creditEur: first + rest },
        'taking it up again adds nothing',
      )
      t.match(
        await db
          .selectFrom('libretti')
          .select('credit_cents')
          .where('codice_fiscale', '=', parent)
          .executeTakeFirstOrThrow(),
        { credit_cents: (first + rest) * 100 },
      )
    }
  },
)

t.test('a rejected application lets its child go; its riesame takes the child back or is refused', async (t) => {
  await freeze(APRIL)
  const household = `REL-${Date.now()}`
  const publicEmployee = await archivePerson(ctx, { positions: PUBLIC, household })
  const otherParent = await archivePerson(ctx, { positions: PRIVATE, household })
  const contested = child()
  const refused = json(await submit(publicEmployee, babySitting([contested])))
  await runJobs()
  t.match(await read(publicEmployee, refused.id), { status: 'rejected', reasons: [{ code: 'CATEGORY_NOT_ELIGIBLE' }] })
  t.same(await claimsOf(contested.codiceFiscale), [], 'the rejection released the claim')
  const taken = await submit(otherParent, babySitting([contested]))
  t.equal(taken.statusCode, 201, 'the other parent may now name the child')
  await runJobs()
  t.match(await read(otherParent, json(taken).id), { status: 'accepted', amountEur: 600 })

  await freeze('2020-06-02T18:00:00+02:00')
  const riesame = `/api/v1/applications/${refused.id}/riesame`
  t.match(
    json(await post(publicEmployee, riesame, { note: 'Sono dipendente privato' })),
    { status: 409, code: 'CHILD_ALREADY_CLAIMED' },
    'the child is the other application now',
  )
  t.match(
    await db
      .selectFrom('applications')
      .select(['status', 'riesame_requested_at'])
      .where('id', '=', refused.id)
      .executeTakeFirstOrThrow(),
    { status: 'rejected', riesame_requested_at: null },
    'nothing changed',
  )
  t.same(
    (await claimsOf(contested.codiceFiscale)).map((c) => c.application_id),
    [json(taken).id],
  )

  // Nobody took this one's child: the riesame claims it again, and an accepted riesame keeps it.
  await freeze(APRIL)
  const applicant = await archivePerson(ctx, { positions: PUBLIC })
  const kid = child()
  const rejected = json(await submit(applicant, babySitting([kid])))
  await runJobs()
  t.same(await claimsOf(kid.codiceFiscale), [])
  await freeze('2020-06-02T18:00:00+02:00')
  const intruder = await archivePerson(ctx, { positions: PRIVATE })
  t.equal(
    (await post(intruder, `/api/v1/applications/${rejected.id}/riesame`, { note: 'x' })).statusCode,
    404,
    "another person's token finds nothing",
  )
  t.same(await claimsOf(kid.codiceFiscale), [], 'and claims nothing')
  const {
    codiceFiscale: _,
    updatedAt: __,
    ...record
  } = json(await ctx.emulator('GET', `/emulator/persons/${applicant}`))
  t.equal(
    (await ctx.emulator('PUT', `/emulator/persons/${applicant}`, { ...record, positions: PRIVATE })).statusCode,
    200,
  )
  const asked = await post(applicant, `/api/v1/applications/${rejected.id}/riesame`, { note: 'Dipendente privato' })
  t.equal(asked.statusCode, 202)
  t.same(
    (await claimsOf(kid.codiceFiscale)).map((c) => c.application_id),
    [rejected.id],
    'reopened, it holds the child again',
  )
  await runJobs()
  t.match(await read(applicant, rejected.id), { status: 'accepted', amountEur: 600, riesame: { outcome: 'accepted' } })
  t.same(
    (await claimsOf(kid.codiceFiscale)).map((c) => [c.application_id, c.round]),
    [[rejected.id, '']],
    'accepted, it keeps the child',
  )
})

t.test('applications close at the end of 31 August 2020 (L. 77/2020); the setting moves the day', async (t) => {
  const parent = await archivePerson(ctx, { positions: PRIVATE })
  await freeze('2020-08-31T23:30:00+02:00')
  const catalogue = json(await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' }))
  t.match(
    catalogue.items.find((b: { code: string }) => b.code === 'bonus-baby-sitting'),
    { closesAt: '2020-09-01T00:00:00+02:00' },
  )
  await freeze('2020-09-01T00:30:00+02:00')
  const late = await archivePerson(ctx, { positions: PRIVATE })
  for (const cf of [parent, late]) {
    t.match(json(await submit(cf, babySitting([child()]))), {
      status: 403,
      code: 'APPLICATION_PERIOD_CLOSED',
      closedAt: '2020-09-01T00:00:00+02:00',
    })
  }
  await freeze('2020-11-10T18:00:00+01:00')
  t.match(json(await submit(late, babySitting([child()]))), { status: 403, code: 'APPLICATION_PERIOD_CLOSED' })
  t.equal(
    (await db.selectFrom('applications').select('id').where('codice_fiscale', 'in', [parent, late]).execute()).length,
    0,
  )
  await freeze('2020-08-31T23:30:00+02:00')
  t.equal((await submit(parent, babySitting([child()]))).statusCode, 201, 'the last evening is in time')

  const july = await setupTestApp(t, { BABY_SITTING_LAST_DAY: '2020-07-31' }, ctx.database)
  await freeze('2020-08-01T18:00:00+02:00')
  const res = await july.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: bearer(await token(late)),
    payload: babySitting([child()]),
  })
  t.match(json(res), { status: 403, code: 'APPLICATION_PERIOD_CLOSED', closedAt: '2020-08-01T00:00:00+02:00' })
})
