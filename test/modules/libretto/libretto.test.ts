import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { activateTestPin, bearer } from '../../factories.js'
import type { AuthLevel } from '../../../src/core/auth/auth.types.js'
import { archivePerson, babySitting, child, PRIVATE } from './libretto.factories.js'

// docs/rules.md §13: taking the bonus up on the Libretto Famiglia, baby-sitters, work and its payment.
const ctx = await setupTestApp(t)
const db = ctx.database.db
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const session = async (cf: string, authLevel: AuthLevel = 'spid_l2') =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel })).accessToken
const post = (token: string, url: string, payload?: object) =>
  ctx.app.inject({ method: 'POST', url, headers: bearer(token), ...(payload ? { payload } : {}) })
const register = (token: string, applicationId: string) =>
  post(token, `/api/v1/applications/${applicationId}/libretto-famiglia`)
const view = (token: string) =>
  ctx.app.inject({ method: 'GET', url: '/api/v1/libretto-famiglia', headers: bearer(token) })

const ACCEPTED_ON = '2020-04-10T18:00:00+02:00'

/** A parent whose baby-sitting bonus (600 euro) was accepted on ACCEPTED_ON. */
async function acceptedParent(household?: string) {
  await freeze(ACCEPTED_ON)
  const cf = await archivePerson(ctx, { positions: PRIVATE, household })
  const res = await post(await session(cf), '/api/v1/applications', babySitting([child()]))
  if (res.statusCode !== 201) throw new Error(res.body)
  await ctx.emulator('POST', '/emulator/jobs/run')
  return { cf, applicationId: json(res).id as string }
}

/** A parent with the bonus on the libretto and one baby-sitter registered. */
async function librettoWithSitter(sitterOptions: Parameters<typeof archivePerson>[1] = {}) {
  const parent = await acceptedParent()
  await freeze('2020-04-12T18:00:00+02:00')
  const token = await session(parent.cf)
  if ((await register(token, parent.applicationId)).statusCode !== 200) throw new Error('registration failed')
  const sitter = await archivePerson(ctx, sitterOptions)
  const added = await post(token, '/api/v1/libretto-famiglia/prestatori', {
    codiceFiscale: sitter,
    firstName: 'Giovanni',
    lastName: 'Ferri',
  })
  if (added.statusCode !== 201) throw new Error(added.body)
  return { ...parent, sitter }
}

t.test('take-up needs an accepted bonus and dispositive credentials', async (t) => {
  await freeze('2020-04-10T17:00:00+02:00')
  const cf = await archivePerson(ctx, { positions: PRIVATE })
  const submitted = json(await post(await session(cf), '/api/v1/applications', babySitting([child()])))
  t.match(json(await register(await session(cf), submitted.id)), { status: 409, code: 'APPLICATION_NOT_ACCEPTED' })
  t.match(json(await register(await session(cf, 'pin_semplificato'), submitted.id)), {
    status: 403,
    code: 'SECOND_HALF_REQUIRED',
  })
  await ctx.emulator('POST', '/emulator/jobs/run')
  t.match(json(await register(await session(cf, 'pin_ordinario'), submitted.id)), {
    status: 403,
    code: 'DISPOSITIVO_REQUIRED',
  })
  t.match(
    json(await view(await session(cf))),
    { status: 404, code: 'LIBRETTO_NOT_FOUND' },
    'nothing on the libretto yet',
  )
  const res = await register(await session(cf, 'cie'), submitted.id)
  t.equal(res.statusCode, 200)
  t.same(json(res), {
    status: 'registered',
    creditEur: 600,
    appropriateBy: '2020-04-25',
    registeredAt: json(res).registeredAt,
  })
  t.same(json(await register(await session(cf, 'spid_l3'), submitted.id)), json(res), 'asking again answers the same')
  const outcome = json(await ctx.emulator('GET', `/emulator/outbox?codiceFiscale=${cf}`)).items.find(
    (m: { subject: string }) => m.subject.includes('accolta'),
  )
  t.match(
    outcome.body,
    /Libretto Famiglia: lo accetti online \(appropriazione\) entro il 25\/04\/2020/,
    'the acceptance notice gives the deadline',
  )
  const row = await db.selectFrom('libretti').selectAll().where('codice_fiscale', '=', cf).executeTakeFirstOrThrow()
  t.match(row, { application_id: submitted.id, credit_cents: 60000, used_cents: 0 })
  t.match(
    json(await view(await session(cf, 'pin_ordinario'))),
    { creditEur: 600, usedEur: 0, prestatori: [], prestazioni: [] },
    'reading needs an activated PIN only',
  )
  t.match(json(await view(await session(cf, 'pin_semplificato'))), { status: 403, code: 'SECOND_HALF_REQUIRED' })
})

