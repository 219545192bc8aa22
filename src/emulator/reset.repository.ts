import { sql, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { Executor } from '../db/executor.js'
// Adds emulator_state to Database.
import './emulator.table.js'

/**
 * Tables that survive a reset: the migration ledger, the clock row (reset separately), the IdP's keys
 * and the saved snapshots. The access tokens' signing keys go: tokens issued before a reset are refused.
 */
const KEPT_TABLES = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'emulator_clock',
  'idp_keys',
  'emulator_snapshots',
  'emulator_snapshot_tables',
])

/** Empties every other table of the schema, so tables added by later migrations are covered too. */
export async function truncateDomainTables(db: Executor): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db)
  const tables = rows.map((r) => r.name).filter((name) => !KEPT_TABLES.has(name))
  if (tables.length > 0)
    await sql`TRUNCATE ${sql.join(tables.map((t) => sql.id(t)))} RESTART IDENTITY CASCADE`.execute(db)
  const sequences = await sql<{ name: string }>`
    SELECT sequence_name AS name FROM information_schema.sequences WHERE sequence_schema = current_schema()`.execute(db)
  for (const { name } of sequences.rows) await sql`ALTER SEQUENCE ${sql.id(name)} RESTART`.execute(db)
  return tables
}

/** Serialises seeding between instances that start together (works on PGlite too). */
export async function lockSeeding(trx: Transaction<Database>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('inps-emulator-seed'))`.execute(trx)
}

export async function readState(db: Executor, key: string): Promise<unknown> {
  const row = await db.selectFrom('emulator_state').select('value').where('key', '=', key).executeTakeFirst()
  return row?.value
}

export async function writeState(db: Executor, key: string, value: unknown): Promise<void> {
  await db
    .insertInto('emulator_state')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
    .execute()
}
