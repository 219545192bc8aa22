import { sql, type Kysely } from 'kysely'
// Frozen: never edit a migration that has shipped; add a new file instead.
//
// submit_applications is PL/pgSQL, so each connection plans its statement once and keeps the plan. A plan
// made while idempotency_keys was small looked the batch's keys up with a sequential scan, and kept doing
// so as the table grew: one full scan per group commit (1,411 scans reading 12 million rows in one bench
// of 40,000 submissions, docs/running-at-scale.md). Without sequential scans the lookups of the
// idempotency keys and of the people's contacts take their primary keys whatever the table's size when
// the plan was made. A later CREATE OR REPLACE of the function must say SET enable_seqscan = off again:
// test/db/submit-plan.test.ts checks that it does.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER FUNCTION submit_applications(jsonb) SET enable_seqscan = off`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER FUNCTION submit_applications(jsonb) RESET enable_seqscan`.execute(db)
}
