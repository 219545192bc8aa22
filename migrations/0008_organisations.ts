import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
// Organisations become entities with ids. Until now an operator carried a free-text organisation and a
// patronato was keyed by that text (or by the operator id when there was none), so an operator created
// with the same name, or named like another operator's id, shared that patronato's mandates and filings.
// The patronato key columns (patronato_mandates.patronato, applications.patronato and the
// 'patronato:<key>' idempotency callers) keep their names and type, so the submit functions of 0006 and
// 0007 stay as they are, but now hold organisations.id.

/**
 * The organisation an old patronato key means when the row does not say which operator wrote it: the
 * nameless operator of that id first (names were free text, so a name is the weaker claim), then the name.
 */
const keyOrganisation = (key: string) => `COALESCE(
    (SELECT o.organisation_id FROM operators o WHERE o.id = ${key} AND o.role = 'patronato' AND o.organisation IS NULL),
    (SELECT g.id FROM organisations g WHERE g.kind = 'patronato' AND g.name = ${key}))`

/** The organisation of the operator who wrote the row, when that operator's old key is the row's. */
const writerOrganisation = (table: string, writer: string) => `(SELECT o.organisation_id FROM operators o
    WHERE o.id = ${table}.${writer} AND o.role = 'patronato' AND COALESCE(o.organisation, o.id) = ${table}.patronato)`

const statements = [
  `CREATE SEQUENCE organisation_number START 1000`,
  `CREATE TABLE organisations (
  id text PRIMARY KEY,
  name text,
  kind text NOT NULL CHECK (kind IN ('contact_center', 'patronato', 'intermediario', 'backoffice', 'office')),
  created_at timestamptz NOT NULL DEFAULT now()
)`,
  `ALTER TABLE operators ADD COLUMN organisation_id text`,
  // One organisation per distinct (role, name): the operators that shared a name keep sharing it.
  `INSERT INTO organisations (id, name, kind, created_at)
  SELECT 'ORG' || nextval('organisation_number'), g.organisation, g.role, g.created_at
  FROM (SELECT role, organisation, min(created_at) AS created_at FROM operators WHERE organisation IS NOT NULL
        GROUP BY role, organisation ORDER BY 3, 1, 2) g`,
  `UPDATE operators o SET organisation_id = g.id FROM organisations g WHERE g.kind = o.role AND g.name = o.organisation`,
  // An operator without a name was its own patronato: it gets an organisation of its own.
  `UPDATE operators SET organisation_id = 'ORG' || nextval('organisation_number') WHERE organisation IS NULL`,
  `INSERT INTO organisations (id, name, kind, created_at) SELECT organisation_id, NULL, role, created_at FROM operators WHERE organisation IS NULL`,
  // A key that no operator explains any more still names one patronato: keep its records together.
  `INSERT INTO organisations (id, name, kind)
  SELECT 'ORG' || nextval('organisation_number'), k.key, 'patronato'
  FROM (SELECT patronato AS key FROM patronato_mandates UNION SELECT patronato FROM applications WHERE patronato IS NOT NULL ORDER BY 1) k
  WHERE ${keyOrganisation('k.key')} IS NULL`,
  // One statement per table, so every row is mapped from its old key (never from a new id already written).
  `UPDATE patronato_mandates m SET patronato = COALESCE(${writerOrganisation('m', 'granted_by')}, ${keyOrganisation('m.patronato')})`,
  `UPDATE applications a SET patronato = COALESCE(${writerOrganisation('a', 'filed_by')}, ${keyOrganisation('a.patronato')}) WHERE patronato IS NOT NULL`,
  `UPDATE idempotency_keys i SET caller = 'patronato:' || a.patronato FROM applications a WHERE a.id = i.application_id AND i.caller LIKE 'patronato:%'`,
  `ALTER TABLE operators ALTER COLUMN organisation_id SET NOT NULL`,
  `ALTER TABLE operators ADD CONSTRAINT operators_organisation_fk FOREIGN KEY (organisation_id) REFERENCES organisations (id)`,
  `ALTER TABLE operators DROP COLUMN organisation`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

/** Back to names: an organisation without one is keyed, as before, by its (first) operator's id. */
export async function down(db: Kysely<any>): Promise<void> {
  const oldKey = `old_key AS (
  SELECT g.id, COALESCE(g.name, (SELECT min(o.id) FROM operators o WHERE o.organisation_id = g.id), g.id) AS key FROM organisations g
)`
  const statements = [
    `ALTER TABLE operators ADD COLUMN organisation text`,
    `UPDATE operators o SET organisation = g.name FROM organisations g WHERE g.id = o.organisation_id`,
    `WITH ${oldKey} UPDATE patronato_mandates m SET patronato = k.key FROM old_key k WHERE m.patronato = k.id`,
    `WITH ${oldKey} UPDATE applications a SET patronato = k.key FROM old_key k WHERE a.patronato = k.id`,
    `WITH ${oldKey} UPDATE idempotency_keys i SET caller = 'patronato:' || k.key FROM old_key k WHERE i.caller = 'patronato:' || k.id`,
    `ALTER TABLE operators DROP COLUMN organisation_id`,
    `DROP TABLE organisations`,
    `DROP SEQUENCE organisation_number`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}
