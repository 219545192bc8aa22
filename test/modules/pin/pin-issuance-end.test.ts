import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { computeCodiceFiscale } from '../../../src/lib/codice-fiscale.js'
import { activateTestPin, bearer, fixturePerson } from '../../factories.js'
import { bianchi, freezeClock, operatorToken, outboxOf, postRequest, stranger } from './pin.factories.js'

/*
 * Circolare INPS 87 of 17 July 2020 (docs/rules.md §3): from 1 October 2020 INPS issues no new PIN, on the
 * web, at the Contact Center or at a sede, except to those who cannot have SPID (minors, people without an
 * Italian identity document, people under tutela, curatela or amministrazione di sostegno), and to them
 * only for their own services. PINs issued before keep working, renewing and recovering.
 */
const ctx = await setupTestApp(t)
const LAST_DAY = '2020-09-30T23:59:00+02:00'
const FRIDAY_2_OCTOBER = '2020-10-02T10:00:00+02:00'

/** An archive person with the given birth date and positions, and the body of their own PIN request. */
async function archived(firstName: string, birthDate: string, positions: Record<string, unknown> = {}) {
  const record = {
    firstName,
    lastName: 'Galli',
    birthDate,
    sex: 'F' as const,
    birthPlace: 'Roma',
    residence: { street: 'Via Merulana 20', postalCode: '00185', municipality: 'Roma', province: 'RM' },
    contacts: { mobile: '+39 333 8700001' },
    positions,
  }
  const codiceFiscale = computeCodiceFiscale({ ...record, belfiore: 'H501' })
  const res = await ctx.emulator('PUT', `/emulator/persons/${codiceFiscale}`, record)
  t.equal(res.statusCode, 200, res.body)
  return stranger(firstName, 'Galli', {
    codiceFiscale,
    birthDate,
    residence: record.residence,
    contacts: record.contacts,
  })
}

const me = async (token: string) =>
  json(await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) }))

t.test('on 30 September a PIN is still issued; from 1 October the web answers 403 PIN_ISSUANCE_ENDED', async (t) => {
  await freezeClock(ctx, LAST_DAY)
  const last = await postRequest(ctx, bianchi())
  t.equal(last.statusCode, 201, '30 September, last minute')
  await freezeClock(ctx, '2020-10-01T00:00:00+02:00')
  const body = stranger('Marta', 'Neri')
  const refused = await postRequest(ctx, body)
  t.equal(refused.statusCode, 403)
  t.match(refused.headers['content-type'], /application\/problem\+json/)
  const problem = json(refused)
  t.equal(problem.code, 'PIN_ISSUANCE_ENDED')
  t.match(problem.detail, /SPID, CIE or CNS/)
  t.match(
    problem.message,
    /circolare n\. 87 del 17 luglio 2020.*SPID.*Carta d'Identità Elettronica.*Carta Nazionale dei Servizi/,
  )
  t.same(problem.alternatives, ['SPID', 'CIE', 'CNS'])
  t.same(await outboxOf(ctx, body.codiceFiscale), [], 'nothing sent')
  const rows = await ctx.app.db
    .selectFrom('pin_requests')
    .selectAll()
    .where('codice_fiscale', '=', body.codiceFiscale)
    .execute()
  t.same(rows, [], 'nothing recorded')
})

t.test('the refusal does not tell who has a PIN: same answer with and without one', async (t) => {
  await freezeClock(ctx, LAST_DAY)
  const withPin = fixturePerson('coloni e mezzadri').codiceFiscale
  await activateTestPin(ctx.app, withPin)
  await freezeClock(ctx, FRIDAY_2_OCTOBER)
  const a = await postRequest(ctx, stranger('Sara', 'Riva'))
  const person = json(await ctx.emulator('GET', `/emulator/persons/${withPin}`))
  const b = await postRequest(
    ctx,
    stranger(person.firstName, person.lastName, {
      codiceFiscale: withPin,
      birthDate: person.birthDate,
      sex: person.sex,
      birthPlace: person.birthPlace,
      residence: person.residence,
    }),
  )
  t.equal(a.statusCode, b.statusCode)
  t.equal(json(a).code, json(b).code)
  t.equal(json(a).detail, json(b).detail)
})

