import { randomUUID } from 'node:crypto'
import type { Executor } from '../../db/executor.js'
import type { OutboxChannel, OutboxRow, PinPart } from './outbox.table.js'
import { insertMessages, listDelivered, type OutboxFilter } from './outbox.repository.js'

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
}

export interface OutboxService {
  /** Queues messages inside the caller's transaction, so nothing is "sent" for work that rolls back. */
  send(db: Executor, sentAt: Date, messages: OutgoingMessage[]): Promise<void>
  listDelivered(db: Executor, filter: OutboxFilter): Promise<OutboxRow[]>
}

export function createOutboxService(): OutboxService {
  return {
    send: (db, sentAt, messages) =>
      insertMessages(
        db,
        messages.map((m) => ({
          id: randomUUID(),
          codice_fiscale: m.codiceFiscale,
          channel: m.channel,
          recipient: m.recipient,
          subject: m.subject,
          body: m.body,
          pin_part: m.pinPart ?? null,
          secret: m.secret ?? null,
          created_at: sentAt,
          deliver_at: m.deliverAt,
        })),
      ),
    listDelivered,
  }
}

export type { OutboxChannel } from './outbox.table.js'
