import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
const statements = [
  `CREATE SEQUENCE application_protocol_number`,
  // exclusive_group is 'indennita' for the five indemnities of DL 18/2020 (arts. 27-30, 38), which
  // exclude each other, and NULL for the baby-sitting bonus. The two unique constraints are the real
  // guard against duplicates, whatever the number of instances or concurrent requests.
  `CREATE TABLE applications (
  id uuid PRIMARY KEY,
  protocol_number text NOT NULL UNIQUE,
  codice_fiscale text NOT NULL,
  benefit_code text NOT NULL,
  exclusive_group text,
  channel text NOT NULL CHECK (channel IN ('web', 'contact_center', 'patronato')),
  filed_by text,
  patronato text,
  auth_level text NOT NULL,
  payment jsonb NOT NULL,
  declarations jsonb NOT NULL,
  children jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected')),
  reasons jsonb NOT NULL DEFAULT '[]',
  amount_eur integer,
  payment_date date,
  submitted_at timestamptz NOT NULL,
  evaluated_at timestamptz,
  libretto_registered_at timestamptz,
  CONSTRAINT applications_one_per_benefit UNIQUE (codice_fiscale, benefit_code),
  CONSTRAINT applications_one_indemnity UNIQUE (codice_fiscale, exclusive_group)
)`,
  `CREATE INDEX applications_by_person ON applications (codice_fiscale, submitted_at)`,
  `CREATE INDEX applications_by_patronato ON applications (patronato, submitted_at) WHERE patronato IS NOT NULL`,
  `CREATE INDEX applications_pending ON applications (submitted_at) WHERE status = 'submitted'`,
  // The application a (caller, key) created: a retry with the same body gets its first answer again.
  `CREATE TABLE idempotency_keys (
  caller text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  application_id uuid NOT NULL REFERENCES applications (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (caller, key)
)`,
  `CREATE TABLE patronato_mandates (
  id uuid PRIMARY KEY,
  patronato text NOT NULL,
  codice_fiscale text NOT NULL,
  granted_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT patronato_mandates_once UNIQUE (patronato, codice_fiscale)
)`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['patronato_mandates', 'idempotency_keys', 'applications']) await sql`DROP TABLE ${sql.id(table)}`.execute(db)
  await sql`DROP SEQUENCE application_protocol_number`.execute(db)
}
