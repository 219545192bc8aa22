import t from 'tap'
import type { Kysely } from 'kysely'
import type { Database } from '../../../src/db/database.js'
import { randomUUID } from 'node:crypto'
import {
  insertSubmissions,
  type NewSubmission,
  type SubmissionOutcome,
} from '../../../src/modules/application/application.repository.js'
import { findBenefit } from '../../../src/modules/application/benefits/catalogue.js'
import { createSubmissionBatcher } from '../../../src/modules/application/submission.service.js'
import { setupTestApp, json } from '../../helper.js'
import { bearer, fixturePerson, newPerson } from '../../factories.js'

// The batcher never touches the database itself: the fake insert below stands for the statement.
const noDb = {} as Kysely<Database>
const item = (id: string) => ({ id }) as NewSubmission
const created = (s: NewSubmission): SubmissionOutcome => ({ kind: 'created', row: { id: s.id } as never })
const idOf = (o: SubmissionOutcome) => (o.kind === 'created' ? o.row.id : o.kind)
const uniqueViolation = () =>
  Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })

t.test('submissions of one turn share a statement, at most maxBatch each, maxInFlight at once', async (t) => {
  const batches: string[][] = []
  let running = 0
  let maxRunning = 0
  const batcher = createSubmissionBatcher(noDb, { maxInFlight: 2, maxBatch: 4 }, async (_db, batch) => {
    batches.push(batch.map((s) => s.id))
    maxRunning = Math.max(maxRunning, ++running)
    await new Promise((resolve) => setTimeout(resolve, 5))
    running--
    return batch.map(created)
  })
  const ids = Array.from({ length: 10 }, (_, i) => `a${i}`)
  const outcomes = await Promise.all(ids.map((id) => batcher.submit(item(id))))
  t.same(outcomes.map(idOf), ids, 'each caller gets its own outcome')
  t.same(
    batches.map((b) => b.length),
    [4, 4, 2],
  )
  t.same(batches.flat(), ids, 'in order of arrival')
  t.equal(maxRunning, 2, 'never more statements than maxInFlight')

  const alone = await batcher.submit(item('late'))
  t.same(batches.at(-1), ['late'], 'at low load a submission leaves alone, without waiting for others')
  t.equal(idOf(alone), 'late')
})

t.test('a unique violation of the batch: its items are retried one by one, only the loser fails', async (t) => {
  const statements: string[][] = []
  const batcher = createSubmissionBatcher(noDb, { maxInFlight: 1, maxBatch: 64 }, async (_db, batch) => {
    statements.push(batch.map((s) => s.id))
    if (batch.length > 1 || batch[0].id === 'loser') throw uniqueViolation()
    return batch.map(created)
  })
  const results = await Promise.allSettled(['w1', 'loser', 'w2'].map((id) => batcher.submit(item(id))))
  t.same(statements, [['w1', 'loser', 'w2'], ['w1'], ['loser'], ['w2']])
  t.match(results, [
    { status: 'fulfilled' },
    { status: 'rejected', reason: { code: '23505' } },
    { status: 'fulfilled' },
  ])
})

t.test('a value of one item that Postgres refuses fails that item only', async (t) => {
  const batcher = createSubmissionBatcher(noDb, { maxInFlight: 1, maxBatch: 64 }, async (_db, batch) => {
    if (batch.some((s) => s.id === 'nul'))
      throw Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' })
    return batch.map(created)
  })
  const results = await Promise.allSettled(['ok1', 'nul', 'ok2'].map((id) => batcher.submit(item(id))))
  t.match(results, [
    { status: 'fulfilled', value: { kind: 'created' } },
    { status: 'rejected', reason: { code: '22P05' } },
    { status: 'fulfilled', value: { kind: 'created' } },
  ])
})

