import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
// One row per March application the DL 34 instalment job has dealt with (docs/rules.md §14): written in
// the same transaction as its April and May payments, so a run that dies half way leaves no trace of
// the rows it had not committed, and a finished row is never taken again.
const statements = [
  `CREATE TABLE dl34_instalments (
  application_id uuid PRIMARY KEY REFERENCES applications (id),
  processed_at timestamptz NOT NULL,
  instalments jsonb NOT NULL
)`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE dl34_instalments`.execute(db)
}
