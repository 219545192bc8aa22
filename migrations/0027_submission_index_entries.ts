import { sql, type Kysely } from 'kysely'
// Frozen: never edit a migration that has shipped; add a new file instead.
//
// Index entries every submission writes (the group commit's rows), and none of them looked up:
// - applications_by_person (codice_fiscale, submitted_at): applications_one_per_benefit and
//   applications_one_indemnity begin with codice_fiscale and find a person's handful of applications,
//   which then sort by submitted_at for nothing;
// - the primary keys of audit_events and outbox on their random uuid ids: nothing reads a row by its
//   id, and a random key lands each insert on any leaf page of the index. Their seq (an identity) is
//   the key instead: inserts append to the right-hand page, and the lists that page by seq alone get
//   an index.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX applications_by_person`.execute(db)
  for (const table of ['audit_events', 'outbox']) {
    await sql`ALTER TABLE ${sql.id(table)} DROP CONSTRAINT ${sql.id(`${table}_pkey`)}`.execute(db)
    await sql`ALTER TABLE ${sql.id(table)} ADD PRIMARY KEY (seq)`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_events', 'outbox']) {
    await sql`ALTER TABLE ${sql.id(table)} DROP CONSTRAINT ${sql.id(`${table}_pkey`)}`.execute(db)
    await sql`ALTER TABLE ${sql.id(table)} ADD PRIMARY KEY (id)`.execute(db)
  }
  await sql`CREATE INDEX applications_by_person ON applications (codice_fiscale, submitted_at)`.execute(db)
}
