import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { activateTestPin, bearer, newPerson } from '../../factories.js'
import type { Role } from '../../../src/core/auth/auth.types.js'
import { AUDIT_BATCH_MS } from '../../../src/core/audit/audit-batch.service.js'
import { IBAN, indemnityBody } from './applicant.factories.js'

// docs/rules.md §1: every refused submission, on every channel, is in the audit trail with its code.
const ctx = await setupTestApp(t)
const db = ctx.database.db
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const session = async (subject: string, role: Role, organisationId?: string) =>
  (
    await ctx.app.tokens.issueSession({
      subject,
      role,
      authLevel: role === 'citizen' ? 'pin_ordinario' : 'pin_dispositivo',
      organisationId,
    })
  ).accessToken
const post = async (url: string, token: string, payload: object) =>
  ctx.app.inject({ method: 'POST', url, headers: bearer(token), payload })
const trail = async (query: string) =>
  json(await ctx.emulator('GET', `/emulator/audit?action=application.submitted&${query}`)).items as Array<
    Record<string, any>
  >
const entryOf = async (requestId: string) => (await trail('limit=100')).filter((e) => e.requestId === requestId)

t.test('refused on the citizen channel: before the opening, after the closing, outside the window', async (t) => {
  const cf = await newPerson(ctx.emulator, { gestioneSeparata: { kind: 'professionista', activeSince: '2015-01-01' } })
  await freeze('2020-03-31T17:00:00+02:00')
  const early = await post('/api/v1/applications', await session(cf, 'citizen'), indemnityBody())
  t.match(json(early), { status: 403, code: 'APPLICATION_PERIOD_NOT_OPEN' })
  const [entry] = await entryOf(early.headers['x-request-id'] as string)
  t.same(
    { ...entry, id: typeof entry?.id },
    {
      id: 'string',
      occurredAt: '2020-03-31T17:00:00+02:00',
      actorType: 'citizen',
      actorId: cf,
      codiceFiscale: cf,
      channel: 'web',
      action: 'application.submitted',
      outcome: 'failure',
      detail: { code: 'APPLICATION_PERIOD_NOT_OPEN', benefitCode: 'indennita-professionisti-cococo' },
      requestId: early.headers['x-request-id'],
    },
    'who, for whom, through which channel, when, the code; nothing of the body but the benefit',
  )
  t.notOk(JSON.stringify(entry).includes(IBAN), 'no IBAN in the trail')

  await freeze('2020-06-04T17:00:00+02:00')
  const late = await post('/api/v1/applications', await session(cf, 'citizen'), indemnityBody())
  t.match(json(late), { status: 403, code: 'APPLICATION_PERIOD_CLOSED' })
  await freeze('2020-04-02T10:00:00+02:00')
  const window = await post('/api/v1/applications', await session(cf, 'citizen'), indemnityBody())
  t.match(json(window), { status: 403, code: 'OUTSIDE_ACCESS_WINDOW' })
  await freeze('2020-04-02T17:00:00+02:00')
  const bad = await post('/api/v1/applications', await session(cf, 'citizen'), { benefitCode: 'indennita-agricoli' })
  t.match(json(bad), { status: 400, code: 'VALIDATION_ERROR' })
  t.equal((await post('/api/v1/applications', await session(cf, 'citizen'), indemnityBody())).statusCode, 201)
  const again = await post('/api/v1/applications', await session(cf, 'citizen'), indemnityBody())
  t.match(json(again), { status: 409, code: 'DUPLICATE_APPLICATION' })

  // Listed when its batch is written (docs/decisions.md §13): the order of the trail is not the order of events.
  t.same(
    (await trail(`codiceFiscale=${cf}`)).map((e) => `${e.outcome} ${e.detail.code ?? ''}`).sort(),
    [
      'failure APPLICATION_PERIOD_CLOSED',
      'failure APPLICATION_PERIOD_NOT_OPEN',
      'failure DUPLICATE_APPLICATION',
      'failure OUTSIDE_ACCESS_WINDOW',
      'failure VALIDATION_ERROR',
      'success ',
    ],
    'each refusal once, beside the one acceptance',
  )
})

