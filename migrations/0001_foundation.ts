import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
const statements = [
  `CREATE TABLE emulator_clock (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  offset_ms bigint NOT NULL DEFAULT 0,
  frozen_at timestamptz
)`,
  `INSERT INTO emulator_clock (id) VALUES (1)`,
  `CREATE TABLE emulator_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL
)`,
  `CREATE TABLE persons (
  codice_fiscale text PRIMARY KEY CHECK (codice_fiscale ~ '^[A-Z0-9]{16}$'),
  first_name text NOT NULL,
  last_name text NOT NULL,
  birth_date date NOT NULL,
  sex text NOT NULL CHECK (sex IN ('M', 'F')),
  birth_place text NOT NULL,
  residence jsonb NOT NULL,
  contacts jsonb NOT NULL DEFAULT '{}',
  positions jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
)`,
  `CREATE TABLE offices (
  code text PRIMARY KEY,
  name text NOT NULL,
  open boolean NOT NULL,
  closed_since date,
  updated_at timestamptz NOT NULL DEFAULT now()
)`,
  `CREATE SEQUENCE operator_number START 1000`,
  `CREATE TABLE operators (
  id text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('contact_center', 'patronato', 'intermediario', 'backoffice', 'office')),
  organisation text,
  office_code text REFERENCES offices (code),
  pin_hash text NOT NULL,
  pin_set_at timestamptz NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'office' OR office_code IS NOT NULL)
)`,
  `CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  codice_fiscale text,
  channel text NOT NULL CHECK (channel IN ('sms', 'email', 'pec', 'post')),
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  pin_part text CHECK (pin_part IN ('first', 'second', 'full')),
  secret text,
  created_at timestamptz NOT NULL,
  deliver_at timestamptz NOT NULL
)`,
  `CREATE INDEX outbox_by_person ON outbox (codice_fiscale, seq)`,
  `CREATE INDEX outbox_by_delivery ON outbox (deliver_at)`,
  `CREATE TABLE audit_events (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  occurred_at timestamptz NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('citizen', 'operator', 'emulator', 'system', 'anonymous')),
  actor_id text,
  codice_fiscale text,
  channel text,
  action text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
  detail jsonb NOT NULL DEFAULT '{}',
  request_id text
)`,
  `CREATE INDEX audit_events_by_person ON audit_events (codice_fiscale, seq)`,
]

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per call: the embedded PGlite runs a single statement per prepared query.
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_events', 'outbox', 'operators', 'offices', 'persons', 'emulator_state', 'emulator_clock']) {
    await sql`DROP TABLE ${sql.id(table)}`.execute(db)
  }
  await sql`DROP SEQUENCE operator_number`.execute(db)
}
