import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
const statements = [
  // An anonymous web request for a person whose PIN is already activated is answered like any other
  // (so the answer does not tell who has a PIN) but refused: the reason is recorded here, the status
  // stays the one the public sees.
  `ALTER TABLE pin_requests ADD COLUMN refused_reason text CHECK (refused_reason IN ('pin_already_active'))`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE pin_requests DROP COLUMN refused_reason`.execute(db)
}
