import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import type { AuthLevel } from '../../../src/core/auth/auth.types.js'
import { archivePerson, babySitting, child, HEALTH, PRIVATE, PUBLIC } from './libretto.factories.js'
import { multipart, PDF, PNG } from '../credential/credential.factories.js'

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

const IBAN = 'IT60X0542811101000000123456'
const JULY = { from: '2020-07-06', to: '2020-07-31' }
const summerCentres = (children: unknown[], centriEstivi: unknown, payment: unknown = { method: 'post_office' }) =>
  babySitting(children, { use: 'centri_estivi', payment, centriEstivi })
const sendDocuments = async (cf: string, id: string, parts: Parameters<typeof multipart>[0]) => {
  const body = multipart(parts)
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/applications/${id}/documents`,
    headers: { ...bearer(await token(cf)), ...body.headers },
    payload: body.payload,
  })
}
const enrolment = {
  name: 'enrolmentDocument',
  content: PDF,
  filename: 'iscrizione.pdf',
  contentType: 'application/pdf',
}

t.test('centri estivi: expense and periods declared, checked before anything is written', async (t) => {
  await freeze(JUNE)
  const cf = await archivePerson(ctx, { positions: PRIVATE })
  const refusals: Array<[string, object, string, string?]> = [
    [
      'no payment',
      babySitting([child()], { use: 'centri_estivi', centriEstivi: { expenseEur: 300, periods: [JULY] } }),
      'PAYMENT_REQUIRED',
    ],
    [
      'a foreign IBAN',
      summerCentres(
        [child()],
        { expenseEur: 300, periods: [JULY] },
        { method: 'iban_sepa', iban: 'DE89370400440532013000' },
      ),
      'PAYMENT_METHOD_NOT_ALLOWED',
    ],
    [
      'no centriEstivi',
      babySitting([child()], { use: 'centri_estivi', payment: { method: 'post_office' } }),
      'CENTRI_ESTIVI_REQUIRED',
      '/centriEstivi',
    ],
    [
      'centriEstivi for baby-sitting',
      babySitting([child()], { centriEstivi: { expenseEur: 300, periods: [JULY] } }),
      'DETAILS_NOT_ALLOWED',
      '/centriEstivi',
    ],
    [
      'six days',
      summerCentres([child()], { expenseEur: 300, periods: [{ from: '2020-07-06', to: '2020-07-11' }] }),
      'INVALID_CENTRI_ESTIVI_PERIOD',
      '/centriEstivi/periods/0',
    ],
    [
      'into September',
      summerCentres([child()], { expenseEur: 300, periods: [{ from: '2020-08-24', to: '2020-09-04' }] }),
      'INVALID_CENTRI_ESTIVI_PERIOD',
    ],
    [
      'before 5 March',
      summerCentres([child()], { expenseEur: 300, periods: [{ from: '2020-03-01', to: '2020-03-10' }] }),
      'INVALID_CENTRI_ESTIVI_PERIOD',
    ],
    [
      'overlapping',
      summerCentres([child()], { expenseEur: 300, periods: [JULY, { from: '2020-07-27', to: '2020-08-07' }] }),
      'INVALID_CENTRI_ESTIVI_PERIOD',
      '/centriEstivi/periods/1',
    ],
  ]
  for (const [label, body, code, field] of refusals) {
    const answer = json(await submit(cf, body))
    t.match(answer, { status: 422, code }, label)
    if (field) t.match(answer.errors, [{ field }], `${label}: ${field}`)
  }
  for (const [label, centriEstivi] of [
    ['cents', { expenseEur: 300.5, periods: [JULY] }],
    ['no period', { expenseEur: 300, periods: [] }],
    ['13 periods', { expenseEur: 300, periods: Array.from({ length: 13 }, () => JULY) }],
    ['an unknown field', { expenseEur: 300, periods: [JULY], iban: IBAN }],
  ] as const) {
    t.match(
      json(await submit(cf, summerCentres([child()], centriEstivi))),
      { status: 400, code: 'VALIDATION_ERROR' },
      label,
    )
  }
  await freeze(APRIL)
  t.match(
    json(
      await submit(cf, {
        benefitCode: 'indennita-professionisti-cococo',
        payment: { method: 'post_office' },
        declarations: {
          truthfulness: true,
          notPensioner: true,
          noCitizenshipIncome: true,
          noOtherCompulsoryScheme: true,
        },
        centriEstivi: { expenseEur: 300, periods: [JULY] },
      }),
    ),
    { status: 422, code: 'DETAILS_NOT_ALLOWED' },
    'another benefit takes no centriEstivi',
  )
  t.equal((await db.selectFrom('applications').select('id').where('codice_fiscale', '=', cf).execute()).length, 0)
})

t.test(
  'centri estivi by bonifico domiciliato: waits for the enrolment document, then pays the expense declared',
  async (t) => {
    await freeze(JUNE)
    const cf = await archivePerson(ctx, { positions: PRIVATE })
    const centriEstivi = { expenseEur: 480, periods: [{ from: '2020-06-15', to: '2020-06-26' }, JULY] }
    const res = await submit(cf, summerCentres([child()], centriEstivi))
    t.equal(res.statusCode, 201)
    const { id } = json(res)
    t.match(json(res), {
      status: 'awaiting_documents',
      use: 'centri_estivi',
      payment: { method: 'post_office' },
      centriEstivi,
    })
    await runJobs()
    t.match(await read(cf, id), { status: 'awaiting_documents' }, 'not evaluated without the enrolment')
    t.match(
      await db
        .selectFrom('applications')
        .select(['status', 'details', 'documents_required'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
      { status: 'submitted', details: { centriEstivi }, documents_required: true },
    )

    const intruder = await archivePerson(ctx, { positions: PRIVATE })
    t.equal((await sendDocuments(intruder, id, [enrolment])).statusCode, 404, "someone else's application")
    const identity = { name: 'identityDocument', content: PNG, filename: 'id.png', contentType: 'image/png' }
    t.match(
      json(await sendDocuments(cf, id, [identity])),
      { status: 400, code: 'UNEXPECTED_FIELD' },
      'the SEPA documents are not these',
    )
    t.match(json(await sendDocuments(cf, id, [{ ...enrolment, content: Buffer.from('not a pdf') }])), {
      status: 415,
      code: 'UNSUPPORTED_FILE_TYPE',
      field: 'enrolmentDocument',
    })
    const sent = await sendDocuments(cf, id, [enrolment])
    t.equal(sent.statusCode, 202)
    t.match(json(await sendDocuments(cf, id, [enrolment])), { status: 409, code: 'DOCUMENTS_NOT_REQUIRED' }, 'once')
    await runJobs()
    t.match(await read(cf, id), {
      status: 'accepted',
      amountEur: 480,
      use: 'centri_estivi',
      centriEstivi,
      payment: { method: 'post_office', status: 'scheduled' },
    })
    const payments = json(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await token(cf)) }),
    )
    t.match(payments.items, [
      { applicationId: id, benefitCode: 'bonus-baby-sitting', amountEur: 480, status: 'scheduled' },
    ])
  },
)

t.test('centri estivi after 600 euro of baby-sitting: the expense up to what is left; to an IBAN', async (t) => {
  await freeze(APRIL)
  const cf = await archivePerson(ctx, { positions: PRIVATE, bankIban: IBAN })
  const kid = child()
  const april = json(await submit(cf, babySitting([kid])))
  await runJobs()
  t.match(await read(cf, april.id), { amountEur: 600 })
  await freeze(JUNE)
  const res = await submit(
    cf,
    summerCentres([kid], { expenseEur: 1000, periods: [JULY] }, { method: 'iban', iban: IBAN }),
  )
  t.equal(res.statusCode, 201, 'the same parent and child, the DL 34 round')
  t.match(json(res), { payment: { method: 'iban', ibanMasked: 'IT60 **** 3456' }, status: 'awaiting_documents' })
  t.equal(
    (await sendDocuments(cf, json(res).id, [{ ...enrolment, content: PNG, contentType: 'image/png' }])).statusCode,
    202,
  )
  await runJobs()
  t.match(
    await read(cf, json(res).id),
    { status: 'accepted', amountEur: 600, payment: { status: 'scheduled' } },
    '1,200 less the 600 of April, not the 1,000 spent',
  )
  t.match(
    json(await post(cf, `/api/v1/applications/${json(res).id}/libretto-famiglia`)),
    { status: 409, code: 'NOT_BABY_SITTING' },
    'summer centres do not go on the Libretto',
  )
})
