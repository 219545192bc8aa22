import type { Executor } from '../../db/executor.js'
import type { OutboxChannel } from './outbox.table.js'
import type { NewRow, Row } from '../../db/database.js'

export async function listDeliveryFaults(db: Executor): Promise<Row<'delivery_faults'>[]> {
  return db.selectFrom('delivery_faults').selectAll().orderBy('channel').execute()
}

/** One rule per channel: a new one replaces the old. */
export async function saveDeliveryFault(db: Executor, row: NewRow<'delivery_faults'>): Promise<void> {
  await db
    .insertInto('delivery_faults')
    .values(row)
    .onConflict((oc) =>
      oc.column('channel').doUpdateSet({
        mode: row.mode,
        delay_hours: row.delay_hours,
        provinces: row.provinces,
        updated_at: row.updated_at,
      }),
    )
    .execute()
}

export async function deleteDeliveryFaults(db: Executor, channel?: OutboxChannel): Promise<number> {
  let query = db.deleteFrom('delivery_faults')
  if (channel) query = query.where('channel', '=', channel)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}
