import t from 'tap'
import type { Transaction } from 'kysely'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import type { Database } from '../../../src/db/database.js'
import { findArchivedPerson } from '../../../src/core/archive/persons.service.js'
import { alternativesOfHouseholdLocked } from '../../../src/modules/application/baby-sitting.service.js'
import { archivePerson, babySitting, child, PRIVATE } from '../libretto/libretto.factories.js'
import { IBAN } from './applicant.factories.js'

// docs/rules.md §19: the congedo COVID — its windows, the household's days, 50 % of pay, the alternative
// to the baby-sitting bonus, the patronato.
const ctx = await setupTestApp(t)
// A second instance on the same database, for the races.
const second = await setupTestApp(t, {}, ctx.database)
const db = ctx.database.db
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const submit = async (cf: string, body: object, app = ctx.app) =>
  app.inject({ method: 'POST', url: '/api/v1/applications', headers: bearer(await token(cf)), payload: body })
const read = async (cf: string, id: string) =>
  json(await ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(await token(cf)) }))
const payments = async (cf: string) =>
  (
    json(await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await token(cf)) }))
      .items as Array<Record<string, unknown>>
  )
    .map((p) => `${p.benefitCode} ${p.period} ${p.amountEur}`)
    .sort()
const runJobs = () => ctx.emulator('POST', '/emulator/jobs/run')
const at = (day: string) => `${day}T17:00:00+02:00`

const EMPLOYEE = (dailyPayEur = 80) => ({ employee: { ...PRIVATE.employee, dailyPayEur } })
const parent = (options: { household?: string; dailyPayEur?: number; positions?: Record<string, unknown> } = {}) =>
  archivePerson(ctx, {
    positions: options.positions ?? EMPLOYEE(options.dailyPayEur),
    bankIban: IBAN,
    ...(options.household ? { household: options.household } : {}),
  })
const congedo = (periods: Array<[string, string]>, kids: unknown[] = [child()]) => ({
  benefitCode: 'congedo-covid',
  payment: { method: 'iban', iban: IBAN },
  declarations: { truthfulness: true, otherParentNotBenefiting: true },
  children: kids,
  periods: periods.map(([from, to]) => ({ from, to })),
})
/** Submits, runs the evaluation, and returns the application as its owner reads it. */
async function decided(cf: string, body: object) {
  const res = await submit(cf, body)
  if (res.statusCode !== 201) throw new Error(`submission refused: ${res.body}`)
  await runJobs()
  return read(cf, json(res).id)
}

t.test('the window of each filing day, each side of its last day (msg 1516, 1648, 2110, 2902)', async (t) => {
  await freeze(at('2020-03-28'))
  t.match(json(await submit(await parent(), congedo([['2020-03-16', '2020-03-20']]))), {
    status: 403,
    code: 'APPLICATION_PERIOD_NOT_OPEN',
    opensAt: '2020-03-29T00:00:00+01:00',
  })
  const cases: Array<[string, string, string]> = [
    ['2020-04-06', '2020-04-03', '2020-04-04'],
    ['2020-04-07', '2020-04-13', '2020-04-14'],
    ['2020-04-16', '2020-05-03', '2020-05-04'],
    ['2020-05-20', '2020-05-03', '2020-05-04'],
    ['2020-05-21', '2020-07-31', '2020-08-01'],
    ['2020-07-20', '2020-07-31', '2020-08-01'],
    ['2020-07-21', '2020-08-31', '2020-09-01'],
    ['2020-10-01', '2020-08-31', '2020-09-01'],
  ]
  for (const [filed, last, after] of cases) {
    await freeze(at(filed))
    const cf = await parent()
    t.match(
      json(
        await submit(
          cf,
          congedo([
            ['2020-03-05', '2020-03-06'],
            [after, after],
          ]),
        ),
      ),
      { status: 422, code: 'PERIOD_OUTSIDE_WINDOW', errors: [{ field: '/periods/1' }] },
      `filed ${filed}: ${after} is out`,
    )
    t.equal((await submit(cf, congedo([[last, last]]))).statusCode, 201, `filed ${filed}: ${last} is in`)
  }
  const cf = await parent()
  t.match(json(await submit(cf, congedo([['2020-03-04', '2020-03-06']]))), { code: 'PERIOD_OUTSIDE_WINDOW' })
})

