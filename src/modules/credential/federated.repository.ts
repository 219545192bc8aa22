import type { NewRow } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'

/** Records an assertion id as used; false when it already was (a replay, on this instance or another). */
export async function consumeAssertion(db: Executor, row: NewRow<'used_assertions'>): Promise<boolean> {
  const inserted = await db
    .insertInto('used_assertions')
    .values(row)
    .onConflict((oc) => oc.column('jti').doNothing())
    .returning('jti')
    .executeTakeFirst()
  return inserted !== undefined
}
