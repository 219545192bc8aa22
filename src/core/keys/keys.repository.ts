import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'
import type { SigningKeysTable } from '../../db/database.js'
import type { Insertable, Selectable } from 'kysely'

export type SigningKeyRow = Selectable<SigningKeysTable>

export async function listSigningKeys(db: Executor): Promise<SigningKeyRow[]> {
  return db.selectFrom('signing_keys').selectAll().orderBy('created_at', 'desc').execute()
}

export async function insertSigningKey(db: Executor, key: Insertable<SigningKeysTable>): Promise<void> {
  await db.insertInto('signing_keys').values(key).onConflict((oc) => oc.column('kid').doNothing()).execute()
}

/** Instances starting together must agree on one key: the first creates it, the others read it. */
export async function lockKeyCreation(db: Executor): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('inps-emulator-signing-key'))`.execute(db)
}
