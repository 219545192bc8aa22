import type { Executor } from '../../db/executor.js'
import type { Row, NewRow } from '../../db/database.js'

export async function upsertPerson(db: Executor, person: NewRow<'persons'>): Promise<Row<'persons'>> {
  const { codice_fiscale: _key, ...changes } = person
  return db
    .insertInto('persons')
    .values(person)
    .onConflict((oc) => oc.column('codice_fiscale').doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function findPerson(db: Executor, codiceFiscale: string): Promise<Row<'persons'> | undefined> {
  return db.selectFrom('persons').selectAll().where('codice_fiscale', '=', codiceFiscale).executeTakeFirst()
}

export async function listPersons(db: Executor, after: string | undefined, limit: number): Promise<Row<'persons'>[]> {
  let query = db.selectFrom('persons').selectAll()
  if (after) query = query.where('codice_fiscale', '>', after)
  return query.orderBy('codice_fiscale').limit(limit).execute()
}

export async function findPersons(db: Executor, codiciFiscali: readonly string[]): Promise<Row<'persons'>[]> {
  if (codiciFiscali.length === 0) return []
  return db.selectFrom('persons').selectAll().where('codice_fiscale', 'in', codiciFiscali).execute()
}

export async function findByHousehold(db: Executor, householdId: string): Promise<Row<'persons'>[]> {
  return db
    .selectFrom('persons')
    .selectAll()
    .where('household_id', '=', householdId)
    .orderBy('codice_fiscale')
    .execute()
}
