import { sql, type Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import './household.table.js'

/** The unique key of household_claims: its violation means the household has applied already. */
export const HOUSEHOLD_CLAIM_CONSTRAINT = 'household_claims_pkey'

/** A rejected application lets go of its household: another member may apply in the round. */
export async function releaseHouseholdClaim(trx: Transaction<Database>, applicationId: string): Promise<void> {
  await trx.deleteFrom('household_claims').where('application_id', '=', applicationId).execute()
}

/** Claims the household again for an application reopened by its riesame; false when another application holds it. */
export async function reclaimHousehold(
  trx: Transaction<Database>,
  claim: { applicationId: string; householdKey: string; benefitCode: string; round: string; at: Date },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('household_claims')
    .values({
      household_key: claim.householdKey,
      benefit_code: claim.benefitCode,
      round: claim.round,
      application_id: claim.applicationId,
      claimed_at: claim.at,
    })
    .onConflict((oc) => oc.constraint(HOUSEHOLD_CLAIM_CONSTRAINT).doNothing())
    .returning('application_id')
    .executeTakeFirst()
  return inserted !== undefined
}

/** The distinct benefits these people were granted (accepted applications), one application left out. */
export async function benefitsGrantedTo(
  trx: Transaction<Database>,
  codiciFiscali: readonly string[],
  exceptApplicationId: string,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('applications')
    .select(sql<string>`DISTINCT benefit_code`.as('benefit_code'))
    .where('codice_fiscale', 'in', codiciFiscali)
    .where('status', '=', 'accepted')
    .where('id', '<>', exceptApplicationId)
    .execute()
  return rows.map((r) => r.benefit_code).sort()
}
