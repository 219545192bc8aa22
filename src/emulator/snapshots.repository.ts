import { sql, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { Executor } from '../db/executor.js'
// Adds emulator_snapshots and emulator_snapshot_tables to Database.
import './snapshots.table.js'

/**
 * Tables a snapshot leaves out: the migration ledger, the snapshots themselves, and the request journal
 * (a record of what was done to the sandbox, restores included, not part of its state).
 */
const NOT_STATE = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'emulator_snapshots',
  'emulator_snapshot_tables',
  'emulator_requests',
])

export interface SnapshotSummary {
  name: string
  createdAt: Date
  emulatedAt: Date
  size: number
}

type Sequences = Record<string, { lastValue: number; isCalled: boolean }>

/** Every table of the schema that holds state, read from the catalog: tables added later are covered. */
async function stateTables(db: Executor): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db)
  return rows.map((r) => r.name).filter((name) => !NOT_STATE.has(name))
}

/** Sequences of the state tables (a sequence owned by a left-out table is left out with it). */
async function stateSequences(db: Executor): Promise<string[]> {
  const { rows } = await sql<{ name: string; owner: string | null }>`
    SELECT s.relname AS name, t.relname AS owner
    FROM pg_class s
    JOIN pg_namespace n ON n.oid = s.relnamespace AND n.nspname = current_schema()
    LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    LEFT JOIN pg_class t ON t.oid = d.refobjid
    WHERE s.relkind = 'S' ORDER BY s.relname`.execute(db)
  return rows.filter((r) => r.owner === null || !NOT_STATE.has(r.owner)).map((r) => r.name)
}

/** Parents before children, so that foreign keys hold as the rows go back in (a cycle keeps catalog order). */
async function insertionOrder(db: Executor, tables: string[]): Promise<string[]> {
  const { rows } = await sql<{ child: string; parent: string }>`
    SELECT c.relname AS child, p.relname AS parent
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_class p ON p.oid = k.confrelid
    WHERE k.contype = 'f' AND k.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`.execute(
    db,
  )
  const parents = new Map<string, string[]>(tables.map((t) => [t, []]))
  for (const { child, parent } of rows)
    if (child !== parent && parents.has(child) && parents.has(parent)) parents.get(child)!.push(parent)
  const ordered: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (table: string) => {
    if (state.has(table)) return
    state.set(table, 'visiting')
    for (const parent of parents.get(table) ?? []) visit(parent)
    state.set(table, 'done')
    ordered.push(table)
  }
  for (const table of tables) visit(table)
  return ordered
}

export async function lockSnapshots(trx: Transaction<Database>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('inps-emulator-snapshots'))`.execute(trx)
}

export async function snapshotExists(db: Executor, name: string): Promise<boolean> {
  return (
    (await db.selectFrom('emulator_snapshots').select('name').where('name', '=', name).executeTakeFirst()) !== undefined
  )
}

/** Copies every state table and sequence into the snapshot, in the caller's (repeatable read) transaction. */
export async function saveSnapshot(
  trx: Transaction<Database>,
  name: string,
  createdAt: Date,
  emulatedAt: Date,
): Promise<SnapshotSummary> {
  const sequences: Sequences = {}
  for (const sequence of await stateSequences(trx)) {
    const { rows } = await sql<{
      lastValue: number
      isCalled: boolean
    }>`SELECT last_value AS "lastValue", is_called AS "isCalled" FROM ${sql.id(sequence)}`.execute(trx)
    sequences[sequence] = { lastValue: Number(rows[0].lastValue), isCalled: rows[0].isCalled }
  }
  await trx
    .insertInto('emulator_snapshots')
    .values({ name, created_at: createdAt, emulated_at: emulatedAt, size: 0, sequences: JSON.stringify(sequences) })
    .execute()
  for (const table of await stateTables(trx)) {
    await sql`
      INSERT INTO emulator_snapshot_tables (snapshot, table_name, row_count, rows)
      SELECT ${name}, ${table}, count(*), coalesce(jsonb_agg(to_jsonb(t)), '[]'::jsonb) FROM ${sql.id(table)} t`.execute(
      trx,
    )
  }
  const { rows } = await sql<SnapshotSummary>`
    UPDATE emulator_snapshots SET size = (SELECT coalesce(sum(pg_column_size(rows)), 0) FROM emulator_snapshot_tables WHERE snapshot = ${name})
    WHERE name = ${name}
    RETURNING name, created_at AS "createdAt", emulated_at AS "emulatedAt", size`.execute(trx)
  return { ...rows[0], size: Number(rows[0].size) }
}

export async function listSnapshots(db: Executor): Promise<SnapshotSummary[]> {
  const rows = await db
    .selectFrom('emulator_snapshots')
    .select(['name', 'created_at', 'emulated_at', 'size'])
    .orderBy('created_at')
    .orderBy('name')
    .execute()
  return rows.map((r) => ({ name: r.name, createdAt: r.created_at, emulatedAt: r.emulated_at, size: Number(r.size) }))
}

export async function deleteSnapshot(db: Executor, name: string): Promise<boolean> {
  const result = await db.deleteFrom('emulator_snapshots').where('name', '=', name).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/**
 * Empties every state table and puts the snapshot's rows and sequence values back, in the caller's
 * transaction. User triggers are off meanwhile (rows go back as they were, not as a trigger would
 * rewrite them); foreign keys still hold, parents first. A table the snapshot does not know (added
 * by a later migration) is left empty. Returns the snapshot's emulated now.
 */
export async function restoreSnapshot(
  trx: Transaction<Database>,
  name: string,
): Promise<{ emulatedAt: Date } | undefined> {
  const snapshot = await trx
    .selectFrom('emulator_snapshots')
    .select(['emulated_at', 'sequences'])
    .where('name', '=', name)
    .executeTakeFirst()
  if (!snapshot) return undefined
  const tables = await stateTables(trx)
  if (tables.length > 0) await sql`TRUNCATE ${sql.join(tables.map((t) => sql.id(t)))} CASCADE`.execute(trx)
  for (const table of tables) await sql`ALTER TABLE ${sql.id(table)} DISABLE TRIGGER USER`.execute(trx)
  const saved = new Set(
    (await trx.selectFrom('emulator_snapshot_tables').select('table_name').where('snapshot', '=', name).execute()).map(
      (r) => r.table_name,
    ),
  )
  for (const table of await insertionOrder(trx, tables)) {
    if (!saved.has(table)) continue
    const { rows } = await sql<{ name: string }>`
      SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table} AND is_generated = 'NEVER' ORDER BY ordinal_position`.execute(
      trx,
    )
    const columns = sql.join(rows.map((r) => sql.id(r.name)))
    await sql`
      INSERT INTO ${sql.id(table)} (${columns}) OVERRIDING SYSTEM VALUE
      SELECT ${columns} FROM jsonb_populate_recordset(NULL::${sql.id(table)},
        (SELECT rows FROM emulator_snapshot_tables WHERE snapshot = ${name} AND table_name = ${table}))`.execute(trx)
  }
  for (const table of tables) await sql`ALTER TABLE ${sql.id(table)} ENABLE TRIGGER USER`.execute(trx)
  const sequences = snapshot.sequences as Sequences
  for (const sequence of await stateSequences(trx)) {
    const value = sequences[sequence]
    if (value) await sql`SELECT setval(${sequence}::regclass, ${value.lastValue}, ${value.isCalled})`.execute(trx)
    else await sql`ALTER SEQUENCE ${sql.id(sequence)} RESTART`.execute(trx)
  }
  return { emulatedAt: snapshot.emulated_at }
}
