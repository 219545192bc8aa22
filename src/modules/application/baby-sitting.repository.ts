import { sql, type Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import './baby-sitting.table.js'

/** The unique key of child_claims: its violation means the child is someone's already. */
export const CHILD_CLAIM_CONSTRAINT = 'child_claims_pkey'

/** Serialises the evaluations of one household and benefit until the transaction ends (any number of workers). */
export async function lockHousehold(trx: Transaction<Database>, benefitCode: string, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${benefitCode + ':' + key}))`.execute(trx)
}

/** What the household's accepted applications of a benefit were granted, in euro. */
export async function grantedToHousehold(
  db: Executor,
  benefitCode: string,
  members: readonly string[],
): Promise<number> {
  const row = await db
    .selectFrom('applications')
    .select(sql<number>`coalesce(sum(amount_eur), 0)::int`.as('granted'))
    .where('benefit_code', '=', benefitCode)
    .where('status', '=', 'accepted')
    .where('codice_fiscale', 'in', members)
    .executeTakeFirstOrThrow()
  return row.granted
}

/** The applicant's own baby-sitting application (owner check in the query), locked for the caller's transaction. */
export async function findOwnBabySittingForUpdate(trx: Transaction<Database>, id: string, codiceFiscale: string) {
  return trx
    .selectFrom('applications')
    .select([
      'id',
      'codice_fiscale',
      'benefit_code',
      'status',
      'amount_eur',
      'payment',
      'evaluated_at',
      'libretto_registered_at',
    ])
    .where('id', '=', id)
    .where('codice_fiscale', '=', codiceFiscale)
    .forUpdate()
    .executeTakeFirst()
}

export async function markLibrettoRegistered(trx: Transaction<Database>, id: string, at: Date): Promise<void> {
  await trx
    .updateTable('applications')
    .set({ libretto_registered_at: sql`coalesce(libretto_registered_at, ${at})` })
    .where('id', '=', id)
    .execute()
}