t.test('a PIN ordinario session of a credential raised to dispositivo counts as dispositivo', async (t) => {
  const parent = await acceptedParent()
  const { accessToken } = await activateTestPin(ctx.app, parent.cf, 'L1BR3TT0', 'dispositivo')
  t.equal((await register(accessToken, parent.applicationId)).statusCode, 200)
})

t.test('15 calendar days from the acceptance: the 15th day is in time, the 16th is not', async (t) => {
  const onTime = await acceptedParent()
  const late = await acceptedParent()
  await freeze('2020-04-25T23:30:00+02:00')
  t.match(json(await register(await session(onTime.cf), onTime.applicationId)), {
    status: 'registered',
    appropriateBy: '2020-04-25',
  })
  await freeze('2020-04-26T00:30:00+02:00')
  t.match(json(await register(await session(late.cf), late.applicationId)), {
    status: 409,
    code: 'APPROPRIATION_DEADLINE_PASSED',
    appropriateBy: '2020-04-25',
  })
  t.equal(
    await db.selectFrom('libretti').select('codice_fiscale').where('codice_fiscale', '=', late.cf).executeTakeFirst(),
    undefined,
  )
  t.equal(
    (await register(await session(onTime.cf), onTime.applicationId)).statusCode,
    200,
    'once taken up, asking later still answers',
  )
})

t.test('baby-sitters: not a member of the household, once each', async (t) => {
  const household = `LIB-${Date.now()}`
  const parent = await acceptedParent(household)
  const partner = await archivePerson(ctx, { positions: PRIVATE, household })
  await freeze('2020-04-12T18:00:00+02:00')
  const token = await session(parent.cf)
  const add = (codiceFiscale: string) =>
    post(token, '/api/v1/libretto-famiglia/prestatori', { codiceFiscale, firstName: 'Nome', lastName: 'Cognome' })
  t.match(json(await add(partner)), { status: 404, code: 'LIBRETTO_NOT_FOUND' }, 'the bonus is not taken up yet')
  await register(token, parent.applicationId)
  t.match(json(await add(partner)), { status: 422, code: 'PRESTATORE_COHABITING' })
  t.match(json(await add(parent.cf)), { status: 422, code: 'PRESTATORE_COHABITING' }, 'nor the applicant')
  const sitter = await archivePerson(ctx)
  const added = await add(sitter)
  t.equal(added.statusCode, 201)
  t.match(json(added), { codiceFiscale: sitter, firstName: 'Nome', lastName: 'Cognome' })
  t.match(json(await add(sitter)), { status: 409, code: 'PRESTATORE_ALREADY_REGISTERED' })
  t.match(
    json(
      await post(await session(parent.cf, 'pin_ordinario'), '/api/v1/libretto-famiglia/prestatori', {
        codiceFiscale: await archivePerson(ctx),
        firstName: 'A',
        lastName: 'B',
      }),
    ),
    { status: 403, code: 'DISPOSITIVO_REQUIRED' },
  )
})

