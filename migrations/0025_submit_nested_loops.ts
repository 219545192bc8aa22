import { sql, type Kysely } from 'kysely'
// Frozen: never edit a migration that has shipped; add a new file instead.
//
// Migration 0023 kept submit_applications' cached plan off sequential scans, but a plan made while
// idempotency_keys was empty still read the whole table: a hash join fed by a full scan of its primary
// key, heap included (41 heap pages a submission in one bench, growing with every key stored). A batch
// holds at most 64 items, so nested loops cost nothing among its own rows, and against a table they are
// the keyed lookups the function needs whatever its size when the plan was made. A later CREATE OR
// REPLACE of the function must say these again: test/db/submit-plan.test.ts checks that it does.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER FUNCTION submit_applications(jsonb) SET enable_hashjoin = off`.execute(db)
  await sql`ALTER FUNCTION submit_applications(jsonb) SET enable_mergejoin = off`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER FUNCTION submit_applications(jsonb) RESET enable_mergejoin`.execute(db)
  await sql`ALTER FUNCTION submit_applications(jsonb) RESET enable_hashjoin`.execute(db)
}
