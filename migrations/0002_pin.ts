import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
const statements = [
  // Keys that sign access tokens: shared by every instance, kept across restarts and resets.
  `CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  alg text NOT NULL,
  public_jwk jsonb NOT NULL,
  private_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`,
  `CREATE TABLE pin_requests (
  id uuid PRIMARY KEY,
  codice_fiscale text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('web', 'contact_center')),
  status text NOT NULL CHECK (status IN ('issued', 'pending_validation', 'superseded')),
  personal_data jsonb NOT NULL,
  contacts jsonb NOT NULL,
  first_half_channel text NOT NULL CHECK (first_half_channel IN ('sms', 'email')),
  address_matched boolean NOT NULL,
  operator_id text,
  requested_at timestamptz NOT NULL,
  issued_at timestamptz,
  validated_at timestamptz,
  validated_by text
)`,
  `CREATE INDEX pin_requests_by_person ON pin_requests (codice_fiscale, requested_at)`,
  // One PIN credential per citizen. state issued: the 16 characters sent in two halves, not yet
  // personalised; active: the personal 8-character PIN. version changes with every new secret,
  // so a change token is good for one change only.
  `CREATE TABLE pin_credentials (
  codice_fiscale text PRIMARY KEY,
  pin_request_id uuid REFERENCES pin_requests (id),
  state text NOT NULL CHECK (state IN ('issued', 'active')),
  level text NOT NULL CHECK (level IN ('ordinario', 'dispositivo')),
  first_name text NOT NULL,
  last_name text NOT NULL,
  contacts jsonb NOT NULL,
  first_half_hash text,
  second_half_hash text,
  pin_hash text,
  previous_pin_hash text,
  pin_set_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (state <> 'issued' OR (first_half_hash IS NOT NULL AND second_half_hash IS NOT NULL)),
  CHECK (state <> 'active' OR pin_hash IS NOT NULL)
)`,
  // Consecutive failures per login subject ('cf:<codice fiscale>' or 'op:<operatorId>'), known or not,
  // so an unknown codice fiscale behaves exactly like a wrong PIN, lockout included.
  `CREATE TABLE login_attempts (
  subject text PRIMARY KEY,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
)`,
  // Operators' lockout moves to login_attempts; their PIN gets the same versioning as citizens'.
  `ALTER TABLE operators DROP COLUMN failed_attempts`,
  `ALTER TABLE operators DROP COLUMN locked_until`,
  `ALTER TABLE operators ADD COLUMN version integer NOT NULL DEFAULT 1`,
  `ALTER TABLE operators ADD COLUMN previous_pin_hash text`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE operators DROP COLUMN previous_pin_hash`.execute(db)
  await sql`ALTER TABLE operators DROP COLUMN version`.execute(db)
  await sql`ALTER TABLE operators ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0`.execute(db)
  await sql`ALTER TABLE operators ADD COLUMN locked_until timestamptz`.execute(db)
  for (const table of ['login_attempts', 'pin_credentials', 'pin_requests', 'signing_keys']) {
    await sql`DROP TABLE ${sql.id(table)}`.execute(db)
  }
}
