import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
//
// A benefit may pay automatically the beneficiaries of ANOTHER benefit (DL 104 art. 9 and DL 137 art. 15,
// docs/rules.md §17–§18): one accepted application is then dealt with once per paying benefit. The
// instalment ledger is keyed by (application, paying benefit); the rows written so far were paid by the
// application's own benefit (the DL 34 months of a March application).
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `ALTER TABLE dl34_instalments ADD COLUMN paying_benefit_code text`,
    `UPDATE dl34_instalments i SET paying_benefit_code = a.benefit_code FROM applications a WHERE a.id = i.application_id`,
    `ALTER TABLE dl34_instalments ALTER COLUMN paying_benefit_code SET NOT NULL`,
    `ALTER TABLE dl34_instalments DROP CONSTRAINT dl34_instalments_pkey`,
    `ALTER TABLE dl34_instalments ADD CONSTRAINT dl34_instalments_pkey PRIMARY KEY (application_id, paying_benefit_code)`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `DELETE FROM dl34_instalments i USING applications a WHERE a.id = i.application_id AND a.benefit_code <> i.paying_benefit_code`,
    `ALTER TABLE dl34_instalments DROP CONSTRAINT dl34_instalments_pkey`,
    `ALTER TABLE dl34_instalments DROP COLUMN paying_benefit_code`,
    `ALTER TABLE dl34_instalments ADD CONSTRAINT dl34_instalments_pkey PRIMARY KEY (application_id)`,
  ])
    await sql.raw(statement).execute(db)
}
