import { sql, type Insertable, type Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import type { ApplicationRow, ApplicationsTable, IdempotencyKeysTable, IdempotencyRow } from './application.table.js'

/** Serialises the submissions of one person (any channel, any instance) for the transaction. */
export async function lockPersonApplications(trx: Transaction<Database>, codiceFiscale: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${'application:' + codiceFiscale}))`.execute(trx)
}

/** Serialises retries of one idempotency key, so the second waits and then replays the first. */
export async function lockIdempotencyKey(trx: Transaction<Database>, caller: string, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`idempotency:${caller}:${key}`}))`.execute(trx)
}

export async function findIdempotencyRecord(db: Executor, caller: string, key: string): Promise<IdempotencyRow | undefined> {
  return db.selectFrom('idempotency_keys').selectAll().where('caller', '=', caller).where('key', '=', key).executeTakeFirst()
}

export async function insertIdempotencyRecord(trx: Transaction<Database>, row: Insertable<IdempotencyKeysTable>): Promise<void> {
  await trx.insertInto('idempotency_keys').values(row).execute()
}

export async function benefitsAppliedFor(trx: Transaction<Database>, codiceFiscale: string): Promise<Array<Pick<ApplicationRow, 'benefit_code' | 'exclusive_group'>>> {
  return trx.selectFrom('applications').select(['benefit_code', 'exclusive_group']).where('codice_fiscale', '=', codiceFiscale).execute()
}

export async function nextProtocolSequence(trx: Transaction<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT nextval('application_protocol_number')::int AS n`.execute(trx)
  return rows[0].n
}

export async function insertApplication(trx: Transaction<Database>, row: Insertable<ApplicationsTable>): Promise<ApplicationRow> {
  return trx.insertInto('applications').values(row).returningAll().executeTakeFirstOrThrow()
}

/** Owner check in the same query (SPEC 10): another person's id simply does not exist. */
export async function findOwnApplication(db: Executor, id: string, codiceFiscale: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).where('codice_fiscale', '=', codiceFiscale).executeTakeFirst()
}

export async function findPatronatoApplication(db: Executor, id: string, patronato: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).where('patronato', '=', patronato).executeTakeFirst()
}

export interface ApplicationCursor {
  submittedAt: Date
  id: string
}

/** Newest first, keyset-paginated; `owner` is the only filter that ever selects rows. */
export async function listApplications(
  db: Executor,
  owner: { codiceFiscale: string } | { patronato: string },
  after: ApplicationCursor | undefined,
  limit: number,
): Promise<ApplicationRow[]> {
  let query = db.selectFrom('applications').selectAll()
  query = 'codiceFiscale' in owner ? query.where('codice_fiscale', '=', owner.codiceFiscale) : query.where('patronato', '=', owner.patronato)
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('submitted_at', '<', after.submittedAt), eb.and([eb('submitted_at', '=', after.submittedAt), eb('id', '<', after.id)])]),
    )
  }
  return query.orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}

export async function registerLibretto(db: Executor, id: string, codiceFiscale: string, at: Date): Promise<ApplicationRow | undefined> {
  return db
    .updateTable('applications')
    .set({ libretto_registered_at: sql`coalesce(libretto_registered_at, ${at})` })
    .where('id', '=', id)
    .where('codice_fiscale', '=', codiceFiscale)
    .returningAll()
    .executeTakeFirst()
}

/** Claims a batch of pending applications; other workers skip the rows this one holds. */
export async function claimPendingApplications(trx: Transaction<Database>, limit: number): Promise<ApplicationRow[]> {
  return trx
    .selectFrom('applications')
    .selectAll()
    .where('status', '=', 'submitted')
    .orderBy('submitted_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

export async function saveEvaluation(
  trx: Transaction<Database>,
  id: string,
  outcome: { status: 'accepted' | 'rejected'; reasons: string[]; amountEur: number | null; paymentDate: string | null; evaluatedAt: Date },
): Promise<void> {
  await trx
    .updateTable('applications')
    .set({
      status: outcome.status,
      reasons: JSON.stringify(outcome.reasons),
      amount_eur: outcome.amountEur,
      payment_date: outcome.paymentDate,
      evaluated_at: outcome.evaluatedAt,
    })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .execute()
}

export async function countByBenefitAndStatus(db: Executor): Promise<Array<{ benefit_code: string; status: string; count: number }>> {
  return db
    .selectFrom('applications')
    .select(['benefit_code', 'status', sql<number>`count(*)::int`.as('count')])
    .groupBy(['benefit_code', 'status'])
    .execute()
}

export async function insertMandate(db: Executor, row: { id: string; patronato: string; codice_fiscale: string; granted_by: string; created_at: Date }) {
  await db.insertInto('patronato_mandates').values(row).onConflict((oc) => oc.constraint('patronato_mandates_once').doNothing()).execute()
  return db
    .selectFrom('patronato_mandates')
    .selectAll()
    .where('patronato', '=', row.patronato)
    .where('codice_fiscale', '=', row.codice_fiscale)
    .executeTakeFirstOrThrow()
}

export async function hasMandate(db: Executor, patronato: string, codiceFiscale: string): Promise<boolean> {
  const row = await db.selectFrom('patronato_mandates').select('id').where('patronato', '=', patronato).where('codice_fiscale', '=', codiceFiscale).executeTakeFirst()
  return row !== undefined
}
