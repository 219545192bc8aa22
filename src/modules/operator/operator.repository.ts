import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'
import type { Transaction } from 'kysely'
import type { Database, NewOperator, OperatorRow } from '../../db/database.js'

export async function nextOperatorNumber(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT nextval('operator_number')::int AS n`.execute(db)
  return rows[0].n
}

export async function insertOperator(db: Executor, operator: NewOperator): Promise<OperatorRow> {
  return db.insertInto('operators').values(operator).returningAll().executeTakeFirstOrThrow()
}

export async function findOperator(db: Executor, id: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listOperators(db: Executor): Promise<OperatorRow[]> {
  return db.selectFrom('operators').selectAll().orderBy('id').execute()
}

export async function lockOperator(trx: Transaction<Database>, id: string): Promise<OperatorRow | undefined> {
  return trx.selectFrom('operators').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function setOperatorPin(trx: Transaction<Database>, id: string, pinHash: string, previousPinHash: string, at: Date): Promise<OperatorRow> {
  return trx
    .updateTable('operators')
    .set((eb) => ({ pin_hash: pinHash, previous_pin_hash: previousPinHash, pin_set_at: at, version: eb(eb.ref('version'), '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}
