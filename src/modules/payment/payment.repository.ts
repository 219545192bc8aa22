import type { Executor } from '../../db/executor.js'
import { sql } from 'kysely'
import { CITIZENSHIP_INCOME_METHOD } from './payment.schemas.js'
import type { NewRow, Row } from '../../db/database.js'

/**
 * Inserts a payment. A second one for the same person, benefit and month is ignored, or, with 'add',
 * added to the scheduled one: a baby-sitter's work entered on the Libretto Famiglia is paid once a month
 * (docs/rules.md §13). Undefined when nothing was written (ignored, or the month went out already).
 */
export async function insertPayment(
  db: Executor,
  row: NewRow<'payments'>,
  onDuplicate: 'ignore' | 'add',
): Promise<Row<'payments'> | undefined> {
  return db
    .insertInto('payments')
    .values(row)
    .onConflict((oc) => {
      const conflict = oc.constraint('payments_once_per_period')
      return onDuplicate === 'ignore'
        ? conflict.doNothing()
        : conflict
            .doUpdateSet({ amount_eur: sql`payments.amount_eur + excluded.amount_eur` })
            .where('payments.status', '=', 'scheduled')
    })
    .returningAll()
    .executeTakeFirst()
}

export async function listPaymentsOf(db: Executor, codiceFiscale: string): Promise<Row<'payments'>[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('codice_fiscale', '=', codiceFiscale)
    .orderBy('period')
    .orderBy('benefit_code')
    .execute()
}

export async function listPaymentsOfApplications(
  db: Executor,
  applicationIds: readonly string[],
): Promise<Row<'payments'>[]> {
  if (applicationIds.length === 0) return []
  return db.selectFrom('payments').selectAll().where('application_id', 'in', applicationIds).orderBy('period').execute()
}

/**
 * A new method or IBAN for the payments of an application not paid yet; the paid ones are left alone, and so are
 * the citizenship-income top-ups, which go on the RdC card whatever the application says.
 */
export async function redirectUnpaid(
  db: Executor,
  applicationId: string,
  change: {
    method: string
    iban: string | null
    status: 'scheduled' | 'failed'
    failureReason: string | null
    valueDate: string
  },
): Promise<Row<'payments'>[]> {
  return db
    .updateTable('payments')
    .set({
      method: change.method,
      iban: change.iban,
      status: change.status,
      failure_reason: change.failureReason,
      value_date: change.valueDate,
    })
    .where('application_id', '=', applicationId)
    .where('status', '!=', 'paid')
    .where('method', '!=', CITIZENSHIP_INCOME_METHOD)
    .returningAll()
    .execute()
}

/**
 * Scheduled payments whose value date has come are paid. One conditional UPDATE: running it twice, or
 * on several instances at once, pays each payment exactly once. A month waits while an earlier month of
 * its application will stay unpaid through this statement (failed, or not due yet): months due together
 * go together (docs/rules.md §12).
 */
export async function payDue(db: Executor, today: string, at: Date): Promise<Row<'payments'>[]> {
  return db
    .updateTable('payments as p')
    .set({ status: 'paid', paid_at: at })
    .where('p.status', '=', 'scheduled')
    .where('p.value_date', '<=', today)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('payments as earlier')
            .select('earlier.id')
            .whereRef('earlier.application_id', '=', 'p.application_id')
            .whereRef('earlier.period', '<', 'p.period')
            .where((eb) =>
              eb.or([
                eb('earlier.status', '=', 'failed'),
                eb.and([
                  eb('earlier.status', '=', 'scheduled'),
                  eb.or([eb('earlier.value_date', 'is', null), eb('earlier.value_date', '>', today)]),
                ]),
              ]),
            ),
        ),
      ),
    )
    .returningAll()
    .execute()
}

export async function upsertBudget(db: Executor, benefitCode: string, capEur: number): Promise<Row<'budgets'>> {
  return db
    .insertInto('budgets')
    .values({ benefit_code: benefitCode, cap_eur: capEur, granted_eur: 0 })
    .onConflict((oc) => oc.column('benefit_code').doUpdateSet({ cap_eur: capEur }))
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function listBudgets(db: Executor): Promise<Row<'budgets'>[]> {
  return db.selectFrom('budgets').selectAll().orderBy('benefit_code').execute()
}

export async function findBudget(db: Executor, benefitCode: string): Promise<Row<'budgets'> | undefined> {
  return db.selectFrom('budgets').selectAll().where('benefit_code', '=', benefitCode).executeTakeFirst()
}

/** Locks every budget row until the transaction ends: evaluation runs that grant against caps take turns. */
export async function lockBudgets(db: Executor): Promise<Row<'budgets'>[]> {
  return db.selectFrom('budgets').selectAll().orderBy('benefit_code').forUpdate().execute()
}

/** Adds to what a capped benefit has granted, only if it still fits; undefined when it does not (or there is no cap). */
export async function grantFromBudget(
  db: Executor,
  benefitCode: string,
  amountEur: number,
): Promise<Row<'budgets'> | undefined> {
  return db
    .updateTable('budgets')
    .set((eb) => ({ granted_eur: eb('granted_eur', '+', amountEur) }))
    .where('benefit_code', '=', benefitCode)
    .where((eb) => eb(eb('granted_eur', '+', amountEur), '<=', eb.ref('cap_eur')))
    .returningAll()
    .executeTakeFirst()
}