t.test('any other failure reaches every item of the batch, and the next batch still runs', async (t) => {
  let calls = 0
  const batcher = createSubmissionBatcher(noDb, { maxInFlight: 1, maxBatch: 64 }, async (_db, batch) => {
    if (calls++ === 0) throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' })
    return batch.map(created)
  })
  const failed = await Promise.allSettled(['x', 'y'].map((id) => batcher.submit(item(id))))
  t.ok(failed.every((r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'ECONNREFUSED'))
  t.equal(calls, 1, 'not retried: the database is down, not a race')
  t.equal(idOf(await batcher.submit(item('z'))), 'z')
})

t.test('through HTTP and the database', async (t) => {
  const ctx = await setupTestApp(t)
  const db = ctx.database.db
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-02T17:00:00+02:00', frozen: true })
  const token = async (cf: string) =>
    (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
  const submit = (tok: string, body: object, key?: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: { ...bearer(tok), ...(key ? { 'idempotency-key': key } : {}) },
      payload: body,
    })
  const agricultural = {
    benefitCode: 'indennita-agricoli',
    payment: { method: 'post_office' },
    declarations: { truthfulness: true, notPensioner: true, noCitizenshipIncome: true },
  }

  t.test('30 people at once: 30 applications, each with its own protocol, audit entry, receipt and key', async (t) => {
    const people = await Promise.all(
      Array.from({ length: 30 }, () => newPerson(ctx.emulator, { agricultural: { daysWorked2019: 60 } })),
    )
    const tokens = await Promise.all(people.map(token))
    const responses = await Promise.all(tokens.map((tok, i) => submit(tok, agricultural, `crowd-${i}`)))
    t.ok(
      responses.every((r) => r.statusCode === 201),
      'all accepted',
    )
    const answered = responses.map((r) => json(r))
    t.same(
      answered.map((a) => a.codiceFiscale),
      people,
      "each answer is its caller's own application",
    )
    t.equal(new Set(answered.map((a) => a.protocolNumber)).size, 30, 'distinct protocol numbers')

    const ids = answered.map((a) => a.id)
    const keys = await db
      .selectFrom('idempotency_keys')
      .select('application_id')
      .where('application_id', 'in', ids)
      .execute()
    t.equal(keys.length, 30, 'one idempotency record each')
    const receipts = await db
      .selectFrom('outbox')
      .select('codice_fiscale')
      .where('codice_fiscale', 'in', people)
      .execute()
    t.same(receipts.map((r) => r.codice_fiscale).sort(), [...people].sort(), 'one receipt each')
    const audits = await db
      .selectFrom('audit_events')
      .select(['codice_fiscale', 'detail'])
      .where('action', '=', 'application.submitted')
      .where('codice_fiscale', 'in', people)
      .execute()
    t.equal(audits.length, 30)
    t.ok(
      audits.every(
        (a) => ids[people.indexOf(a.codice_fiscale!)] === (a.detail as { applicationId: string }).applicationId,
      ),
      'each audit entry names its own application',
    )
  })

  t.test(
    'the protocol prefix and the receipt wording come from the caller; the number from the database',
    async (t) => {
      const cf = await newPerson(ctx.emulator, { agricultural: { daysWorked2019: 60 } })
      const benefit = findBenefit('indennita-agricoli')!
      const [outcome] = await insertSubmissions(db, [
        {
          id: randomUUID(),
          protocolPrefix: 'PROVA.2021.',
          codiceFiscale: cf,
          benefitCode: benefit.code,
          exclusiveGroup: benefit.exclusiveGroup,
          round: '',
          channel: 'web',
          filedBy: null,
          patronato: null,
          authLevel: 'pin_ordinario',
          payment: { method: 'post_office' },
          declarations: {},
          children: [],
          periods: [],
          submittedAt: new Date('2020-04-02T15:00:00Z'),
          audit: { id: randomUUID(), actorType: 'citizen', actorId: cf, requestId: 'wording-test' },
          receipt: { id: randomUUID(), subject: 'Oggetto {protocol}', body: 'Testo {protocol}, fine' },
          idempotency: null,
        },
      ])
      if (outcome.kind !== 'created') return t.fail(`not created: ${outcome.kind}`)
      const protocol = outcome.row.protocol_number
      t.match(protocol, /^PROVA\.2021\.\d{7}$/, 'the given prefix, then the sequence')
      const receipt = await db
        .selectFrom('outbox')
        .select(['subject', 'body'])
        .where('codice_fiscale', '=', cf)
        .executeTakeFirstOrThrow()
      t.same(
        receipt,
        { subject: `Oggetto ${protocol}`, body: `Testo ${protocol}, fine` },
        'the given texts, with the number in place of {protocol}',
      )
    },
  )

  t.test('one key, two bodies in the same batch: one application, the other caller gets 422', async (t) => {
    const cf = fixturePerson('baby-sitting 1000').codiceFiscale
    const tok = await token(cf)
    const babySitting = {
      benefitCode: 'bonus-baby-sitting',
      declarations: { truthfulness: true, otherParentNotBenefiting: true },
      children: [{ codiceFiscale: 'RSSLCU12A41H501X', birthDate: '2012-01-01' }],
    }
    // Not exclusive: both inserts succeed inside the statement, and the idempotency key collides.
    const [a, b] = await Promise.all([submit(tok, agricultural, 'same-key'), submit(tok, babySitting, 'same-key')])
    t.same([a.statusCode, b.statusCode].sort(), [201, 422])
    t.equal(json([a, b].find((r) => r.statusCode === 422)!).code, 'IDEMPOTENCY_KEY_REUSED')
    const rows = await db.selectFrom('applications').select('id').where('codice_fiscale', '=', cf).execute()
    t.equal(rows.length, 1, 'the batch wrote nothing; the retries wrote one')
    const winner = json([a, b].find((r) => r.statusCode === 201)!)
    t.equal(rows[0].id, winner.id)
  })
})
