import { sql, type Insertable } from 'kysely'
import type { Executor } from '../../db/executor.js'
import type { EmulatorRequestsTable } from './journal.table.js'
// Adds emulator_requests to Database.
import './journal.table.js'

export type JournalRow = Insertable<EmulatorRequestsTable>

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

/** One INSERT for the whole batch, then the oldest rows past `maxRows` go (one range delete on the key). */
export async function appendRequests(db: Executor, rows: JournalRow[], maxRows: number): Promise<void> {
  if (rows.length === 0) return
  await db.insertInto('emulator_requests').values(rows).execute()
  await sql`DELETE FROM emulator_requests WHERE id <= (SELECT max(id) FROM emulator_requests) - ${maxRows}`.execute(db)
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
