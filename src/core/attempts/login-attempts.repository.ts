import { sql, type Transaction } from 'kysely'
import type { Database, Row } from '../../db/database.js'

/**
 * Locks the subject's attempt counter for the transaction, creating it if needed, so concurrent
 * logins for one subject are evaluated one at a time and can never exceed the limit.
 */
export async function lockAttempts(trx: Transaction<Database>, subject: string): Promise<Row<'login_attempts'>> {
  // DO UPDATE (a no-op) rather than DO NOTHING: it returns the row and locks it, in one round trip.
  return trx
    .insertInto('login_attempts')
    .values({ subject })
    .onConflict((oc) => oc.column('subject').doUpdateSet({ subject: (eb) => eb.ref('excluded.subject') }))
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function saveAttempts(
  trx: Transaction<Database>,
  subject: string,
  failedAttempts: number,
  lockedUntil: Date | null,
): Promise<void> {
  await trx
    .updateTable('login_attempts')
    .set({ failed_attempts: failedAttempts, locked_until: lockedUntil, updated_at: sql`now()` })
    .where('subject', '=', subject)
    .execute()
}

/** Recovery lifts a lock (docs/rules.md §3: "for 24 hours, or until recovery"). */
export async function clearAttempts(db: Transaction<Database>, subject: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('subject', '=', subject).execute()
}
