import type { Timestamp } from '../../db/database.js'
import type { OutboxChannel } from './outbox.table.js'

export type DeliveryFaultMode = 'drop' | 'delay'

export interface DeliveryFaultsTable {
  channel: OutboxChannel
  mode: DeliveryFaultMode
  delay_hours: number | null
  /** Letters only: the provinces (sigle) the rule applies to; null means every letter. */
  provinces: string[] | null
  updated_at: Timestamp
}

declare module '../../db/database.js' {
  interface Database {
    delivery_faults: DeliveryFaultsTable
  }
}
