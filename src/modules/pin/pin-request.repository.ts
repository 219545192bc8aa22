import { sql, type Transaction } from 'kysely'
import type { Executor } from '../../db/executor.js'
import type { Database, NewRow, Row } from '../../db/database.js'

/**
 * Serialises every PIN step of one person (request, validation, recovery) until the transaction ends.
 * A row lock cannot do it: the person may have no pin_credentials row yet.
 */
export async function lockPersonPin(trx: Transaction<Database>, codiceFiscale: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${'pin:' + codiceFiscale}))`.execute(trx)
}

export async function insertPinRequest(
  trx: Transaction<Database>,
  row: NewRow<'pin_requests'>,
): Promise<Row<'pin_requests'>> {
  return trx.insertInto('pin_requests').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findPinRequest(db: Executor, id: string): Promise<Row<'pin_requests'> | undefined> {
  return db.selectFrom('pin_requests').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function lockPinRequest(trx: Transaction<Database>, id: string): Promise<Row<'pin_requests'> | undefined> {
  return trx.selectFrom('pin_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** A newer request replaces the open ones (but `keep`): they can no longer be validated. Returns their ids. */
export async function supersedeOpenRequests(
  trx: Transaction<Database>,
  codiceFiscale: string,
  keep?: string,
): Promise<string[]> {
  let query = trx
    .updateTable('pin_requests')
    .set({ status: 'superseded' })
    .where('codice_fiscale', '=', codiceFiscale)
    .where('status', 'in', ['issued', 'pending_validation'])
  if (keep) query = query.where('id', '!=', keep)
  const rows = await query.returning('id').execute()
  return rows.map((r) => r.id)
}

export async function markRequestIssued(
  trx: Transaction<Database>,
  id: string,
  at: Date,
  validatedBy: string | null,
): Promise<void> {
  await trx
    .updateTable('pin_requests')
    .set({ status: 'issued', issued_at: at, validated_at: validatedBy ? at : null, validated_by: validatedBy })
    .where('id', '=', id)
    .execute()
}

export async function markRequestValidated(
  trx: Transaction<Database>,
  id: string,
  at: Date,
  validatedBy: string,
): Promise<void> {
  await trx
    .updateTable('pin_requests')
    .set({ validated_at: at, validated_by: validatedBy })
    .where('id', '=', id)
    .execute()
}

export interface WorklistCursor {
  requestedAt: Date
  id: string
}

/**
 * The Contact Center's call-back worklist (docs/rules.md §15): requests waiting for validation, oldest
 * first, keyset-paged on (requested_at, id). Refused requests are never called back.
 */
export async function listPendingValidation(
  db: Executor,
  after: WorklistCursor | undefined,
  limit: number,
): Promise<Row<'pin_requests'>[]> {
  let query = db
    .selectFrom('pin_requests')
    .selectAll()
    .where('status', '=', 'pending_validation')
    .where('refused_reason', 'is', null)
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('requested_at', '>', after.requestedAt),
        eb.and([eb('requested_at', '=', after.requestedAt), eb('id', '>', after.id)]),
      ]),
    )
  }
  return query.orderBy('requested_at', 'asc').orderBy('id', 'asc').limit(limit).execute()
}