t.test(
  'work is paid in titles of 10 euro, one an hour at least: 8 net to the baby-sitter, the credit spent gross',
  async (t) => {
    const { sitter, cf } = await librettoWithSitter()
    await freeze('2020-04-20T18:00:00+02:00')
    const token = await session(cf)
    const work = (amountEur: number, hours = 4) =>
      post(token, '/api/v1/libretto-famiglia/prestazioni', {
        prestatoreCodiceFiscale: sitter,
        date: '2020-04-20',
        hours,
        amountEur,
      })
    t.match(json(await work(333.33, 1)), {
      status: 422,
      code: 'AMOUNT_NOT_IN_TITLES',
      errors: [{ field: '/amountEur' }],
    })
    t.match(json(await work(15, 1)), { status: 422, code: 'AMOUNT_NOT_IN_TITLES' })
    t.match(json(await work(30, 4)), { status: 422, code: 'TOO_FEW_TITLES', minimumEur: 40 }, 'four hours take 40 euro')
    t.match(json(await work(10.005)), { status: 422, code: 'INVALID_AMOUNT' })
    const first = await work(40)
    t.equal(first.statusCode, 201)
    t.same(
      { ...json(first), id: undefined, enteredAt: undefined },
      {
        prestatoreCodiceFiscale: sitter,
        date: '2020-04-20',
        hours: 4,
        amountEur: 40,
        titles: 4,
        netEur: 32,
        charges: { gestioneSeparataEur: 6.6, inailEur: 1, managementEur: 0.4 },
        paymentDate: '2020-05-15',
        id: undefined,
        enteredAt: undefined,
      },
      'the split of four titles',
    )
    t.match(json(await work(100, 1)), { titles: 10, netEur: 80 }, 'more titles than hours are allowed')
    t.equal((await work(450)).statusCode, 201)
    t.match(json(await work(20, 1)), { status: 409, code: 'INSUFFICIENT_CREDIT', availableEur: 10 })
    t.equal((await work(10, 1)).statusCode, 201, 'the last title')
    t.match(json(await work(10, 1)), { status: 409, code: 'INSUFFICIENT_CREDIT', availableEur: 0 })
    const libretto = json(await view(token))
    t.match(libretto, { creditEur: 600, usedEur: 600, availableEur: 0 })
    t.equal(libretto.prestazioni.length, 4)
    t.match(
      await db
        .selectFrom('libretti')
        .select(['used_cents', 'credit_cents'])
        .where('codice_fiscale', '=', cf)
        .executeTakeFirstOrThrow(),
      { used_cents: 60000, credit_cents: 60000 },
    )
    const payments = json(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await session(sitter)) }),
    )
    t.match(
      payments.items,
      [{ benefitCode: 'libretto-famiglia', amountEur: 480 }],
      'the baby-sitter is paid 8 of each 10',
    )
  },
)

t.test('concurrent entries never pass the credit', async (t) => {
  const { sitter, cf } = await librettoWithSitter()
  await freeze('2020-04-20T18:00:00+02:00')
  const token = await session(cf)
  const answers = await Promise.all(
    Array.from({ length: 10 }, () =>
      post(token, '/api/v1/libretto-famiglia/prestazioni', {
        prestatoreCodiceFiscale: sitter,
        date: '2020-04-18',
        hours: 8,
        amountEur: 100,
      }),
    ),
  )
  t.same(answers.map((r) => r.statusCode).sort(), [201, 201, 201, 201, 201, 201, 409, 409, 409, 409])
  const rows = await db.selectFrom('libretto_prestazioni').select('amount_cents').where('libretto', '=', cf).execute()
  t.equal(
    rows.reduce((sum, r) => sum + r.amount_cents, 0),
    60000,
  )
})

t.test('work from 5 March to 31 August 2020, none in the future, entered by 31 December 2020', async (t) => {
  const { sitter, cf } = await librettoWithSitter()
  const work = async (date: string) =>
    post(await session(cf), '/api/v1/libretto-famiglia/prestazioni', {
      prestatoreCodiceFiscale: sitter,
      date,
      hours: 2,
      amountEur: 20,
    })
  await freeze('2020-08-30T18:00:00+02:00')
  t.match(json(await work('2020-08-31')), { status: 422, code: 'WORK_DATE_IN_FUTURE' })
  t.match(json(await work('2020-03-04')), { status: 422, code: 'BEFORE_FIRST_DAY' })
  await freeze('2020-12-31T18:00:00+01:00')
  t.match(json(await work('2020-08-31')), { paymentDate: '2021-01-15' }, '31 August is paid, entered on 31 December')
  for (const date of ['2020-09-01', '2020-10-15', '2020-12-31']) {
    t.match(
      json(await work(date)),
      { status: 422, code: 'AFTER_LAST_DAY', errors: [{ field: '/date' }] },
      `${date}: after the period of the bonus`,
    )
  }
  await freeze('2021-01-01T18:00:00+01:00')
  t.match(json(await work('2020-08-31')), { status: 403, code: 'ENTRY_PERIOD_CLOSED', lastDay: '2020-12-31' })
  t.equal(
    (await db.selectFrom('libretto_prestazioni').select('id').where('libretto', '=', cf).execute()).length,
    1,
    'only the entry in time was written',
  )
  await freeze('2020-12-31T18:00:00+01:00')
  const other = await archivePerson(ctx)
  t.match(
    json(
      await post(await session(cf), '/api/v1/libretto-famiglia/prestazioni', {
        prestatoreCodiceFiscale: other,
        date: '2020-08-31',
        hours: 2,
        amountEur: 20,
      }),
    ),
    { status: 422, code: 'PRESTATORE_NOT_REGISTERED' },
  )
})

