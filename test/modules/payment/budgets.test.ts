import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import { indemnityBody, newApplicant } from '../application/applicant.factories.js'

// docs/rules.md §11: spending caps, granted in protocol order, atomically, whatever the number of workers.
const ctx = await setupTestApp(t)
const db = ctx.database.db
const AGRICOLI = { agricultural: { daysWorked2019: 120 } }
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const submit = async (cf: string) =>
  json(
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: bearer(await token(cf)),
      payload: indemnityBody(undefined, 'indennita-agricoli'),
    }),
  )

t.test('no cap by default; PUT and GET a cap', async (t) => {
  t.equal((await ctx.emulator('GET', '/emulator/budgets/indennita-agricoli')).statusCode, 404)
  t.same(json(await ctx.emulator('GET', '/emulator/budgets')), { items: [] })
  t.equal((await ctx.emulator('PUT', '/emulator/budgets/indennita-inesistente', { capEur: 1 })).statusCode, 400)
  t.equal(
    (await ctx.app.inject({ method: 'PUT', url: '/emulator/budgets/indennita-agricoli', payload: { capEur: 1 } }))
      .statusCode,
    401,
  )
})

t.test(
  'two workers race for the last 600 euro: the first in protocol order gets it, the other is rejected FONDI_ESAURITI',
  async (t) => {
    await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-02T17:00:00+02:00', frozen: true })
    const people = [
      await newApplicant(ctx, AGRICOLI),
      await newApplicant(ctx, AGRICOLI),
      await newApplicant(ctx, AGRICOLI),
    ]
    const first = await submit(people[0])
    const put = await ctx.emulator('PUT', '/emulator/budgets/indennita-agricoli', { capEur: 1200 })
    t.same(json(put), { benefitCode: 'indennita-agricoli', capEur: 1200, grantedEur: 0 })
    await ctx.emulator('POST', '/emulator/jobs/run')
    t.same(json(await ctx.emulator('GET', '/emulator/budgets/indennita-agricoli')), {
      benefitCode: 'indennita-agricoli',
      capEur: 1200,
      grantedEur: 600,
    })

    const second = await submit(people[1])
    const third = await submit(people[2])
    t.ok(second.protocolNumber < third.protocolNumber)
    // Two evaluation runs at once (on Postgres, two connections, as two instances would).
    await Promise.all([ctx.app.services.evaluation.runPending(), ctx.app.services.evaluation.runPending()])
    const rows = await db
      .selectFrom('applications')
      .select(['id', 'status', 'reasons'])
      .where('id', 'in', [first.id, second.id, third.id])
      .execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    t.equal(byId.get(first.id)?.status, 'accepted')
    t.equal(byId.get(second.id)?.status, 'accepted', 'the earlier protocol number takes the last 600 euro')
    t.match(byId.get(third.id), { status: 'rejected', reasons: ['FONDI_ESAURITI'] })
    t.same(json(await ctx.emulator('GET', '/emulator/budgets')).items, [
      { benefitCode: 'indennita-agricoli', capEur: 1200, grantedEur: 1200 },
    ])
    const read = json(
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/applications/${third.id}`,
        headers: bearer(await token(people[2])),
      }),
    )
    t.same(read.reasons, [{ code: 'FONDI_ESAURITI', description: 'esaurimento delle risorse stanziate' }])
    const payments = await db
      .selectFrom('payments')
      .select('application_id')
      .where('benefit_code', '=', 'indennita-agricoli')
      .execute()
    t.equal(payments.length, 2, 'only the granted ones are paid')
  },
)
