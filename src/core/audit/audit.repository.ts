import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'
import { pageBySeq, type SeqPage } from '../../db/seq-page.repository.js'
import type { NewRow, Row } from '../../db/database.js'

export async function insertAuditEvent(db: Executor, row: NewRow<'audit_events'>): Promise<void> {
  await db.insertInto('audit_events').values(row).execute()
}

/** An entry to write in a batch: its detail as an object (a JSON string would be stored as a JSON string). */
export type AuditEventInput = Omit<NewRow<'audit_events'>, 'detail' | 'occurred_at'> & {
  occurred_at: Date
  detail: Record<string, unknown>
}

/**
 * Many entries in one statement: the rows travel as one JSON parameter (as the request journal's do), so a
 * batch costs one round trip and one plan whatever its size.
 */
export async function insertAuditEvents(db: Executor, rows: readonly AuditEventInput[]): Promise<void> {
  if (rows.length === 0) return
  await sql`
    INSERT INTO audit_events (id, occurred_at, actor_type, actor_id, codice_fiscale, channel, action, outcome, detail,
                              request_id)
    SELECT id, occurred_at, actor_type, actor_id, codice_fiscale, channel, action, outcome, detail, request_id
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
      id uuid, occurred_at timestamptz, actor_type text, actor_id text, codice_fiscale text, channel text,
      action text, outcome text, detail jsonb, request_id text)`.execute(db)
}

export interface AuditFilter extends SeqPage {
  codiceFiscale?: string
  action?: string
}

export async function listAuditEvents(db: Executor, filter: AuditFilter): Promise<Row<'audit_events'>[]> {
  let query = db.selectFrom('audit_events').selectAll()
  if (filter.codiceFiscale) query = query.where('codice_fiscale', '=', filter.codiceFiscale)
  if (filter.action) query = query.where('action', '=', filter.action)
  return pageBySeq(query, filter).execute()
}
