import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import { IBAN, OTHER_IBAN, indemnityBody, newApplicant } from '../application/applicant.factories.js'

// docs/rules.md §12: the months of one application are paid in order; the automatic ones are spent from the budget.
const ctx = await setupTestApp(t)
const db = ctx.database.db
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const run = async () => json(await ctx.emulator('POST', '/emulator/jobs/run'))
const payments = async (cf: string) =>
  json(await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await token(cf)) }))
    .items as Array<Record<string, unknown>>
const months = async (cf: string) =>
  (await payments(cf))
    .map((p) => `${p.period} ${p.amountEur} ${p.method} ${p.status}${p.failureReason ? ` ${p.failureReason}` : ''}`)
    .sort()
async function apply(cf: string, benefitCode: string) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: bearer(await token(cf)),
    payload: indemnityBody(undefined, benefitCode),
  })
  if (res.statusCode !== 201) throw new Error(res.body)
  return json(res).id as string
}
/** The archive record as it is, with the positions changed. */
async function changePositions(cf: string, positions: Record<string, unknown>) {
  const { codiceFiscale: _cf, updatedAt: _at, ...record } = json(await ctx.emulator('GET', `/emulator/persons/${cf}`))
  const res = await ctx.emulator('PUT', `/emulator/persons/${cf}`, {
    ...record,
    positions: { ...record.positions, ...positions },
  })
  if (res.statusCode !== 200) throw new Error(res.body)
}

t.test('April waits for a March evaluated late: paid with it, never before it', async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const cf = await newApplicant(ctx, { ago: { scheme: 'artigiani' } })
  await apply(cf, 'indennita-autonomi-ago')
  // Evaluated only on 19 May: March's value date is 2 June, the automatic April's 22 May.
  await freeze('2020-05-19T17:00:00+02:00')
  await run()
  t.same(await months(cf), ['2020-03 600 iban scheduled', '2020-04 600 iban scheduled'])
  t.same(
    (await payments(cf)).map((p) => p.valueDate),
    ['2020-06-02', '2020-05-22'],
  )

  await freeze('2020-05-23T17:00:00+02:00')
  await run()
  t.same(await months(cf), ['2020-03 600 iban scheduled', '2020-04 600 iban scheduled'], 'April is due, March is not')
  await freeze('2020-06-02T17:00:00+02:00')
  await run()
  t.same(await months(cf), ['2020-03 600 iban paid', '2020-04 600 iban paid'], 'both in the same run')
  const paid = await db.selectFrom('payments').select(['period', 'paid_at']).where('codice_fiscale', '=', cf).execute()
  t.equal(new Set(paid.map((p) => p.paid_at?.toISOString())).size, 1, 'by one statement')
})

