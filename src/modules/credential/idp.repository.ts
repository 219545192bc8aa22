import { sql, type Insertable, type Selectable } from 'kysely'
import type { Executor } from '../../db/executor.js'
import type { IdpKeysTable, UsedAssertionsTable } from '../../db/database.js'

export type IdpKeyRow = Selectable<IdpKeysTable>

export async function listIdpKeys(db: Executor): Promise<IdpKeyRow[]> {
  return db.selectFrom('idp_keys').selectAll().orderBy('created_at', 'desc').execute()
}

export async function findIdpKey(db: Executor, kid: string): Promise<IdpKeyRow | undefined> {
  return db.selectFrom('idp_keys').selectAll().where('kid', '=', kid).executeTakeFirst()
}

export async function insertIdpKey(db: Executor, key: Insertable<IdpKeysTable>): Promise<void> {
  await db.insertInto('idp_keys').values(key).onConflict((oc) => oc.column('kid').doNothing()).execute()
}

/** Instances creating the IdP key together must agree on one. */
export async function lockIdpKeyCreation(db: Executor): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('inps-emulator-idp-key'))`.execute(db)
}

/** Records an assertion id as used; false when it already was (a replay, on this instance or another). */
export async function consumeAssertion(db: Executor, row: Insertable<UsedAssertionsTable>): Promise<boolean> {
  const inserted = await db.insertInto('used_assertions').values(row).onConflict((oc) => oc.column('jti').doNothing()).returning('jti').executeTakeFirst()
  return inserted !== undefined
}