t.test('refused on behalf: no mandate, an intermediary, the Contact Center before the opening', async (t) => {
  const cf = await newPerson(ctx.emulator, { ago: { scheme: 'artigiani' } })
  await freeze('2020-04-02T10:00:00+02:00')
  const noMandate = await post('/api/v1/patronato/applications', await session('PAT0001', 'patronato', 'ORG0002'), {
    codiceFiscale: cf.toLowerCase(),
    ...indemnityBody(undefined, 'indennita-autonomi-ago'),
  })
  t.match(json(noMandate), { status: 403, code: 'NO_MANDATE' })
  t.match(await entryOf(noMandate.headers['x-request-id'] as string), [
    {
      actorType: 'operator',
      actorId: 'PAT0001',
      codiceFiscale: cf,
      channel: 'patronato',
      outcome: 'failure',
      detail: { code: 'NO_MANDATE', benefitCode: 'indennita-autonomi-ago' },
    },
  ])

  const intermediary = await session('INT0001', 'intermediario', 'ORG0003')
  for (const [url, channel] of [
    ['/api/v1/patronato/applications', 'patronato'],
    ['/api/v1/contact-center/applications', 'contact_center'],
  ]) {
    const res = await post(url, intermediary, { codiceFiscale: cf, ...indemnityBody() })
    t.match(json(res), { status: 403, code: 'INTERMEDIARY_NOT_ALLOWED' }, url)
    // The guard refuses before the body is read: the trail names the intermediary, not the client.
    t.same(
      (await entryOf(res.headers['x-request-id'] as string)).map((e) => [
        e.actorType,
        e.actorId,
        e.channel,
        e.codiceFiscale,
        e.detail,
      ]),
      [['operator', 'INT0001', channel, null, { code: 'INTERMEDIARY_NOT_ALLOWED' }]],
      url,
    )
  }

  const caller = await newPerson(ctx.emulator)
  const { personalPin } = await activateTestPin(ctx.app, caller)
  await freeze('2020-03-31T10:00:00+02:00')
  const operator = await session('CC0001', 'contact_center')
  const early = await post('/api/v1/contact-center/applications', operator, {
    codiceFiscale: caller,
    callerPin: personalPin,
    ...indemnityBody(),
  })
  t.match(json(early), { status: 403, code: 'APPLICATION_PERIOD_NOT_OPEN' })
  const [entry] = await entryOf(early.headers['x-request-id'] as string)
  t.match(entry, {
    actorType: 'operator',
    actorId: 'CC0001',
    codiceFiscale: caller,
    channel: 'contact_center',
    detail: { code: 'APPLICATION_PERIOD_NOT_OPEN' },
  })
  t.notOk(JSON.stringify(entry).includes(personalPin), "never the caller's PIN")
})

t.test("an attacker's forged or missing token leaves no entry; a citizen on the patronato route does", async (t) => {
  await freeze('2020-04-02T10:00:00+02:00')
  const before = (await trail('limit=100')).length
  const forged = await post('/api/v1/patronato/applications', 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA', indemnityBody())
  t.equal(forged.statusCode, 401)
  const none = await ctx.app.inject({ method: 'POST', url: '/api/v1/applications', payload: indemnityBody() })
  t.equal(none.statusCode, 401)
  t.equal((await trail('limit=100')).length, before, 'nobody to name: the request journal has them')

  const cf = await newPerson(ctx.emulator)
  const res = await post('/api/v1/patronato/applications', await session(cf, 'citizen'), {
    codiceFiscale: cf,
    ...indemnityBody(),
  })
  t.match(json(res), { status: 403, code: 'ROLE_NOT_ALLOWED' })
  t.match(await trail(`codiceFiscale=${cf}`), [
    { actorType: 'citizen', actorId: cf, channel: 'patronato', detail: { code: 'ROLE_NOT_ALLOWED' } },
  ])
})

t.test('refusals are written in batches without anyone reading the trail', async (t) => {
  const cf = await newPerson(ctx.emulator)
  await freeze('2020-03-31T17:00:00+02:00')
  const token = await session(cf, 'citizen')
  const refused = await Promise.all(
    Array.from({ length: 20 }, () => post('/api/v1/applications', token, indemnityBody())),
  )
  t.ok(refused.every((r) => r.statusCode === 403))
  await new Promise((resolve) => setTimeout(resolve, AUDIT_BATCH_MS * 5))
  const rows = await db
    .selectFrom('audit_events')
    .select(['request_id', 'outcome', 'detail'])
    .where('codice_fiscale', '=', cf)
    .where('action', '=', 'application.submitted')
    .execute()
  t.same(
    rows.map((r) => r.request_id).sort(),
    refused.map((r) => r.headers['x-request-id']).sort(),
    'each refusal once, in the database',
  )
  t.ok(rows.every((r) => r.outcome === 'failure' && r.detail.code === 'APPLICATION_PERIOD_NOT_OPEN'))
})
