import type { Executor } from '../../db/executor.js'
import type { Row } from '../../db/database.js'

export async function upsertOffice(
  db: Executor,
  office: { code: string; name?: string; open: boolean; closedSince: string | null },
): Promise<Row<'offices'>> {
  return db
    .insertInto('offices')
    .values({
      code: office.code,
      name: office.name ?? `Sede INPS ${office.code}`,
      open: office.open,
      closed_since: office.closedSince,
    })
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        open: office.open,
        closed_since: office.closedSince,
        name: office.name ?? eb.ref('offices.name'),
        updated_at: new Date(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function findOffice(db: Executor, code: string): Promise<Row<'offices'> | undefined> {
  return db.selectFrom('offices').selectAll().where('code', '=', code).executeTakeFirst()
}

export async function listOffices(db: Executor): Promise<Row<'offices'>[]> {
  return db.selectFrom('offices').selectAll().orderBy('code').execute()
}
