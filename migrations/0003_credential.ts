import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
const statements = [
  // Requests to raise a PIN ordinario to dispositivo (SPEC 4), online or faxed to the Contact Center.
  // seq orders the back-office queue and is its paging cursor.
  `CREATE TABLE pin_dispositivo_requests (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  codice_fiscale text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('web', 'fax')),
  status text NOT NULL CHECK (status IN ('under_review', 'approved', 'rejected')),
  reason text,
  filed_by text,
  submitted_at timestamptz NOT NULL,
  decided_at timestamptz,
  decided_by text,
  CHECK (status <> 'rejected' OR reason IS NOT NULL),
  CHECK ((status = 'under_review') = (decided_at IS NULL))
)`,
  // One open request per person, whatever the number of instances or concurrent uploads.
  `CREATE UNIQUE INDEX pin_dispositivo_requests_one_open ON pin_dispositivo_requests (codice_fiscale) WHERE status = 'under_review'`,
  `CREATE INDEX pin_dispositivo_requests_by_status ON pin_dispositivo_requests (status, seq)`,
  // The uploaded (or faxed) files themselves, kept in the database so that every instance sees
  // them and they survive restarts; the type is the one detected from the content.
  `CREATE TABLE pin_dispositivo_documents (
  request_id uuid NOT NULL REFERENCES pin_dispositivo_requests (id) ON DELETE CASCADE,
  field text NOT NULL CHECK (field IN ('module', 'identityDocument')),
  mime_type text NOT NULL,
  size integer NOT NULL CHECK (size > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  filename text,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, field)
)`,
  // The emulator's test identity provider signs with its own keys, never with the access-token keys.
  `CREATE TABLE idp_keys (
  kid text PRIMARY KEY,
  alg text NOT NULL,
  public_jwk jsonb NOT NULL,
  private_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`,
  // Each assertion id is accepted once: the primary key makes a replay fail on any instance.
  `CREATE TABLE used_assertions (
  jti text PRIMARY KEY,
  codice_fiscale text NOT NULL,
  provider text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz NOT NULL
)`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['used_assertions', 'idp_keys', 'pin_dispositivo_documents', 'pin_dispositivo_requests']) {
    await sql`DROP TABLE ${sql.id(table)}`.execute(db)
  }
}
