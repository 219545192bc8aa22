import { sql, type Transaction } from 'kysely'
import type { Executor } from '../../db/executor.js'
import { pageBySeq, type SeqPage } from '../../db/seq-page.repository.js'
import type { Database, NewRow, Row } from '../../db/database.js'
import type { DispositivoRequestStatus, PinDispositivoDocumentsTable } from './dispositivo-request.table.js'

/**
 * Inserts a request unless the person already has one under review (partial unique index
 * pin_dispositivo_requests_one_open): undefined then, with no exception to abort the transaction.
 */
export async function insertOpenRequest(
  trx: Transaction<Database>,
  row: NewRow<'pin_dispositivo_requests'>,
): Promise<Row<'pin_dispositivo_requests'> | undefined> {
  return (
    trx
      .insertInto('pin_dispositivo_requests')
      .values(row)
      // A literal, not a parameter: Postgres must see that the predicate matches the index's.
      .onConflict((oc) => oc.column('codice_fiscale').where('status', '=', sql.lit('under_review')).doNothing())
      .returningAll()
      .executeTakeFirst()
  )
}

export async function insertDocuments(
  trx: Transaction<Database>,
  rows: NewRow<'pin_dispositivo_documents'>[],
): Promise<void> {
  await trx.insertInto('pin_dispositivo_documents').values(rows).execute()
}

export async function findOpenRequestId(db: Executor, codiceFiscale: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('pin_dispositivo_requests')
    .select('id')
    .where('codice_fiscale', '=', codiceFiscale)
    .where('status', '=', 'under_review')
    .executeTakeFirst()
  return row?.id
}

/** Owner check in the same query: someone else's id reads exactly like an unknown one. */
export async function findOwnRequest(
  db: Executor,
  id: string,
  codiceFiscale: string,
): Promise<Row<'pin_dispositivo_requests'> | undefined> {
  return db
    .selectFrom('pin_dispositivo_requests')
    .selectAll()
    .where('id', '=', id)
    .where('codice_fiscale', '=', codiceFiscale)
    .executeTakeFirst()
}

export async function findRequest(db: Executor, id: string): Promise<Row<'pin_dispositivo_requests'> | undefined> {
  return db.selectFrom('pin_dispositivo_requests').selectAll().where('id', '=', id).executeTakeFirst()
}

export interface QueueFilter extends SeqPage {
  status?: DispositivoRequestStatus
}

/** The review queue, oldest first. */
export async function listRequests(db: Executor, filter: QueueFilter): Promise<Row<'pin_dispositivo_requests'>[]> {
  let query = db.selectFrom('pin_dispositivo_requests').selectAll()
  if (filter.status) query = query.where('status', '=', filter.status)
  return pageBySeq(query, filter).execute()
}

export type DocumentMeta = Pick<PinDispositivoDocumentsTable, 'request_id' | 'field' | 'mime_type' | 'size' | 'sha256'>

/** What the reviewer sees about the files, without loading their bytes. */
export async function listDocumentMeta(db: Executor, requestIds: string[]): Promise<DocumentMeta[]> {
  if (requestIds.length === 0) return []
  return db
    .selectFrom('pin_dispositivo_documents')
    .select(['request_id', 'field', 'mime_type', 'size', 'sha256'])
    .where('request_id', 'in', requestIds)
    .orderBy('request_id')
    .orderBy('field', 'desc')
    .execute()
}

export async function findDocument(db: Executor, requestId: string, field: string) {
  return db
    .selectFrom('pin_dispositivo_documents')
    .select(['mime_type', 'size', 'sha256', 'content'])
    .where('request_id', '=', requestId)
    .where('field', '=', field as PinDispositivoDocumentsTable['field'])
    .executeTakeFirst()
}

/**
 * A decision is taken once: the status condition is re-checked by Postgres after any concurrent
 * writer commits, so of two racing reviewers exactly one gets the row back.
 */
export async function decideRequest(
  trx: Transaction<Database>,
  id: string,
  decision: { status: 'approved' | 'rejected'; reason: string | null; decidedBy: string; at: Date },
): Promise<Row<'pin_dispositivo_requests'> | undefined> {
  return trx
    .updateTable('pin_dispositivo_requests')
    .set({ status: decision.status, reason: decision.reason, decided_by: decision.decidedBy, decided_at: decision.at })
    .where('id', '=', id)
    .where('status', '=', 'under_review')
    .returningAll()
    .executeTakeFirst()
}
