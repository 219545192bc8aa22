import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
const statements = [
  // Circolare INPS 87/2020: from 1 October 2020 a new PIN goes only to those who cannot have SPID, and
  // only for their own services. Null: a PIN for every service, as every PIN issued before.
  `ALTER TABLE pin_credentials ADD COLUMN scope text CHECK (scope IN ('own_services'))`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE pin_credentials DROP COLUMN scope`.execute(db)
}