t.test(
  'a failed March holds the April top-up on the RdC card; a held IBAN pays March and leaves the top-up on the card',
  async (t) => {
    await freeze('2020-04-02T17:00:00+02:00')
    const cf = await newApplicant(
      ctx,
      { ago: { scheme: 'commercianti' } },
      { bankAccounts: [{ iban: IBAN, holders: ['RSSMRA80A01H501U'] }], holderSelf: [OTHER_IBAN] },
    )
    const id = await apply(cf, 'indennita-autonomi-ago')
    await freeze('2020-04-20T17:00:00+02:00')
    await run()
    t.same(await months(cf), ['2020-03 600 iban failed IBAN_NOT_HELD'])

    // By 19 May the applicant receives the citizenship income: April is a top-up on the RdC card (c. 13).
    await changePositions(cf, { citizenshipIncomeMonthlyEur: 450 })
    await freeze('2020-05-19T17:00:00+02:00')
    await run()
    t.same(await months(cf), ['2020-03 600 iban failed IBAN_NOT_HELD', '2020-04 150 reddito_di_cittadinanza scheduled'])
    await freeze('2020-05-25T17:00:00+02:00')
    await run()
    t.same(
      await months(cf),
      ['2020-03 600 iban failed IBAN_NOT_HELD', '2020-04 150 reddito_di_cittadinanza scheduled'],
      'April is due, but March is not paid',
    )

    const change = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}/payment`,
      headers: bearer(await token(cf)),
      payload: { method: 'iban', iban: OTHER_IBAN },
    })
    t.equal(change.statusCode, 200)
    t.same(await months(cf), ['2020-03 600 iban scheduled', '2020-04 150 reddito_di_cittadinanza scheduled'])
    const april = await db
      .selectFrom('payments')
      .select(['method', 'iban', 'value_date'])
      .where('codice_fiscale', '=', cf)
      .where('period', '=', '2020-04')
      .executeTakeFirstOrThrow()
    t.same(april, { method: 'reddito_di_cittadinanza', iban: null, value_date: '2020-05-22' }, 'never to an IBAN')

    await freeze('2020-05-26T17:00:00+02:00')
    await run()
    t.same(await months(cf), ['2020-03 600 iban paid', '2020-04 150 reddito_di_cittadinanza paid'])
  },
)

t.test('a failed month holds the later ones of its application only', async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const held = await newApplicant(ctx, { ago: { scheme: 'artigiani' } })
  const free = await newApplicant(ctx, { ago: { scheme: 'artigiani' } })
  await apply(held, 'indennita-autonomi-ago')
  await apply(free, 'indennita-autonomi-ago')
  await run()
  await freeze('2020-04-16T17:00:00+02:00')
  await run()
  await freeze('2020-05-19T17:00:00+02:00')
  await run()
  // A March returned unpaid by the bank after all (a sandbox tester's edit): April must wait for it.
  await db
    .updateTable('payments')
    .set({ status: 'failed', failure_reason: 'IBAN_NOT_HELD', paid_at: null })
    .where('codice_fiscale', '=', held)
    .where('period', '=', '2020-03')
    .execute()
  await freeze('2020-05-23T17:00:00+02:00')
  await run()
  t.same(await months(held), ['2020-03 600 iban failed IBAN_NOT_HELD', '2020-04 600 iban scheduled'])
  t.same(await months(free), ['2020-03 600 iban paid', '2020-04 600 iban paid'], 'another application is not held')
})

t.test(
  'the automatic months are spent from the budget: a cap that fits March but not April pays no April',
  async (t) => {
    const cococo = 'indennita-professionisti-cococo'
    const put = await ctx.emulator('PUT', `/emulator/budgets/${cococo}`, { capEur: 1000 })
    t.equal(put.statusCode, 200)
    await freeze('2020-04-02T17:00:00+02:00')
    const cf = await newApplicant(ctx, { gestioneSeparata: { kind: 'cococo', activeSince: '2018-01-01' } })
    const id = await apply(cf, cococo)
    await run()
    t.same(json(await ctx.emulator('GET', `/emulator/budgets/${cococo}`)), {
      benefitCode: cococo,
      capEur: 1000,
      grantedEur: 600,
    })

    await freeze('2020-05-19T17:00:00+02:00')
    await run()
    await freeze('2020-05-25T17:00:00+02:00')
    await run()
    t.same(await months(cf), ['2020-03 600 iban paid'], 'no April: 400 euro are left, April is 600')
    t.same(
      json(await ctx.emulator('GET', `/emulator/budgets/${cococo}`)),
      { benefitCode: cococo, capEur: 1000, grantedEur: 600 },
      'nothing granted for the refused months',
    )
    const ledger = await db
      .selectFrom('dl34_instalments')
      .select('instalments')
      .where('application_id', '=', id)
      .executeTakeFirstOrThrow()
    t.match(ledger.instalments, { refused: 'FONDI_ESAURITI' }, 'the ledger says why')

    // Raised again: a new March beneficiary gets April, and the budget counts it.
    await ctx.emulator('PUT', `/emulator/budgets/${cococo}`, { capEur: 1800 })
    await freeze('2020-04-02T17:00:00+02:00')
    const next = await newApplicant(ctx, { gestioneSeparata: { kind: 'cococo', activeSince: '2018-01-01' } })
    await apply(next, cococo)
    await run()
    await freeze('2020-05-25T17:00:00+02:00')
    await run()
    t.same(await months(next), ['2020-03 600 iban paid', '2020-04 600 iban scheduled'])
    t.equal(json(await ctx.emulator('GET', `/emulator/budgets/${cococo}`)).grantedEur, 1800)
    t.same(await months(cf), ['2020-03 600 iban paid'], 'a refused application is not taken again')
  },
)
