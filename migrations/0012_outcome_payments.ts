import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
const statements = [
  // Archive additions: the household (nucleo familiare) is queried by id, so it gets a column and an
  // index; the bank accounts are read with the person's record.
  `ALTER TABLE persons ADD COLUMN household_id text`,
  `ALTER TABLE persons ADD COLUMN bank_accounts jsonb NOT NULL DEFAULT '[]'`,
  `CREATE INDEX persons_by_household ON persons (household_id) WHERE household_id IS NOT NULL`,
  // Review (riesame) and documents of a foreign SEPA IBAN. An application waiting for either keeps
  // status 'submitted'; the worker skips one paid to an iban_sepa account until its documents arrive.
  `ALTER TABLE applications ADD COLUMN riesame_requested_at timestamptz`,
  `ALTER TABLE applications ADD COLUMN riesame_note text`,
  `ALTER TABLE applications ADD COLUMN riesame_outcome text CHECK (riesame_outcome IN ('accepted', 'rejected'))`,
  `ALTER TABLE applications ADD COLUMN documents_received_at timestamptz`,
  // One payment per person, benefit and month (the April and May instalments of DL 34 are rows of their own).
  `CREATE TABLE payments (
  id uuid PRIMARY KEY,
  codice_fiscale text NOT NULL,
  application_id uuid REFERENCES applications (id),
  benefit_code text NOT NULL,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
  amount_eur integer NOT NULL CHECK (amount_eur > 0),
  method text NOT NULL,
  iban text,
  status text NOT NULL CHECK (status IN ('scheduled', 'paid', 'failed')),
  value_date date,
  failure_reason text,
  created_at timestamptz NOT NULL,
  paid_at timestamptz,
  CONSTRAINT payments_once_per_period UNIQUE (codice_fiscale, benefit_code, period)
)`,
  `CREATE INDEX payments_by_person ON payments (codice_fiscale, period)`,
  `CREATE INDEX payments_by_application ON payments (application_id) WHERE application_id IS NOT NULL`,
  `CREATE INDEX payments_due ON payments (value_date) WHERE status = 'scheduled'`,
  // Spending caps (none by default): the row is locked while an evaluation run grants against it.
  `CREATE TABLE budgets (
  benefit_code text PRIMARY KEY,
  cap_eur bigint NOT NULL CHECK (cap_eur >= 0),
  granted_eur bigint NOT NULL DEFAULT 0
)`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE budgets`.execute(db)
  await sql`DROP TABLE payments`.execute(db)
  for (const column of ['documents_received_at', 'riesame_outcome', 'riesame_note', 'riesame_requested_at']) {
    await sql`ALTER TABLE applications DROP COLUMN ${sql.id(column)}`.execute(db)
  }
  await sql`DROP INDEX persons_by_household`.execute(db)
  await sql`ALTER TABLE persons DROP COLUMN bank_accounts`.execute(db)
  await sql`ALTER TABLE persons DROP COLUMN household_id`.execute(db)
}
