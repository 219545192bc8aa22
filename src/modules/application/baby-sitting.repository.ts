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

/** The household's accepted applications of these benefits, as the alternative rules weigh them. */
export async function acceptedOfHousehold(db: Executor, benefitCodes: readonly string[], members: readonly string[]) {
  if (benefitCodes.length === 0) return []
  return db
    .selectFrom('applications')
    .select(['benefit_code', 'codice_fiscale', 'amount_eur', 'periods'])
    .where('benefit_code', 'in', benefitCodes)
    .where('status', '=', 'accepted')
    .where('codice_fiscale', 'in', members)
    .orderBy('submitted_at')
    .execute()
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

/** A rejected application lets go of its children: another application of the round may name them. */
export async function releaseChildClaims(trx: Transaction<Database>, applicationId: string): Promise<void> {
  await trx.deleteFrom('child_claims').where('application_id', '=', applicationId).execute()
}

/**
 * Claims the children again for an application reopened by its riesame; false when another application
 * of the round holds one of them (nothing is taken from it).
 */
export async function reclaimChildren(
  trx: Transaction<Database>,
  claim: { applicationId: string; children: readonly string[]; round: string; at: Date },
): Promise<boolean> {
  const children = [...new Set(claim.children)]
  if (children.length === 0) return true
  await trx
    .insertInto('child_claims')
    .values(
      children.map((child) => ({
        child_codice_fiscale: child,
        application_id: claim.applicationId,
        claimed_at: claim.at,
        round: claim.round,
      })),
    )
    .onConflict((oc) => oc.constraint(CHILD_CLAIM_CONSTRAINT).doNothing())
    .execute()
  const held = await trx
    .selectFrom('child_claims')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('application_id', '=', claim.applicationId)
    .executeTakeFirstOrThrow()
  return held.n === children.length
}