t.test('the body: periods, children, declarations; other benefits take no periods', async (t) => {
  await freeze(at('2020-04-02'))
  const cf = await parent()
  const body = congedo([['2020-03-16', '2020-03-20']])
  const { periods, ...withoutPeriods } = body
  t.ok(periods)
  t.match(json(await submit(cf, withoutPeriods)), { status: 422, code: 'PERIODS_REQUIRED' })
  t.match(json(await submit(cf, { ...body, periods: [] })), { status: 400, code: 'VALIDATION_ERROR' })
  t.match(json(await submit(cf, congedo([['2020-03-20', '2020-03-16']]))), { status: 422, code: 'INVALID_PERIOD' })
  t.match(
    json(
      await submit(
        cf,
        congedo([
          ['2020-03-16', '2020-03-20'],
          ['2020-03-20', '2020-03-24'],
        ]),
      ),
    ),
    { status: 422, code: 'INVALID_PERIOD' },
    'overlapping periods',
  )
  t.match(json(await submit(cf, congedo([['2020-03-16', '2020-03-20']], []))), { status: 400 })
  const { children, ...withoutChildren } = body
  t.ok(children)
  t.match(json(await submit(cf, withoutChildren)), { status: 422, code: 'CHILDREN_REQUIRED' })
  t.match(json(await submit(cf, congedo([['2020-03-16', '2020-03-20']], [child('2008-03-05')]))), {
    status: 422,
    code: 'CHILD_NOT_ELIGIBLE',
  })
  t.match(json(await submit(cf, { ...body, declarations: { truthfulness: true } })), {
    status: 422,
    code: 'MISSING_DECLARATION',
  })
  t.match(json(await submit(cf, { ...babySitting([child()]), periods: body.periods })), {
    status: 422,
    code: 'PERIODS_NOT_ALLOWED',
  })
  t.match(
    json(await submit(cf, { ...body, periods: [{ from: '2020-03-16', to: '2020-03-20', hours: 3 }] })),
    { status: 400, code: 'VALIDATION_ERROR' },
    'no hourly leave',
  )
})

t.test('50 % of the daily pay for each day, paid month by month to the cent', async (t) => {
  await freeze(at('2020-04-02'))
  const cf = await parent({ dailyPayEur: 75.5 })
  const kid = child()
  const application = await decided(
    cf,
    congedo(
      [
        ['2020-03-26', '2020-03-31'],
        ['2020-04-01', '2020-04-03'],
      ],
      [kid],
    ),
  )
  t.match(application, {
    status: 'accepted',
    amountEur: 339.75,
    periods: [
      { from: '2020-03-26', to: '2020-03-31' },
      { from: '2020-04-01', to: '2020-04-03' },
    ],
    children: [{ codiceFiscale: kid.codiceFiscale }],
  })
  t.same(await payments(cf), ['congedo-covid 2020-03 226.5', 'congedo-covid 2020-04 113.25'], '6 and 3 days at 37.75')
  const mail = await db
    .selectFrom('outbox')
    .select('body')
    .where('codice_fiscale', '=', cf)
    .where('subject', 'like', '%accolta')
    .executeTakeFirstOrThrow()
  t.match(mail.body, /339,75 euro/)
  const claims = await db
    .selectFrom('child_claims')
    .selectAll()
    .where('child_codice_fiscale', '=', kid.codiceFiscale)
    .execute()
  t.same(claims, [], 'the child is the requirement, not a claim')
})

t.test('who: a private employee with a known daily pay, through the days asked for', async (t) => {
  await freeze(at('2020-04-02'))
  const reasons = async (positions: Record<string, unknown>) =>
    (await decided(await parent({ positions }), congedo([['2020-03-16', '2020-03-20']]))).reasons?.map(
      (r: { code: string }) => r.code,
    )
  t.same(await reasons({ employee: { sector: 'public', since: '2010-01-01', dailyPayEur: 90 } }), [
    'NOT_PRIVATE_EMPLOYEE',
  ])
  t.same(await reasons({ employee: { sector: 'private', since: '2020-03-18', dailyPayEur: 90 } }), [
    'NOT_PRIVATE_EMPLOYEE',
  ])
  t.same(await reasons(PRIVATE), ['DAILY_PAY_UNKNOWN'])
})

