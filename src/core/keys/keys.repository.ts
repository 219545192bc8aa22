import { sql, type Insertable, type Transaction } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import type { KeysTable } from './keys.table.js'

/** The tables that hold key pairs: the access-token keys and the test IdP's keys share one shape. */
export type KeyTableName = 'signing_keys' | 'idp_keys'
export async function listKeys(db: Executor, table: KeyTableName): Promise<Row<'signing_keys'>[]> {
  return db.selectFrom(table).selectAll().orderBy('created_at', 'desc').execute()
}

export async function findKey(
  db: Executor,
  table: KeyTableName,
  kid: string,
): Promise<Row<'signing_keys'> | undefined> {
  return db.selectFrom(table).selectAll().where('kid', '=', kid).executeTakeFirst()
}

export async function insertKey(db: Executor, table: KeyTableName, key: Insertable<KeysTable>): Promise<void> {
  await db
    .insertInto(table)
    .values(key)
    .onConflict((oc) => oc.column('kid').doNothing())
    .execute()
}

/** Instances starting together must agree on one key: the first creates it, the others read it. */
export async function lockKeyCreation(trx: Transaction<Database>, lockName: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${lockName}))`.execute(trx)
}
