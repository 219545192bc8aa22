import t from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { json, setupTestApp } from '../../helper.js'
import { bearer, newPerson } from '../../factories.js'

// Security review F9: a patronato is an organisation with an id, never a free-text name that anybody
// creating an operator may repeat.
const ctx = await setupTestApp(t)
const db = ctx.database.db
const PATRONATO_HOURS = '2020-04-02T10:00:00+02:00'
const PAT0001_ORGANISATION = 'Patronato Lavoro e Tutela (sandbox)'
const INDEMNITY = {
  benefitCode: 'indennita-autonomi-ago',
  payment: { method: 'iban', iban: 'IT60X0542811101000000123456' },
  declarations: {
    truthfulness: true,
    notPensioner: true,
    noCitizenshipIncome: true,
    noOtherCompulsoryScheme: true,
    notEmployed: true,
  },
}

const login = async (operatorId: string, pin: string) => {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/operator', payload: { operatorId, pin } })
  if (json(res).status !== 'authenticated') throw new Error(`login of ${operatorId} failed: ${res.body}`)
  return json(res).accessToken as string
}
const createOperator = async (body: object) => {
  const res = await ctx.emulator('POST', '/emulator/operators', body)
  if (res.statusCode !== 201) throw new Error(`operator not created: ${res.body}`)
  return json(res)
}
const mandate = (token: string, codiceFiscale: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/patronato/mandates',
    headers: bearer(token),
    payload: { codiceFiscale },
  })
const file = (token: string, codiceFiscale: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/patronato/applications',
    headers: bearer(token),
    payload: { codiceFiscale, ...INDEMNITY },
  })
const list = async (token: string) =>
  json(
    await ctx.app.inject({ method: 'GET', url: '/api/v1/patronato/applications', headers: bearer(token) }),
  ).items.map((a: { id: string }) => a.id)
const read = (token: string, id: string) =>
  ctx.app.inject({ method: 'GET', url: `/api/v1/patronato/applications/${id}`, headers: bearer(token) })

/** Setup steps outside a subtest: a wrong answer stops the file. */
function expect201(res: LightMyRequestResponse, what: string) {
  if (res.statusCode !== 201) throw new Error(`${what}: ${res.statusCode} ${res.body}`)
  return json(res)
}

// PAT0001 files for one person and holds the mandate of another that it has not used yet.
await ctx.emulator('PUT', '/emulator/clock', { now: PATRONATO_HOURS, frozen: true })
const pat1 = await login('PAT0001', 'PATA2020')
const filedFor = await newPerson(ctx.emulator, { ago: { scheme: 'artigiani' } })
expect201(await mandate(pat1, filedFor), 'mandate')
const filedId: string = expect201(await file(pat1, filedFor), 'filing').id
const mandatedOnly = await newPerson(ctx.emulator, { ago: { scheme: 'commercianti' } })
expect201(await mandate(pat1, mandatedOnly), 'second mandate')

t.test('the fixture patronati are two organisations, listed with their ids', async (t) => {
  const { items } = json(await ctx.emulator('GET', '/emulator/operators'))
  const byId = (id: string) => items.find((o: { operatorId: string }) => o.operatorId === id)
  t.match(byId('PAT0001'), { organisationId: 'ORG0002', organisation: PAT0001_ORGANISATION })
  t.match(byId('PAT0002'), { organisationId: 'ORG0003' })
  const payload = JSON.parse(Buffer.from(pat1.split('.')[1], 'base64url').toString())
  t.equal(payload.orgId, 'ORG0002', 'the token carries the organisation id')
  t.notOk('org' in payload, 'and not the free-text name')
  const mandateRow = await db
    .selectFrom('patronato_mandates')
    .selectAll()
    .where('codice_fiscale', '=', filedFor)
    .executeTakeFirstOrThrow()
  t.equal(mandateRow.patronato, 'ORG0002', 'mandates are keyed by organisation id')
})

t.test("an operator given PAT0001's organisation name is a new patronato: no filings, no mandates", async (t) => {
  const impostor = await createOperator({ role: 'patronato', organisation: PAT0001_ORGANISATION })
  t.match(impostor, { organisation: PAT0001_ORGANISATION, organisationId: /^ORG\d{4,}$/ })
  t.not(impostor.organisationId, 'ORG0002', 'a same name never joins')
  const token = await login(impostor.operatorId, impostor.pin)

  t.same(await list(token), [], "sees none of PAT0001's filings")
  t.match(json(await read(token, filedId)), { status: 404, code: 'APPLICATION_NOT_FOUND' })
  t.match(json(await file(token, mandatedOnly)), { status: 403, code: 'NO_MANDATE' }, "cannot use PAT0001's mandate")
  t.equal(
    Number(
      (
        await db
          .selectFrom('applications')
          .select(db.fn.countAll().as('n'))
          .where('codice_fiscale', '=', mandatedOnly)
          .executeTakeFirstOrThrow()
      ).n,
    ),
    0,
  )
})

