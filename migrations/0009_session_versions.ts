import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
// A session carries the version of the credential it was opened with; every change of version
// (new PIN, recovery, lockout, PIN change) ends the older sessions. The trigger stamps the real
// time of the change (instances load the recent ones at start) and notifies 'session_versions'
// with '<kind>:<subject>' in the same transaction, so every instance hears it on commit.
const statements = [
  `ALTER TABLE pin_credentials ADD COLUMN version_changed_at timestamptz`,
  `ALTER TABLE operators ADD COLUMN version_changed_at timestamptz`,
  `CREATE INDEX pin_credentials_version_changed ON pin_credentials (version_changed_at) WHERE version_changed_at IS NOT NULL`,
  `CREATE INDEX operators_version_changed ON operators (version_changed_at) WHERE version_changed_at IS NOT NULL`,
  // TG_ARGV: the session kind and the key column of the table.
  `CREATE FUNCTION session_version_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.version_changed_at := clock_timestamp();
  PERFORM pg_notify('session_versions', TG_ARGV[0] || ':' || (to_jsonb(NEW) ->> TG_ARGV[1]));
  RETURN NEW;
END
$fn$`,
  `CREATE TRIGGER pin_credentials_session_version BEFORE UPDATE OF version ON pin_credentials
  FOR EACH ROW WHEN (NEW.version IS DISTINCT FROM OLD.version) EXECUTE FUNCTION session_version_changed('citizen', 'codice_fiscale')`,
  `CREATE TRIGGER operators_session_version BEFORE UPDATE OF version ON operators
  FOR EACH ROW WHEN (NEW.version IS DISTINCT FROM OLD.version) EXECUTE FUNCTION session_version_changed('operator', 'id')`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER operators_session_version ON operators`.execute(db)
  await sql`DROP TRIGGER pin_credentials_session_version ON pin_credentials`.execute(db)
  await sql`DROP FUNCTION session_version_changed()`.execute(db)
  await sql`ALTER TABLE operators DROP COLUMN version_changed_at`.execute(db)
  await sql`ALTER TABLE pin_credentials DROP COLUMN version_changed_at`.execute(db)
}