t.test(
  'entered by the 3rd: paid on the 15th of the month; from the 4th: on the 15th of the next; the baby-sitter is told and sees it',
  async (t) => {
    const { sitter, cf } = await librettoWithSitter({
      email: 'babysitter@example.it',
      bankIban: 'IT60X0542811101000000123456',
    })
    const work = async (date: string, amountEur: number) =>
      post(await session(cf), '/api/v1/libretto-famiglia/prestazioni', {
        prestatoreCodiceFiscale: sitter,
        date,
        hours: 3,
        amountEur,
      })
    await freeze('2020-06-03T18:00:00+02:00')
    t.match(json(await work('2020-05-29', 30)), { paymentDate: '2020-06-15' })
    t.match(json(await work('2020-06-01', 40)), { paymentDate: '2020-06-15' })
    await freeze('2020-06-04T18:00:00+02:00')
    t.match(json(await work('2020-06-04', 50)), { paymentDate: '2020-07-15' })
    const payments = json(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await session(sitter)) }),
    )
    t.same(
      payments.items.map(
        (p: { period: string; amountEur: number; status: string; benefitCode: string; valueDate: string }) => [
          p.benefitCode,
          p.period,
          p.amountEur,
          p.status,
          p.valueDate,
        ],
      ),
      [
        ['libretto-famiglia', '2020-06', 56, 'scheduled', '2020-06-15'],
        ['libretto-famiglia', '2020-07', 40, 'scheduled', '2020-07-15'],
      ],
      'one payment a month, the net of its titles',
    )
    const outbox = json(await ctx.emulator('GET', `/emulator/outbox?codiceFiscale=${sitter}`))
    t.equal(outbox.items.length, 3)
    t.match(outbox.items[0], {
      channel: 'email',
      recipient: 'babysitter@example.it',
      body: /prestazione di 3 ore del 29\/05\/2020 con 3 titoli da 10 euro: compenso netto di 24,00 euro.*il 15\/06\/2020/,
    })
    await freeze('2020-06-15T18:00:00+02:00')
    await ctx.emulator('POST', '/emulator/jobs/run')
    const after = json(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await session(sitter)) }),
    )
    t.same(
      after.items.map((p: { status: string }) => p.status),
      ['paid', 'scheduled'],
      'paid on the 15th',
    )
  },
)

t.test("another household's token reaches nothing on any Libretto route", async (t) => {
  const owner = await librettoWithSitter()
  await freeze('2020-04-20T18:00:00+02:00')
  t.equal(
    (
      await post(await session(owner.cf), '/api/v1/libretto-famiglia/prestazioni', {
        prestatoreCodiceFiscale: owner.sitter,
        date: '2020-04-20',
        hours: 1,
        amountEur: 10,
      })
    ).statusCode,
    201,
  )
  const intruder = await acceptedParent()
  await freeze('2020-04-20T18:00:00+02:00')
  const token = await session(intruder.cf)
  const answers = [
    await register(token, owner.applicationId),
    await view(token),
    await post(token, '/api/v1/libretto-famiglia/prestatori', {
      codiceFiscale: owner.sitter,
      firstName: 'X',
      lastName: 'Y',
    }),
    await post(token, '/api/v1/libretto-famiglia/prestazioni', {
      prestatoreCodiceFiscale: owner.sitter,
      date: '2020-04-20',
      hours: 1,
      amountEur: 10,
    }),
  ]
  t.same(
    answers.map((r) => r.statusCode),
    [404, 404, 404, 404],
  )
  for (const r of answers) {
    t.notOk(r.body.includes(owner.cf) || r.body.includes(owner.sitter), "no codice fiscale of the owner's libretto")
    t.equal(r.headers['cache-control'], 'no-store')
  }
  t.match(
    json(await view(await session(owner.cf))),
    { usedEur: 10, prestazioni: [{ amountEur: 10 }] },
    "the owner's libretto is as it was",
  )
  t.equal(
    await db
      .selectFrom('libretti')
      .select('codice_fiscale')
      .where('codice_fiscale', '=', intruder.cf)
      .executeTakeFirst(),
    undefined,
  )
})
