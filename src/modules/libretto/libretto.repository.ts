import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'
import type { Row } from '../../db/database.js'

/** Every query names the owner (the utilizzatore's codice fiscale): nobody reaches another's libretto. */
export async function findLibretto(db: Executor, owner: string): Promise<Row<'libretti'> | undefined> {
  return db.selectFrom('libretti').selectAll().where('codice_fiscale', '=', owner).executeTakeFirst()
}

/** Opens the libretto of an application; a second call finds the first one. */
export async function insertLibretto(
  db: Executor,
  row: { codice_fiscale: string; application_id: string; credit_cents: number; registered_at: Date },
): Promise<Row<'libretti'>> {
  await db
    .insertInto('libretti')
    .values(row)
    .onConflict((oc) => oc.column('codice_fiscale').doNothing())
    .execute()
  return db
    .selectFrom('libretti')
    .selectAll()
    .where('codice_fiscale', '=', row.codice_fiscale)
    .executeTakeFirstOrThrow()
}

/** A later bonus of the same applicant (DL 34 art. 72) adds to the libretto's credit. */
export async function addCredit(db: Executor, owner: string, cents: number): Promise<Row<'libretti'>> {
  return db
    .updateTable('libretti')
    .set({ credit_cents: sql`credit_cents + ${cents}` })
    .where('codice_fiscale', '=', owner)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Adds a prestatore; undefined when this libretto has it already. */
export async function insertPrestatore(
  db: Executor,
  row: { libretto: string; codice_fiscale: string; first_name: string; last_name: string; registered_at: Date },
): Promise<Row<'libretto_prestatori'> | undefined> {
  return db
    .insertInto('libretto_prestatori')
    .values(row)
    .onConflict((oc) => oc.columns(['libretto', 'codice_fiscale']).doNothing())
    .returningAll()
    .executeTakeFirst()
}

export async function findPrestatore(
  db: Executor,
  owner: string,
  codiceFiscale: string,
): Promise<Row<'libretto_prestatori'> | undefined> {
  return db
    .selectFrom('libretto_prestatori')
    .selectAll()
    .where('libretto', '=', owner)
    .where('codice_fiscale', '=', codiceFiscale)
    .executeTakeFirst()
}

/**
 * Spends from the credit in one conditional update: concurrent entries on any number of instances
 * can never together pass the credit. Undefined when the amount does not fit.
 */
export async function spendCredit(db: Executor, owner: string, cents: number): Promise<Row<'libretti'> | undefined> {
  return db
    .updateTable('libretti')
    .set({ used_cents: sql`used_cents + ${cents}` })
    .where('codice_fiscale', '=', owner)
    .where(sql<boolean>`used_cents + ${cents} <= credit_cents`)
    .returningAll()
    .executeTakeFirst()
}

export async function insertPrestazione(db: Executor, row: Row<'libretto_prestazioni'>): Promise<void> {
  await db.insertInto('libretto_prestazioni').values(row).execute()
}

export async function listPrestatori(db: Executor, owner: string): Promise<Row<'libretto_prestatori'>[]> {
  return db
    .selectFrom('libretto_prestatori')
    .selectAll()
    .where('libretto', '=', owner)
    .orderBy('registered_at')
    .orderBy('codice_fiscale')
    .execute()
}

export async function listPrestazioni(db: Executor, owner: string): Promise<Row<'libretto_prestazioni'>[]> {
  return db
    .selectFrom('libretto_prestazioni')
    .selectAll()
    .where('libretto', '=', owner)
    .orderBy('entered_at')
    .orderBy('id')
    .execute()
}