t.test("an operator named like another operator's id does not join that operator's patronato", async (t) => {
  const loner = await createOperator({ role: 'patronato' })
  t.match(loner, { organisation: null, organisationId: /^ORG\d{4,}$/ })
  const lonerToken = await login(loner.operatorId, loner.pin)
  const cf = await newPerson(ctx.emulator, { ago: { scheme: 'coltivatori_diretti' } })
  t.equal((await mandate(lonerToken, cf)).statusCode, 201)
  const lonerFiled = json(await file(lonerToken, cf)).id

  const namesake = await createOperator({ role: 'patronato', organisation: loner.operatorId })
  const token = await login(namesake.operatorId, namesake.pin)
  t.same(await list(token), [])
  t.equal((await read(token, lonerFiled)).statusCode, 404)
})

t.test("an operator created with organisationId joins PAT0001's patronato: its filings and mandates", async (t) => {
  const colleague = await createOperator({ role: 'patronato', organisationId: 'ORG0002' })
  t.match(colleague, { role: 'patronato', organisationId: 'ORG0002', organisation: PAT0001_ORGANISATION })
  const listed = json(await ctx.emulator('GET', '/emulator/operators')).items.find(
    (o: { operatorId: string }) => o.operatorId === colleague.operatorId,
  )
  t.match(listed, { organisationId: 'ORG0002', organisation: PAT0001_ORGANISATION })
  const token = await login(colleague.operatorId, colleague.pin)

  t.same(await list(token), [filedId])
  t.equal((await read(token, filedId)).statusCode, 200)
  const onMandate = await file(token, mandatedOnly)
  t.equal(onMandate.statusCode, 201, 'files under the mandate PAT0001 recorded')
  t.equal((await read(pat1, json(onMandate).id)).statusCode, 200, 'and PAT0001 sees it')
  const row = await db
    .selectFrom('applications')
    .selectAll()
    .where('id', '=', json(onMandate).id)
    .executeTakeFirstOrThrow()
  t.match(row, { patronato: 'ORG0002', filed_by: colleague.operatorId })
  t.equal(
    (await read(await login('PAT0002', 'PATB2020'), json(onMandate).id)).statusCode,
    404,
    'the other fixture patronato still cannot',
  )
})

t.test('joining: an unknown organisation, another kind, or a name as well are refused', async (t) => {
  const count = async () =>
    Number((await db.selectFrom('operators').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  const before = await count()
  const cases: Array<[object, number, string]> = [
    [{ role: 'patronato', organisationId: 'ORG9999' }, 422, 'UNKNOWN_ORGANISATION'],
    [{ role: 'contact_center', organisationId: 'ORG0002' }, 422, 'ORGANISATION_ROLE_MISMATCH'],
    [{ role: 'intermediario', organisationId: 'ORG0002' }, 422, 'ORGANISATION_ROLE_MISMATCH'],
    [{ role: 'patronato', organisationId: 'ORG0002', organisation: 'Altro' }, 422, 'ORGANISATION_AMBIGUOUS'],
    [{ role: 'patronato', organisationId: 'Patronato Lavoro e Tutela' }, 400, 'VALIDATION_ERROR'],
  ]
  for (const [body, status, code] of cases)
    t.match(json(await ctx.emulator('POST', '/emulator/operators', body)), { status, code }, JSON.stringify(body))
  t.equal(await count(), before, 'nothing stored')
})

t.test('a patronato token without an organisation id (minted before organisations had ids) is refused', async (t) => {
  const { accessToken } = await ctx.app.tokens.issueSession({
    subject: 'PAT0001',
    role: 'patronato',
    authLevel: 'pin_dispositivo',
  })
  t.match(
    json(await ctx.app.inject({ method: 'GET', url: '/api/v1/patronato/applications', headers: bearer(accessToken) })),
    { status: 401, code: 'INVALID_TOKEN' },
  )
  t.match(json(await file(accessToken, mandatedOnly)), { status: 401, code: 'INVALID_TOKEN' })
})
