import type { Insertable } from 'kysely'
import type { Executor } from '../../db/executor.js'
import type { UsedAssertionsTable } from './federated.table.js'

/** Records an assertion id as used; false when it already was (a replay, on this instance or another). */
export async function consumeAssertion(db: Executor, row: Insertable<UsedAssertionsTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('used_assertions')
    .values(row)
    .onConflict((oc) => oc.column('jti').doNothing())
    .returning('jti')
    .executeTakeFirst()
  return inserted !== undefined
}
