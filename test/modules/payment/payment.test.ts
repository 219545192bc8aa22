import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import { GESTIONE_SEPARATA, indemnityBody, newApplicant } from '../application/applicant.factories.js'

// docs/rules.md §12: what was paid, when, and why not.
const ctx = await setupTestApp(t)
const db = ctx.database.db
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const payments = async (cf: string) =>
  ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await token(cf)) })
const run = async () => json(await ctx.emulator('POST', '/emulator/jobs/run'))

t.test('an accepted indemnity is scheduled, then paid once its value date comes, once', async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const cf = await newApplicant(ctx, GESTIONE_SEPARATA)
  const other = await newApplicant(ctx, GESTIONE_SEPARATA)
  const submitted = json(
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: bearer(await token(cf)),
      payload: indemnityBody(),
    }),
  )
  t.same(json(await payments(cf)), { items: [] }, 'nothing before the evaluation')
  await run()
  const scheduled = await payments(cf)
  t.equal(scheduled.statusCode, 200)
  t.same(json(scheduled), {
    items: [
      {
        applicationId: submitted.id,
        benefitCode: 'indennita-professionisti-cococo',
        period: '2020-03',
        amountEur: 600,
        method: 'iban',
        status: 'scheduled',
        valueDate: '2020-04-16',
      },
    ],
  })
  t.equal(scheduled.headers['cache-control'], 'no-store')
  t.same(json(await payments(other)), { items: [] }, "another citizen's payments are never listed")
  const application = json(
    await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/applications/${submitted.id}`,
      headers: bearer(await token(cf)),
    }),
  )
  t.match(application.payment, { method: 'iban', ibanMasked: 'IT60 **** 3456', status: 'scheduled' })

  await freeze('2020-04-15T23:59:00+02:00')
  await run()
  t.match(json(await payments(cf)).items[0], { status: 'scheduled' }, 'not before its value date (Rome)')
  await freeze('2020-04-16T00:01:00+02:00')
  await run()
  t.match(json(await payments(cf)).items[0], { status: 'paid', valueDate: '2020-04-16' })
  const paidAt = (
    await db.selectFrom('payments').select('paid_at').where('codice_fiscale', '=', cf).executeTakeFirstOrThrow()
  ).paid_at
  await freeze('2020-04-17T00:01:00+02:00')
  await run()
  const rows = await db.selectFrom('payments').selectAll().where('codice_fiscale', '=', cf).execute()
  t.equal(rows.length, 1)
  t.same(rows[0].paid_at, paidAt, 'paying again changes nothing')
})

t.test('the payment job run by several workers at once pays each payment once', async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const people = await Promise.all([1, 2, 3].map(() => newApplicant(ctx, GESTIONE_SEPARATA)))
  for (const cf of people)
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: bearer(await token(cf)),
      payload: indemnityBody(),
    })
  await run()
  const now = new Date('2020-04-20T10:00:00+02:00')
  const counts = await Promise.all([1, 2, 3, 4].map(() => ctx.app.services.payments.payDue(now)))
  t.equal(
    counts.reduce((a, b) => a + b, 0),
    3,
    'three payments, each paid by exactly one worker',
  )
  const paid = await db.selectFrom('payments').select('status').where('codice_fiscale', 'in', people).execute()
  t.same(
    paid.map((p) => p.status),
    ['paid', 'paid', 'paid'],
  )
})

t.test('GET /api/v1/payments needs a citizen token', async (t) => {
  t.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/payments' })).statusCode, 401)
})
