import t from 'tap'
import { createRequestJournal, type JournalEntryInput } from '../../../src/core/journal/journal.service.js'
import { createTestDatabase } from '../../db.js'

// Each instant column keeps the text of its last instant (journal.repository.ts): rows whose instants
// repeat, change and come back must each keep their own, received and emulated apart.
const database = await createTestDatabase()
t.teardown(() => database.close())
const { db, copyFrom } = database

const entry = (n: number, receivedMs: number, emulated: string | undefined): JournalEntryInput => ({
  requestId: `instants-${n}`,
  receivedAt: new Date(Date.UTC(2026, 11, 7, 10, 0, 0, receivedMs)),
  emulatedAt: emulated === undefined ? Promise.resolve(undefined) : new Date(emulated),
  method: 'GET',
  path: '/api/v1/benefits',
  status: 200,
  durationMs: 1,
  actor: { type: 'anonymous' },
})

t.test('repeated, changed and returning instants are each written as they were', async (t) => {
  const journal = createRequestJournal(db, { enabled: true, maxRows: 1000, flushMs: 60_000, copyFrom })
  t.teardown(() => journal.close())
  const cases: Array<[number, string | undefined]> = [
    [1, '2020-04-01T08:00:00.123Z'],
    [1, '2020-04-01T08:00:00.123Z'],
    [2, '2020-04-01T08:00:00.124Z'],
    [1, undefined],
    [1, '2020-04-01T08:00:00.123Z'],
  ]
  cases.forEach(([received, emulated], n) => journal.record(entry(n, received, emulated)))
  await journal.flush()
  const rows = await db
    .selectFrom('emulator_requests')
    .select(['request_id', 'received_at', 'emulated_at'])
    .where('request_id', 'like', 'instants-%')
    .orderBy('request_id')
    .execute()
  t.same(
    rows.map((r) => [
      r.request_id,
      new Date(r.received_at).getTime(),
      r.emulated_at && new Date(r.emulated_at).toISOString(),
    ]),
    cases.map(([received, emulated], n) => [
      `instants-${n}`,
      Date.UTC(2026, 11, 7, 10, 0, 0, received),
      emulated ?? null,
    ]),
  )
})
