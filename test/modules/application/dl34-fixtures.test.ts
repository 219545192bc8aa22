import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import { indemnityBody } from './applicant.factories.js'

// docs/rules.md §14 on the default archive (docs/fixtures.md): each DL 34 fixture person does what its note says.
const ctx = await setupTestApp(t)
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const submit = async (cf: string, body: object) =>
  json(
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: bearer(await token(cf)),
      payload: body,
    }),
  )
const read = async (cf: string, id: string) =>
  json(await ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(await token(cf)) }))
const periods = async (cf: string) =>
  json(await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await token(cf)) }))
    .items.map((p: { period: string; amountEur: number }) => `${p.period} ${p.amountEur}`)
    .sort()
const run = () => ctx.emulator('POST', '/emulator/jobs/run')
const body = (benefitCode: string, extra: Record<string, number> = {}) => ({
  benefitCode,
  payment: { method: 'iban', iban: 'IT60X0542811101000000123456' },
  declarations: { truthfulness: true, notPensioner: true, notEmployed: true, noOtherCompulsoryScheme: true, ...extra },
})

t.test('the DL 34 fixture people', async (t) => {
  t.equal((await ctx.emulator('POST', '/emulator/reset')).statusCode, 200)
  await freeze('2020-04-02T17:00:00+02:00')
  const chiara = await submit('GLLCHR91L56L736C', indemnityBody(undefined, 'indennita-stagionali-turismo'))
  await run()
  t.equal((await read('GLLCHR91L56L736C', chiara.id)).status, 'accepted')

  // The May service opened on 19 June 2020 (docs/rules.md §14).
  await freeze('2020-06-20T17:00:00+02:00')
  const elena = await submit(
    'MRNLNE82C54F205X',
    body('indennita-maggio-professionisti', { incomeMarchApril2019Eur: 12000, incomeMarchApril2020Eur: 6000 }),
  )
  const paolo = await submit(
    'SRRPLA77P30A944R',
    body('indennita-maggio-professionisti', { incomeMarchApril2019Eur: 9000, incomeMarchApril2020Eur: 6100 }),
  )
  const sara = await submit('FNTSRA95E48D612S', body('indennita-nuove-categorie'))
  const luca = await submit('MRNLCU72S21A662U', body('indennita-nuove-categorie'))
  await run()
  t.match(await read('MRNLNE82C54F205X', elena.id), { status: 'accepted', amountEur: 1000 })
  t.match(await read('SRRPLA77P30A944R', paolo.id), {
    status: 'rejected',
    reasons: [{ code: 'INCOME_FALL_BELOW_33_PERCENT' }],
  })
  // circ. 67/2020: one application pays March (DM 10/2020), April and May.
  t.match(await read('FNTSRA95E48D612S', sara.id), { status: 'accepted', amountEur: 1800 })
  t.same(await periods('FNTSRA95E48D612S'), ['2020-03 600', '2020-04 600', '2020-05 600'])
  t.match(await read('MRNLCU72S21A662U', luca.id), { status: 'rejected', reasons: [{ code: 'NOT_A_NEW_CATEGORY' }] })
  t.same(await periods('GLLCHR91L56L736C'), ['2020-03 600', '2020-04 600'], 'NASpI on 19 May: April only')
})
