import { sql } from 'kysely'
import t from 'tap'
import { createRequestJournal, type JournalEntryInput } from '../../../src/core/journal/journal.service.js'
import { createTestDatabase } from '../../db.js'

const database = await createTestDatabase()
t.teardown(() => database.close())
const { db } = database
// On Postgres the journal writes with COPY, as the service does; on PGlite with one INSERT a batch.
const { copyFrom } = database

let n = 0
const entry = (): JournalEntryInput => ({
  requestId: `req-${++n}`,
  receivedAt: new Date(Date.UTC(2026, 11, 7, 10, 0, 0, n)),
  emulatedAt: Promise.resolve(new Date('2020-04-01T08:00:00.123Z')),
  method: 'GET',
  route: '/api/v1/benefits',
  path: '/api/v1/benefits',
  status: 200,
  durationMs: 1.23456,
  actor: { type: 'anonymous' },
})
const stored = async () =>
  Number(
    (
      await db
        .selectFrom('emulator_requests')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const heapPages = async () =>
  Number(
    (
      await sql<{
        pages: string
      }>`SELECT pg_relation_size('emulator_requests') / current_setting('block_size')::int AS pages`.execute(db)
    ).rows[0].pages,
  )

// The ids start at 1 in every test: the steps below are counted in ids.
t.beforeEach(async () => {
  await sql`TRUNCATE emulator_requests RESTART IDENTITY`.execute(db)
})

t.test('instants and the emulated time are stored as they were given', async (t) => {
  const journal = createRequestJournal(db, { copyFrom, enabled: true, maxRows: 100, flushMs: 60_000 })
  let arrive: (at: Date) => void = () => undefined
  journal.record({ ...entry(), emulatedAt: new Promise<Date>((resolve) => (arrive = resolve)) })
  journal.record({ ...entry(), emulatedAt: Promise.reject(new Error('clock unreadable')) })
  journal.record({ ...entry(), emulatedAt: new Date('2020-05-19T10:00:00.5Z') })
  const listed = journal.list({})
  arrive(new Date('2020-04-02T15:00:00.007Z'))
  const { items } = await listed
  t.same(
    items.map((i) => i.emulatedAt),
    ['2020-05-19T12:00:00+02:00', undefined, '2020-04-02T17:00:00+02:00'],
    'newest first; a clock that could not be read leaves the entry without its emulated time',
  )
  t.equal(items[2].durationMs, 1.235)
  const rows = await db.selectFrom('emulator_requests').select(['received_at', 'emulated_at']).orderBy('id').execute()
  t.same(
    rows.map((r) => [new Date(r.received_at).toISOString(), r.emulated_at && new Date(r.emulated_at).toISOString()]),
    [
      [`2026-12-07T10:00:00.${String(n - 2).padStart(3, '0')}Z`, '2020-04-02T15:00:00.007Z'],
      [`2026-12-07T10:00:00.${String(n - 1).padStart(3, '0')}Z`, null],
      [`2026-12-07T10:00:00.${String(n).padStart(3, '0')}Z`, '2020-05-19T10:00:00.500Z'],
    ],
    'stored to the millisecond',
  )
})

t.test('trimmed in steps of a tenth of maxRows; lists show the newest maxRows alone', async (t) => {
  const journal = createRequestJournal(db, { copyFrom, enabled: true, maxRows: 50, flushMs: 60_000 })
  const write = async (count: number) => {
    for (let i = 0; i < count; i++) journal.record(entry())
    await journal.flush()
  }
  await write(50)
  t.equal(await stored(), 50, 'nothing trimmed up to maxRows')
  await write(4)
  t.equal(await stored(), 54, 'a batch that crosses no step of 5 ids trims nothing')
  const { items } = await journal.list({ limit: 100 })
  t.equal(items.length, 50, 'but the list shows the newest 50 alone')
  t.equal(items.at(-1)?.requestId, `req-${n - 49}`)
  const fifth = await journal.list({ limit: 1, cursor: String(Number((await lastId()) - 48)) })
  t.equal(fifth.items.length, 1, 'a cursor inside the newest 50 still pages')
  t.same((await journal.list({ cursor: String((await lastId()) - 49) })).items, [], 'and none past them')
  await write(3)
  t.ok((await stored()) <= 50 + 5, 'a batch that crosses a step trims to maxRows')
  t.equal((await journal.list({ limit: 100 })).items.length, 50)
})

async function lastId(): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('emulator_requests')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow()
    ).id,
  )
}

