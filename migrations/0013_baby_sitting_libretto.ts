import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
//
// Baby-sitting bonus (docs/rules.md §13): one application per child, whoever files it. Submissions go
// through submit_applications (0007, 0011), which this migration leaves alone: a trigger on the insert
// claims each child, and the primary key refuses a second claim on any number of instances. The
// unique violation aborts the statement, so the group commit retries its items one by one and only
// the application of an already claimed child fails.
//
// Libretto Famiglia: one per applicant (utilizzatore), with the bonus as credit in cents; the used
// amount never passes the credit (the CHECK is the last guard behind the conditional update).
const statements = [
  `CREATE TABLE child_claims (
  child_codice_fiscale text PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES applications (id),
  claimed_at timestamptz NOT NULL
)`,
  `CREATE INDEX child_claims_by_application ON child_claims (application_id)`,
  `CREATE FUNCTION claim_children() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO child_claims (child_codice_fiscale, application_id, claimed_at)
  SELECT DISTINCT child ->> 'codiceFiscale', NEW.id, NEW.submitted_at FROM jsonb_array_elements(NEW.children) AS child;
  RETURN NULL;
END
$fn$`,
  `CREATE TRIGGER applications_claim_children AFTER INSERT ON applications
  FOR EACH ROW WHEN (NEW.benefit_code = 'bonus-baby-sitting') EXECUTE FUNCTION claim_children()`,
  `CREATE TABLE libretti (
  codice_fiscale text PRIMARY KEY,
  application_id uuid NOT NULL UNIQUE REFERENCES applications (id),
  credit_cents integer NOT NULL CHECK (credit_cents >= 0),
  used_cents integer NOT NULL DEFAULT 0 CHECK (used_cents >= 0 AND used_cents <= credit_cents),
  registered_at timestamptz NOT NULL
)`,
  `CREATE TABLE libretto_prestatori (
  libretto text NOT NULL REFERENCES libretti (codice_fiscale),
  codice_fiscale text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  registered_at timestamptz NOT NULL,
  PRIMARY KEY (libretto, codice_fiscale)
)`,
  `CREATE TABLE libretto_prestazioni (
  id uuid PRIMARY KEY,
  libretto text NOT NULL,
  prestatore text NOT NULL,
  work_date date NOT NULL,
  hours integer NOT NULL CHECK (hours BETWEEN 1 AND 24),
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  entered_at timestamptz NOT NULL,
  payment_date date NOT NULL,
  FOREIGN KEY (libretto, prestatore) REFERENCES libretto_prestatori (libretto, codice_fiscale)
)`,
  `CREATE INDEX libretto_prestazioni_by_libretto ON libretto_prestazioni (libretto, entered_at)`,
  // The baby-sitter is paid what was entered, to the cent.
  `ALTER TABLE payments ALTER COLUMN amount_eur TYPE numeric(12, 2)`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE payments ALTER COLUMN amount_eur TYPE integer USING round(amount_eur)`.execute(db)
  for (const table of ['libretto_prestazioni', 'libretto_prestatori', 'libretti']) await sql`DROP TABLE ${sql.id(table)}`.execute(db)
  await sql`DROP TRIGGER applications_claim_children ON applications`.execute(db)
  await sql`DROP FUNCTION claim_children()`.execute(db)
  await sql`DROP TABLE child_claims`.execute(db)
}
