import type { Transaction } from 'kysely'
import type { Database, NewRow, Row } from '../../db/database.js'

/**
 * Accepted applications of these benefits the instalment job has not dealt with yet for this paying
 * benefit, locked for this transaction, in id order after `afterId`: a run goes on from its last batch
 * instead of walking again past every row it has dealt with. SKIP LOCKED: instances running the job at
 * once take different rows.
 */
export async function claimBeneficiaries(
  trx: Transaction<Database>,
  payingBenefitCode: string,
  benefitCodes: readonly string[],
  limit: number,
  afterId?: string,
): Promise<Row<'applications'>[]> {
  let query = trx.selectFrom('applications').selectAll()
  if (afterId !== undefined) query = query.where('id', '>', afterId)
  return query
    .where('status', '=', 'accepted')
    .where('benefit_code', 'in', benefitCodes)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('dl34_instalments')
            .select('application_id')
            .whereRef('dl34_instalments.application_id', '=', 'applications.id')
            .where('dl34_instalments.paying_benefit_code', '=', payingBenefitCode),
        ),
      ),
    )
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

/** Marks an application as dealt with for a paying benefit; false when another run did it first (the payments' unique key kept them single anyway). */
export async function recordInstalments(trx: Transaction<Database>, row: NewRow<'dl34_instalments'>): Promise<boolean> {
  const inserted = await trx
    .insertInto('dl34_instalments')
    .values(row)
    .onConflict((oc) => oc.columns(['application_id', 'paying_benefit_code']).doNothing())
    .returning('application_id')
    .executeTakeFirst()
  return inserted !== undefined
}
