import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
// Sandbox powers: the clock's speed (emulated seconds per real second, counted from speed_since and
// folded into offset_ms whenever it changes), named snapshots of every table, and the request journal.
const statements = [
  `ALTER TABLE emulator_clock
     ADD COLUMN speed double precision NOT NULL DEFAULT 1 CHECK (speed >= 1 AND speed <= 10000),
     ADD COLUMN speed_since timestamptz NOT NULL DEFAULT now()`,
  `CREATE TABLE emulator_snapshots (
     name text PRIMARY KEY,
     created_at timestamptz NOT NULL,
     emulated_at timestamptz NOT NULL,
     size bigint NOT NULL,
     sequences jsonb NOT NULL
   )`,
  `CREATE TABLE emulator_snapshot_tables (
     snapshot text NOT NULL REFERENCES emulator_snapshots (name) ON DELETE CASCADE,
     table_name text NOT NULL,
     row_count integer NOT NULL,
     rows jsonb NOT NULL,
     PRIMARY KEY (snapshot, table_name)
   )`,
  `CREATE TABLE emulator_requests (
     id bigserial PRIMARY KEY,
     request_id text NOT NULL,
     received_at timestamptz NOT NULL,
     emulated_at timestamptz,
     method text NOT NULL,
     route text,
     path text NOT NULL,
     status integer NOT NULL,
     code text,
     duration_ms double precision NOT NULL,
     actor_type text NOT NULL,
     actor_id text,
     codice_fiscale text
   )`,
  `CREATE INDEX emulator_requests_codice_fiscale ON emulator_requests (codice_fiscale, id) WHERE codice_fiscale IS NOT NULL`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE emulator_requests`.execute(db)
  await sql`DROP TABLE emulator_snapshot_tables`.execute(db)
  await sql`DROP TABLE emulator_snapshots`.execute(db)
  await sql`ALTER TABLE emulator_clock DROP COLUMN speed_since, DROP COLUMN speed`.execute(db)
}
