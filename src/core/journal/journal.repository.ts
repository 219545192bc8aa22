import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'
// Adds emulator_requests to Database.
import type { EmulatorRequestsTable } from './journal.table.js'

/**
 * A journal row as it travels to the database: the table's columns, with the instants as epoch
 * milliseconds. JSON.stringify writes a number on its fast path, where a Date sends every row through
 * toJSON, and Postgres reads a number quicker than a timestamp's text.
 */
export type JournalRow = Omit<EmulatorRequestsTable, 'id' | 'received_at' | 'emulated_at'> & {
  received_at: number
  emulated_at: number | null
}

export interface JournalFilter {
  method?: string
  /** A prefix of the path. */
  path?: string
  status?: number
  code?: string
  codiceFiscale?: string
  /** Rows older than this id (keyset paging, newest first). */
  beforeId?: number
  /** Only the newest this many rows of the table are listed (older ones wait for the next trim). */
  newest: number
  limit: number
}

/**
 * One statement for the whole batch: the rows travel as one JSON parameter (a multi-row VALUES would bind
 * twelve parameters a row, which the driver and the planner pay for on the request path's CPU). Answers
 * the lowest and highest ids written.
 */
export async function appendRequests(db: Executor, rows: JournalRow[]): Promise<{ firstId: number; lastId: number }> {
  const { rows: written } = await sql<{ firstId: string; lastId: string }>`
    WITH written AS (
      INSERT INTO emulator_requests (request_id, received_at, emulated_at, method, route, path, status, code,
                                     duration_ms, actor_type, actor_id, codice_fiscale)
      SELECT request_id, to_timestamp(received_at / 1000), to_timestamp(emulated_at / 1000), method, route, path,
             status, code, duration_ms, actor_type, actor_id, codice_fiscale
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
        request_id text, received_at double precision, emulated_at double precision, method text, route text,
        path text, status integer, code text, duration_ms double precision, actor_type text, actor_id text,
        codice_fiscale text)
      RETURNING id
    )
    SELECT min(id) AS "firstId", max(id) AS "lastId" FROM written`.execute(db)
  return { firstId: Number(written[0].firstId), lastId: Number(written[0].lastId) }
}

/** A `COPY … FROM STDIN` runner (the database handle's, on Postgres). */
export type CopyFrom = (statement: string, data: string) => Promise<void>

// COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped; \N is null.
const SPECIAL = /[\\\t\n\r]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }
const text = (value: string | null) => (value === null ? '\\N' : value.replace(SPECIAL, (c) => ESCAPES[c]))
// A column's instants repeat from row to row (a frozen emulated clock, several requests a millisecond):
// each column keeps the text of its last one.
function instantColumn(): (ms: number | null) => string {
  let last = NaN
  let lastText = ''
  return (ms) => {
    if (ms === null) return '\\N'
    if (ms !== last) {
      lastText = new Date(ms).toISOString()
      last = ms
    }
    return lastText
  }
}
const receivedAt = instantColumn()
const emulatedAt = instantColumn()

/**
 * appendRequests through COPY: Postgres reads text rows for about half of what it spends taking them
 * out of a JSON parameter (docs/running-at-scale.md). COPY answers no ids, so the highest is read
 * afterwards: other instances' rows written meanwhile may be counted in, which only moves a trim by a batch.
 */
export async function copyRequests(
  db: Executor,
  copy: CopyFrom,
  rows: JournalRow[],
): Promise<{ firstId: number; lastId: number }> {
  let data = ''
  for (const r of rows) {
    data += `${text(r.request_id)}\t${receivedAt(r.received_at)}\t${emulatedAt(r.emulated_at)}\t${text(r.method)}\t${text(r.route)}\t`
    data += `${text(r.path)}\t${r.status}\t${text(r.code)}\t${r.duration_ms}\t${text(r.actor_type)}\t${text(r.actor_id)}\t${text(r.codice_fiscale)}\n`
  }
  await copy(
    `COPY emulator_requests (request_id, received_at, emulated_at, method, route, path, status, code, duration_ms,
                             actor_type, actor_id, codice_fiscale) FROM STDIN`,
    data,
  )
  const { rows: newest } = await sql<{ lastId: string }>`SELECT max(id) AS "lastId" FROM emulator_requests`.execute(db)
  const lastId = Number(newest[0].lastId)
  return { firstId: lastId - rows.length + 1, lastId }
}

/**
 * Deletes the rows up to `throughId`, then vacuums the table, so that its dead rows neither pile up
 * (autovacuum may be off, as on this project's CI) nor push the sandbox's live data out of the cache.
 * VACUUM cannot run in a transaction: `db` must not be one. SKIP_LOCKED: another instance's vacuum of
 * the same rows is enough.
 */
export async function trimRequests(db: Executor, throughId: number): Promise<void> {
  await sql`DELETE FROM emulator_requests WHERE id <= ${throughId}`.execute(db)
  await sql`VACUUM (SKIP_LOCKED) emulator_requests`.execute(db)
}

export async function listRequests(db: Executor, filter: JournalFilter) {
  let query = db
    .selectFrom('emulator_requests')
    .selectAll()
    .where('id', '>', sql<number>`(SELECT max(id) FROM emulator_requests) - ${filter.newest}`)
  if (filter.method) query = query.where('method', '=', filter.method)
  if (filter.path) query = query.where(sql<boolean>`starts_with(path, ${filter.path})`)
  if (filter.status !== undefined) query = query.where('status', '=', filter.status)
  if (filter.code) query = query.where('code', '=', filter.code)
  if (filter.codiceFiscale) query = query.where('codice_fiscale', '=', filter.codiceFiscale)
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId)
  return query.orderBy('id', 'desc').limit(filter.limit).execute()
}

export async function clearRequests(db: Executor): Promise<void> {
  await db.deleteFrom('emulator_requests').execute()
}
