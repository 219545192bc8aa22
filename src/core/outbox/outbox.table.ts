import type { Timestamp } from '../../db/database.js'
import type { Generated } from 'kysely'

export type OutboxChannel = 'sms' | 'email' | 'pec' | 'post'

export type PinPart = 'first' | 'second' | 'full'

export interface OutboxTable {
  id: string
  seq: Generated<number>
  codice_fiscale: string | null
  channel: OutboxChannel
  recipient: string
  subject: string
  body: string
  pin_part: PinPart | null
  secret: string | null
  created_at: Timestamp
  deliver_at: Timestamp
  /** Lost to a delivery fault (PUT /emulator/delivery-faults): recorded, never delivered. */
  dropped: Generated<boolean>
  /** Letters: the province of the address (sigla), for faults per province. */
  province: string | null
}

declare module '../../db/database.js' {
  interface Database {
    outbox: OutboxTable
  }
}
