import type { Insertable } from 'kysely'
import type { Executor } from '../../db/executor.js'
import type { AuditEventRow, AuditEventsTable } from './audit.table.js'

export async function insertAuditEvent(db: Executor, row: Insertable<AuditEventsTable>): Promise<void> {
  await db.insertInto('audit_events').values(row).execute()
}

export interface AuditFilter {
  codiceFiscale?: string
  action?: string
  afterSeq?: number
  limit: number
}

export async function listAuditEvents(db: Executor, filter: AuditFilter): Promise<AuditEventRow[]> {
  let query = db.selectFrom('audit_events').selectAll()
  if (filter.codiceFiscale) query = query.where('codice_fiscale', '=', filter.codiceFiscale)
  if (filter.action) query = query.where('action', '=', filter.action)
  if (filter.afterSeq !== undefined) query = query.where('seq', '>', filter.afterSeq)
  return query.orderBy('seq').limit(filter.limit).execute()
}