t.test('the table does not grow with what it has written: trims vacuum the dead rows', async (t) => {
  const journal = createRequestJournal(db, { copyFrom, enabled: true, maxRows: 100, flushMs: 60_000 })
  for (let round = 0; round < 60; round++) {
    for (let i = 0; i < 100; i++) journal.record(entry())
    await journal.flush()
  }
  t.ok((await stored()) <= 110 + 100)
  // 6,000 rows fill over 100 pages of 8 KiB without the vacuum.
  t.ok((await heapPages()) < 40, `${await heapPages()} pages`)
})

t.test('a reset that restarts the ids does not stop the trimming', async (t) => {
  const journal = createRequestJournal(db, { copyFrom, enabled: true, maxRows: 20, flushMs: 60_000 })
  for (let i = 0; i < 30; i++) journal.record(entry())
  await journal.flush()
  await sql`TRUNCATE emulator_requests RESTART IDENTITY`.execute(db)
  for (let i = 0; i < 30; i++) journal.record(entry())
  await journal.flush()
  t.ok((await stored()) <= 22, 'trimmed again from the first ids')
  t.equal(await lastId(), 30)
})

t.test('a batch that cannot be written is dropped and told, and the next one is written', async (t) => {
  const dropped: number[] = []
  const journal = createRequestJournal(db, {
    copyFrom,
    enabled: true,
    maxRows: 100,
    flushMs: 60_000,
    onError: (_error, count) => dropped.push(count),
  })
  journal.record({ ...entry(), status: 2_147_483_648 })
  journal.record(entry())
  await journal.flush()
  t.same(dropped, [2], 'the whole batch, in one statement')
  journal.record(entry())
  await journal.flush()
  t.equal(await stored(), 1)
  if (copyFrom) {
    // A COPY that failed half way leaves no connection behind in a state the next one would trip on.
    const failed = await copyFrom('COPY emulator_requests (status) FROM STDIN', 'not a number\n').catch((e: Error) => e)
    t.match(failed, { code: '22P02' })
    t.equal(await stored(), 1)
  }
})

t.test('values with the characters COPY escapes come back as they were recorded', async (t) => {
  const journal = createRequestJournal(db, { copyFrom, enabled: true, maxRows: 100, flushMs: 60_000 })
  const odd = 'a\\b\tc\nd\re \\N \\t'
  journal.record({
    ...entry(),
    requestId: odd,
    route: undefined,
    path: `/api/v1/${odd}`,
    code: odd,
    actor: { type: 'operator', id: '\\N' },
    codiceFiscale: undefined,
  })
  const { items } = await journal.list({})
  t.same(items, [
    {
      requestId: odd,
      receivedAt: items[0]?.receivedAt,
      emulatedAt: '2020-04-01T10:00:00+02:00',
      method: 'GET',
      path: `/api/v1/${odd}`,
      status: 200,
      code: odd,
      durationMs: 1.235,
      actor: { type: 'operator', id: '\\N' },
    },
  ])
  const [row] = await db.selectFrom('emulator_requests').select(['route', 'codice_fiscale']).execute()
  t.same(row, { route: null, codice_fiscale: null }, 'absent values are stored as null, not as text')
})

t.test('a trim that fails is told with nothing dropped', async (t) => {
  // VACUUM refuses to run inside a transaction: a journal on one sees its trim fail (and the transaction
  // with it, which is rolled back here).
  const told: Array<[string, number]> = []
  await db
    .transaction()
    .execute(async (trx) => {
      const journal = createRequestJournal(trx, {
        enabled: true,
        maxRows: 2,
        flushMs: 60_000,
        onError: (error, count) => told.push([(error as Error).message, count]),
      })
      for (let i = 0; i < 3; i++) journal.record(entry())
      await journal.flush()
      throw new Error('rolled back')
    })
    .catch((error: Error) => t.equal(error.message, 'rolled back'))
  t.equal(told.length, 1, 'told once: the batch itself was written')
  t.match(told[0], [/VACUUM/, 0])
})
