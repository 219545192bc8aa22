import { randomUUID } from 'node:crypto'
import type { Executor } from '../../db/executor.js'
import type { OutboxChannel, PinPart } from './outbox.table.js'
import {
  findLatestPinPart,
  insertMessages,
  listDelivered,
  listDropped,
  type DroppedFilter,
  type OutboxFilter,
} from './outbox.repository.js'
import { provinceOfAddress, routeMessage } from './delivery-faults.rules.js'
import { deliveryFaultsIn } from './delivery-faults.service.js'
import type { Row } from '../../db/database.js'

export interface OutgoingMessage {
  codiceFiscale: string | null
  channel: OutboxChannel
  recipient: string
  subject: string
  body: string
  /** Which part of a PIN travels in this message; the value itself goes in `secret`. */
  pinPart?: PinPart
  secret?: string
  /** When the message reaches the recipient: now for SMS/email, after the postal delay for letters. */
  deliverAt: Date
  /** Letters: the province (sigla) of the address; read from the address when not given. */
  province?: string
}

export interface OutboxService {
  /**
   * Queues messages inside the caller's transaction, so nothing is "sent" for work that rolls back. The
   * delivery faults in force (docs/rules.md §15) apply here: a message may be dropped or delayed.
   */
  send(db: Executor, sentAt: Date, messages: OutgoingMessage[]): Promise<void>
  /**
   * Sends again, now, the latest message that carried this part of the person's PIN since `since`: the
   * same text to the same recipient, as a gateway repeats a message (docs/rules.md §3, the 12-hour rule).
   * The PIN itself is not read nor changed. False when there is no such message.
   */
  resendPinPart(db: Executor, sentAt: Date, codiceFiscale: string, pinPart: PinPart, since: Date): Promise<boolean>
  listDelivered(db: Executor, filter: OutboxFilter): Promise<Row<'outbox'>[]>
  listDropped(db: Executor, filter: DroppedFilter): Promise<Row<'outbox'>[]>
}

export function createOutboxService(): OutboxService {
  const service: OutboxService = {
    async resendPinPart(db, sentAt, codiceFiscale, pinPart, since) {
      const sent = await findLatestPinPart(db, codiceFiscale, pinPart, since)
      if (!sent) return false
      await service.send(db, sentAt, [
        {
          codiceFiscale,
          channel: sent.channel,
          recipient: sent.recipient,
          subject: sent.subject,
          body: sent.body,
          pinPart,
          ...(sent.secret === null ? {} : { secret: sent.secret }),
          deliverAt: sentAt,
          ...(sent.province === null ? {} : { province: sent.province }),
        },
      ])
      return true
    },
    async send(db, sentAt, messages) {
      if (messages.length === 0) return
      const faults = await deliveryFaultsIn(db)
      await insertMessages(
        db,
        messages.map((m) => {
          const province =
            m.province?.toUpperCase() ?? (m.channel === 'post' ? provinceOfAddress(m.recipient) : undefined)
          const routed = routeMessage({ channel: m.channel, deliverAt: m.deliverAt, province }, faults)
          return {
            id: randomUUID(),
            codice_fiscale: m.codiceFiscale,
            channel: m.channel,
            recipient: m.recipient,
            subject: m.subject,
            body: m.body,
            pin_part: m.pinPart ?? null,
            secret: m.secret ?? null,
            created_at: sentAt,
            deliver_at: routed.deliverAt,
            dropped: routed.dropped,
            province: province ?? null,
          }
        }),
      )
    },
    listDelivered,
    listDropped,
  }
  return service
}

export type { OutboxChannel } from './outbox.table.js'
