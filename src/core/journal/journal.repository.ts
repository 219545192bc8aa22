import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'
// Adds emulator_requests to Database.
import './journal.table.js'
import type { NewRow } from '../../db/database.js'

export interface JournalFilter {
  method?: string
  /** A prefix of the path. */
  path?: string
  status?: number
  code?: string
  codiceFiscale?: string
  /** Rows older than this id (keyset paging, newest first). */
  beforeId?: number
  limit: number
}

/**
 * One statement for the whole batch: the rows travel as one JSON parameter (a multi-row VALUES would bind
 * twelve parameters a row, which the driver and the planner pay for on the request path's CPU), and the
 * oldest rows past `maxRows` go in the same round trip (one range delete on the key). The delete cannot
 * see the rows its own statement writes, so a batch larger than `maxRows` keeps only its newest.
 */
export async function appendRequests(
  db: Executor,
  rows: NewRow<'emulator_requests'>[],
  maxRows: number,
): Promise<void> {
  if (rows.length === 0) return
  await sql`
    WITH written AS (
      INSERT INTO emulator_requests (request_id, received_at, emulated_at, method, route, path, status, code,
                                     duration_ms, actor_type, actor_id, codice_fiscale)
      SELECT request_id, received_at, emulated_at, method, route, path, status, code,
             duration_ms, actor_type, actor_id, codice_fiscale
      FROM json_to_recordset(${JSON.stringify(rows.slice(-maxRows))}::json) AS r(
        request_id text, received_at timestamptz, emulated_at timestamptz, method text, route text, path text,
        status integer, code text, duration_ms double precision, actor_type text, actor_id text, codice_fiscale text)
      RETURNING id
    )
    DELETE FROM emulator_requests WHERE id <= (SELECT max(id) FROM written) - ${maxRows}`.execute(db)
}

export async function listRequests(db: Executor, filter: JournalFilter) {
  let query = db.selectFrom('emulator_requests').selectAll()
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
