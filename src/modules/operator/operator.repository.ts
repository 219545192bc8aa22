import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'
import type { Transaction } from 'kysely'
import { sessionVersionChanged, type ChangedVersion } from '../../core/auth/session-versions.service.js'
import type { Database, Row, NewRow } from '../../db/database.js'
import type { OperatorRole } from './operator.table.js'

export async function nextOperatorNumber(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT nextval('operator_number')::int AS n`.execute(db)
  return rows[0].n
}

export async function nextOrganisationNumber(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT nextval('organisation_number')::int AS n`.execute(db)
  return rows[0].n
}

export async function insertOrganisation(
  db: Executor,
  organisation: { id: string; name: string | null; kind: OperatorRole },
): Promise<Row<'organisations'>> {
  return db.insertInto('organisations').values(organisation).returningAll().executeTakeFirstOrThrow()
}

export async function findOrganisation(db: Executor, id: string): Promise<Row<'organisations'> | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertOperator(db: Executor, operator: NewRow<'operators'>): Promise<Row<'operators'>> {
  return db.insertInto('operators').values(operator).returningAll().executeTakeFirstOrThrow()
}

export async function findOperator(db: Executor, id: string): Promise<Row<'operators'> | undefined> {
  return db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst()
}

export type OperatorWithOrganisation = Pick<Row<'operators'>, 'id' | 'role' | 'organisation_id' | 'office_code'> & {
  organisation: string | null
}

export async function listOperators(db: Executor): Promise<OperatorWithOrganisation[]> {
  return db
    .selectFrom('operators')
    .innerJoin('organisations', 'organisations.id', 'operators.organisation_id')
    .select([
      'operators.id',
      'operators.role',
      'operators.organisation_id',
      'operators.office_code',
      'organisations.name as organisation',
    ])
    .orderBy('operators.id')
    .execute()
}

export async function lockOperator(trx: Transaction<Database>, id: string): Promise<Row<'operators'> | undefined> {
  return trx.selectFrom('operators').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** A new PIN moves the version: the operator's older sessions end (this process learns it at once). */
export async function setOperatorPin(
  trx: Transaction<Database>,
  id: string,
  pinHash: string,
  previousPinHash: string,
  at: Date,
): Promise<Row<'operators'>> {
  const row = await trx
    .updateTable('operators')
    .set((eb) => ({
      pin_hash: pinHash,
      previous_pin_hash: previousPinHash,
      pin_set_at: at,
      version: eb(eb.ref('version'), '+', 1),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  sessionVersionChanged('operator', id)
  return row
}

/** Ends the operator's sessions (lockout) without touching the PIN. */
export async function endOperatorSessions(trx: Transaction<Database>, id: string): Promise<void> {
  await trx
    .updateTable('operators')
    .set((eb) => ({ version: eb(eb.ref('version'), '+', 1) }))
    .where('id', '=', id)
    .execute()
  sessionVersionChanged('operator', id)
}

/** The version the operator's sessions stand on (undefined: no such operator). */
export async function readOperatorVersion(db: Executor, id: string): Promise<number | undefined> {
  return (await db.selectFrom('operators').select('version').where('id', '=', id).executeTakeFirst())?.version
}

/** Versions changed in the last `seconds` of real time (migration 0009's partial index on version_changed_at). */
export async function operatorVersionsChangedWithin(db: Executor, seconds: number): Promise<ChangedVersion[]> {
  const { rows } = await sql<ChangedVersion>`
    SELECT id AS subject, version, extract(epoch FROM clock_timestamp() - version_changed_at)::float8 AS "ageSeconds"
    FROM operators WHERE version_changed_at > clock_timestamp() - ${seconds} * interval '1 second'`.execute(db)
  return rows
}
