import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
// The request journal is a debugging aid written on every request: unlogged, its rows cost no WAL
// (Postgres empties it after a crash, which a journal of recent requests can afford).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE emulator_requests SET UNLOGGED`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE emulator_requests SET LOGGED`.execute(db)
}