t.test('the household: 15 days under DL 18, both parents together, never the same days; 30 under DL 34', async (t) => {
  await freeze(at('2020-04-02'))
  const household = `CONG-${Date.now()}`
  const mother = await parent({ household })
  const father = await parent({ household, dailyPayEur: 100 })
  const kid = child()
  t.match(await decided(mother, congedo([['2020-03-16', '2020-03-25']], [kid])), { status: 'accepted', amountEur: 400 })
  t.match(await decided(father, congedo([['2020-03-20', '2020-03-21']], [kid])), {
    status: 'rejected',
    reasons: [{ code: 'LEAVE_DAYS_OVERLAP' }],
  })
  await freeze(at('2020-04-08'))
  const alone = await archivePerson(ctx, { positions: EMPLOYEE(), bankIban: IBAN })
  t.match(
    await decided(alone, congedo([['2020-03-16', '2020-03-31']])),
    {
      status: 'rejected',
      reasons: [{ code: 'LEAVE_DAYS_EXCEEDED' }],
    },
    '16 days in one application',
  )

  // The father's DL 18 application was rejected: his next one is under DL 34 (a new round).
  await freeze(at('2020-05-25'))
  t.match(
    await decided(father, congedo([['2020-04-01', '2020-04-20']], [kid])),
    {
      status: 'accepted',
      amountEur: 1000,
    },
    '10 + 20 = 30 days',
  )
  t.match(
    await decided(mother, congedo([['2020-05-04', '2020-05-04']], [kid])),
    {
      status: 'rejected',
      reasons: [{ code: 'LEAVE_DAYS_EXCEEDED' }],
    },
    'the 31st day',
  )
})

t.test('two parents file at once on two instances: the household maximum holds', async (t) => {
  await freeze(at('2020-04-02'))
  const household = `RACE-${Date.now()}`
  const parents = [await parent({ household }), await parent({ household })]
  const kid = child()
  const answers = await Promise.all([
    submit(parents[0]!, congedo([['2020-03-16', '2020-03-25']], [kid])),
    submit(parents[1]!, congedo([['2020-03-26', '2020-04-03']], [kid]), second.app),
  ])
  t.same(
    answers.map((a) => a.statusCode),
    [201, 201],
    'both parents may name the same child',
  )
  await Promise.all([runJobs(), second.emulator('POST', '/emulator/jobs/run')])
  const statuses = await Promise.all(answers.map((a, i) => read(parents[i]!, json(a).id)))
  t.same(statuses.map((s) => s.status).sort(), ['accepted', 'rejected'])
  t.match(
    statuses.find((s) => s.status === 'rejected'),
    { reasons: [{ code: 'LEAVE_DAYS_EXCEEDED' }] },
  )
})

