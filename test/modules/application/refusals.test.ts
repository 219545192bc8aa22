import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import { GESTIONE_SEPARATA, indemnityBody, newApplicant } from './applicant.factories.js'

// A refusal must not cost more than an acceptance: duplicates and calendar refusals never reach the group commit.
const ctx = await setupTestApp(t)
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const submit = async (cf: string, body: object, key?: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: { ...bearer(await token(cf)), ...(key ? { 'idempotency-key': key } : {}) },
    payload: body,
  })

let batched = 0
const submitToBatch = ctx.app.submissions.submit.bind(ctx.app.submissions)
ctx.app.submissions.submit = (submission) => {
  batched++
  return submitToBatch(submission)
}

t.test(
  'a duplicate or an incompatible indemnity is refused before the group commit; a retry with its key still replays',
  async (t) => {
    await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-02T17:00:00+02:00', frozen: true })
    const cf = await newApplicant(ctx, GESTIONE_SEPARATA)
    t.equal((await submit(cf, indemnityBody(), 'k1')).statusCode, 201)
    t.equal(batched, 1)
    const duplicate = await submit(cf, indemnityBody())
    t.equal(duplicate.statusCode, 409)
    t.match(json(duplicate), { code: 'DUPLICATE_APPLICATION' })
    const rival = await submit(cf, indemnityBody(undefined, 'indennita-agricoli'))
    t.match(json(rival), { code: 'INCOMPATIBLE_BENEFIT', conflictingBenefitCode: 'indennita-professionisti-cococo' })
    const retry = await submit(cf, indemnityBody(), 'k1')
    t.equal(retry.statusCode, 201)
    t.equal(retry.headers['idempotent-replayed'], 'true')
    t.equal(batched, 1, 'none of the three reached the batch')
  },
)

t.test('calendar refusals never reach the group commit either', async (t) => {
  const cf = await newApplicant(ctx, GESTIONE_SEPARATA)
  batched = 0
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-03-31T17:00:00+02:00', frozen: true })
  t.equal((await submit(cf, indemnityBody())).statusCode, 403)
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-06-05T17:00:00+02:00', frozen: true })
  t.equal((await submit(cf, indemnityBody())).statusCode, 403)
  t.equal(batched, 0)
})
