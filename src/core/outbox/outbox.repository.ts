import type { Executor } from '../../db/executor.js'
import { pageBySeq, type SeqPage } from '../../db/seq-page.repository.js'
import type { OutboxChannel, PinPart } from './outbox.table.js'
import type { NewRow, Row } from '../../db/database.js'

export async function insertMessages(db: Executor, rows: NewRow<'outbox'>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('outbox').values(rows).execute()
}

export interface OutboxFilter extends SeqPage {
  deliveredBy: Date
  codiceFiscale?: string
  channel?: OutboxChannel
}

/** Messages whose delivery time has passed, oldest first; a dropped message is never delivered. */
export async function listDelivered(db: Executor, filter: OutboxFilter): Promise<Row<'outbox'>[]> {
  let query = db
    .selectFrom('outbox')
    .selectAll()
    .where('deliver_at', '<=', filter.deliveredBy)
    .where('dropped', '=', false)
  if (filter.codiceFiscale) query = query.where('codice_fiscale', '=', filter.codiceFiscale)
  if (filter.channel) query = query.where('channel', '=', filter.channel)
  return pageBySeq(query, filter).execute()
}

export type DroppedFilter = Omit<OutboxFilter, 'deliveredBy'>

/** Messages lost to a delivery fault, oldest first. */
export async function listDropped(db: Executor, filter: DroppedFilter): Promise<Row<'outbox'>[]> {
  let query = db.selectFrom('outbox').selectAll().where('dropped', '=', true)
  if (filter.codiceFiscale) query = query.where('codice_fiscale', '=', filter.codiceFiscale)
  if (filter.channel) query = query.where('channel', '=', filter.channel)
  return pageBySeq(query, filter).execute()
}

/** The latest message carrying this part of a person's PIN, sent at or after `since` (delivered, delayed or dropped). */
export async function findLatestPinPart(
  db: Executor,
  codiceFiscale: string,
  pinPart: PinPart,
  since: Date,
): Promise<Row<'outbox'> | undefined> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('codice_fiscale', '=', codiceFiscale)
    .where('pin_part', '=', pinPart)
    .where('created_at', '>=', since)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
}