t.test(
  'the congedo and the bonus share one household lock: the second evaluation waits and sees the first',
  { skip: !process.env.DATABASE_URL && 'needs two connections (Postgres)' },
  async (t) => {
    await freeze(at('2020-04-02'))
    const household = `ALTLOCK-${Date.now()}`
    const [a, b] = [await parent({ household }), await parent({ household })]
    const id = json(await submit(a, congedo([['2020-03-16', '2020-03-20']]))).id
    const weigh = async (trx: Transaction<Database>, cf: string) =>
      alternativesOfHouseholdLocked(
        trx,
        'cura-figli-covid',
        ['congedo-covid', 'bonus-baby-sitting'],
        cf,
        await findArchivedPerson(trx, cf),
      )
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let locked!: () => void
    const firstLocked = new Promise<void>((resolve) => (locked = resolve))
    const first = db.transaction().execute(async (trx) => {
      await weigh(trx, a)
      await trx.updateTable('applications').set({ status: 'accepted', amount_eur: 200 }).where('id', '=', id).execute()
      locked()
      await held
    })
    await firstLocked
    let secondDone = false
    const other = db.transaction().execute(async (trx) => {
      const seen = await weigh(trx, b)
      secondDone = true
      return seen
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    t.notOk(secondDone, 'the bonus of the other parent waits for the household')
    release()
    await first
    t.match(await other, [{ benefitCode: 'congedo-covid', codiceFiscale: a, periods: [{ from: '2020-03-16' }] }])
  },
)

t.test('DL 18: the congedo and the bonus exclude each other, in both orders', async (t) => {
  await freeze(at('2020-04-02'))
  const first = `ALT18A-${Date.now()}`
  const [leaveParent, bonusParent] = [await parent({ household: first }), await parent({ household: first })]
  t.equal((await decided(leaveParent, congedo([['2020-03-16', '2020-03-17']]))).status, 'accepted')
  t.match(await decided(bonusParent, babySitting([child()])), {
    status: 'rejected',
    reasons: [{ code: 'CONGEDO_COVID_GRANTED' }],
  })
  const other = `ALT18B-${Date.now()}`
  const [bonusFirst, leaveAfter] = [await parent({ household: other }), await parent({ household: other })]
  t.match(await decided(bonusFirst, babySitting([child()])), { status: 'accepted', amountEur: 600 })
  t.match(await decided(leaveAfter, congedo([['2020-03-16', '2020-03-17']])), {
    status: 'rejected',
    reasons: [{ code: 'BONUS_BABY_SITTING_GRANTED' }],
  })
})

t.test(
  'DL 34 (circ. 73 and 81/2020): up to 15 days leave half the bonus, and 600 euro of bonus half the days',
  async (t) => {
    await freeze(at('2020-05-25'))
    const short = `ALT34A-${Date.now()}`
    const [a1, a2] = [await parent({ household: short }), await parent({ household: short })]
    t.equal((await decided(a1, congedo([['2020-03-16', '2020-03-30']]))).status, 'accepted', '15 days')
    t.match(await decided(a2, babySitting([child()])), { status: 'accepted', amountEur: 600 }, 'the residual 600')

    const long = `ALT34B-${Date.now()}`
    const [b1, b2] = [await parent({ household: long }), await parent({ household: long })]
    t.equal((await decided(b1, congedo([['2020-03-16', '2020-03-31']]))).status, 'accepted', '16 days')
    t.match(await decided(b2, babySitting([child()])), {
      status: 'rejected',
      reasons: [{ code: 'CONGEDO_COVID_GRANTED' }],
    })

    // The other order: a bonus of 600 euro (DL 18) leaves 15 days; 1,200 euro none.
    await freeze(at('2020-04-02'))
    const half = `ALT34C-${Date.now()}`
    const [c1, c2] = [await parent({ household: half }), await parent({ household: half })]
    t.match(await decided(c1, babySitting([child()])), { status: 'accepted', amountEur: 600 })
    await freeze(at('2020-05-25'))
    t.match(
      await decided(c2, congedo([['2020-05-04', '2020-05-19']])),
      {
        status: 'rejected',
        reasons: [{ code: 'LEAVE_DAYS_EXCEEDED' }],
      },
      '16 days after a 600 euro bonus',
    )
    const c3 = await parent({ household: half })
    t.equal((await decided(c3, congedo([['2020-05-04', '2020-05-18']]))).status, 'accepted', '15 days')

    const full = `ALT34D-${Date.now()}`
    const [d1, d2] = [await parent({ household: full }), await parent({ household: full })]
    t.match(await decided(d1, babySitting([child()])), { status: 'accepted', amountEur: 1200 })
    t.match(await decided(d2, congedo([['2020-05-04', '2020-05-04']])), {
      status: 'rejected',
      reasons: [{ code: 'BONUS_BABY_SITTING_GRANTED' }],
    })
  },
)

t.test('a patronato files it under mandate; another person cannot read it', async (t) => {
  // Patronati file within the intermediaries' window (08:00-16:00).
  await freeze('2020-04-02T10:00:00+02:00')
  const cf = await parent()
  const org = `ORG-CONG-${process.pid}`
  const patronato = (
    await ctx.app.tokens.issueSession({
      subject: `PAT-${org}`,
      role: 'patronato',
      authLevel: 'pin_dispositivo',
      organisationId: org,
    })
  ).accessToken
  const file = () =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/patronato/applications',
      headers: bearer(patronato),
      payload: { codiceFiscale: cf, ...congedo([['2020-03-16', '2020-03-20']]) },
    })
  t.match(json(await file()), { status: 403, code: 'NO_MANDATE' })
  const mandate = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/patronato/mandates',
    headers: bearer(patronato),
    payload: { codiceFiscale: cf },
  })
  t.equal(mandate.statusCode, 201)
  const res = await file()
  t.equal(res.statusCode, 201, res.body)
  t.match(json(res), { channel: 'patronato', benefitCode: 'congedo-covid', periods: [{ from: '2020-03-16' }] })
  await freeze(at('2020-04-02'))
  await runJobs()
  t.match(await read(cf, json(res).id), { status: 'accepted', amountEur: 200 })
  const stranger = await parent()
  const peek = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/applications/${json(res).id}`,
    headers: bearer(await token(stranger)),
  })
  t.equal(peek.statusCode, 404)
})
