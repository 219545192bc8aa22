import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import type { OutboxChannel } from './outbox.table.js'
import type { DeliveryFault } from './delivery-faults.rules.js'
import { deleteDeliveryFaults, listDeliveryFaults, saveDeliveryFault } from './delivery-faults.repository.js'
import { listDropped, type DroppedFilter } from './outbox.repository.js'
import { toPage } from '../../lib/paging.js'
import { toOutboxMessage } from './outbox-message.js'

/** The faults in force, read by the outbox in the transaction that queues a message. */
export async function deliveryFaultsIn(db: Executor): Promise<DeliveryFault[]> {
  return (await listDeliveryFaults(db)).map((r) => ({
    channel: r.channel,
    mode: r.mode,
    ...(r.delay_hours !== null ? { delayHours: r.delay_hours } : {}),
    ...(r.provinces ? { provinces: r.provinces } : {}),
  }))
}

/** PUT/GET/DELETE /emulator/delivery-faults: stored in the database, so every instance applies them. */
export function createDeliveryFaultsService(db: Kysely<Database>) {
  return {
    list: () => deliveryFaultsIn(db),
    async save(fault: DeliveryFault, at: Date) {
      await saveDeliveryFault(db, {
        channel: fault.channel,
        mode: fault.mode,
        delay_hours: fault.mode === 'delay' ? (fault.delayHours ?? null) : null,
        provinces: fault.provinces ? [...new Set(fault.provinces.map((p) => p.toUpperCase()))] : null,
        updated_at: at,
      })
      return deliveryFaultsIn(db)
    },
    remove: (channel?: OutboxChannel) => deleteDeliveryFaults(db, channel),
    /** One page of the messages lost to a fault (cursor = the last seq seen). */
    async dropped(filter: DroppedFilter) {
      const rows = await listDropped(db, { ...filter, limit: filter.limit + 1 })
      return toPage(rows, filter.limit, (last) => String(last.seq), toOutboxMessage)
    },
  }
}

export type DeliveryFaultsService = ReturnType<typeof createDeliveryFaultsService>