t.test('existing PINs keep working: login and recovery on 2 October', async (t) => {
  await freezeClock(ctx, LAST_DAY)
  const cf = fixturePerson('exactly 50 agricultural days').codiceFiscale
  const { personalPin } = await activateTestPin(ctx.app, cf)
  await freezeClock(ctx, FRIDAY_2_OCTOBER)
  const login = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/pin',
    payload: { codiceFiscale: cf, pin: personalPin },
  })
  t.equal(login.statusCode, 200)
  t.equal(json(login).status, 'authenticated')
  t.match(await me(json(login).accessToken), { credential: { activated: true, scope: 'all_services' } })
})

t.test('the Contact Center issues no new PIN either, and its info says so', async (t) => {
  await freezeClock(ctx, LAST_DAY)
  const before = json(await ctx.app.inject({ method: 'GET', url: '/api/v1/contact-center/info' }))
  t.notOk('pinIssuanceEnded' in before, 'nothing to say before 1 October')
  await freezeClock(ctx, FRIDAY_2_OCTOBER)
  const { token } = await operatorToken(ctx)
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contact-center/pin-requests',
    headers: bearer(token),
    payload: stranger('Nadia', 'Conti'),
  })
  t.equal(res.statusCode, 403)
  t.equal(json(res).code, 'PIN_ISSUANCE_ENDED')
  const info = await ctx.app.inject({ method: 'GET', url: '/api/v1/contact-center/info' })
  t.equal(info.statusCode, 200)
  t.match(json(info), {
    landline: '803 164',
    pinIssuanceEnded: { since: '2020-10-01', alternatives: ['SPID', 'CIE', 'CNS'], message: /SPID/ },
  })
})

t.test('a pending request made in September is not issued by a validation in October', async (t) => {
  await freezeClock(ctx, '2020-09-30T10:00:00+02:00')
  const body = stranger('Elena', 'Bassi')
  const { id } = json(await postRequest(ctx, body))
  await freezeClock(ctx, FRIDAY_2_OCTOBER)
  const { token } = await operatorToken(ctx)
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/contact-center/pin-requests/${id}/validate`,
    headers: bearer(token),
  })
  t.equal(res.statusCode, 403)
  t.equal(json(res).code, 'PIN_ISSUANCE_ENDED')
  t.same(await outboxOf(ctx, body.codiceFiscale), [])
})

t.test('the exceptions of circ. 87 still get a PIN, for their own services only', async (t) => {
  await freezeClock(ctx, FRIDAY_2_OCTOBER)
  const cases = [
    ['a minor (17 in October 2020)', await archived('Alice', '2003-05-10')],
    ['no Italian identity document', await archived('Bianca', '1980-02-02', { noItalianIdentityDocument: true })],
    [
      'under amministrazione di sostegno',
      await archived('Carla', '1950-03-03', { legalProtection: 'amministrazione_di_sostegno' }),
    ],
  ] as const
  for (const [what, body] of cases) {
    const res = await postRequest(ctx, body)
    t.equal(res.statusCode, 201, what)
    t.equal(json(res).status, 'issued', what)
    const credential = await ctx.app.db
      .selectFrom('pin_credentials')
      .select(['scope', 'state'])
      .where('codice_fiscale', '=', body.codiceFiscale)
      .executeTakeFirst()
    t.same(credential, { scope: 'own_services', state: 'issued' }, `${what}: the PIN records its scope`)
  }
  const adult = await archived('Dora', '1990-04-04')
  t.equal((await postRequest(ctx, adult)).statusCode, 403, 'an adult with an Italian document and no tutela: refused')
  const turned18 = await archived('Eva', '2002-10-02')
  t.equal((await postRequest(ctx, turned18)).statusCode, 403, '18 that very day: no longer a minor')

  // The scope shows in the credential's answer (GET /me); a renewal (here the test helper's re-issue) keeps it.
  const cf = cases[0][1].codiceFiscale
  const { accessToken } = await activateTestPin(ctx.app, cf)
  t.match(await me(accessToken), { credential: { scope: 'own_services' } })
})

t.test('PIN_ISSUANCE_END moves the date', async (t) => {
  const other = await setupTestApp(t, { PIN_ISSUANCE_END: '2020-10-31' }, ctx.database)
  await freezeClock(ctx, FRIDAY_2_OCTOBER)
  const res = await other.app.inject({
    method: 'POST',
    url: '/api/v1/pin-requests',
    payload: stranger('Gaia', 'Fabbri'),
  })
  t.equal(res.statusCode, 201)
})
