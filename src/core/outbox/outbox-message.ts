import { toRomeIso } from '../../lib/rome-time.js'
import type { Row } from '../../db/database.js'

/** A message of the outbox as the control API shows it, delivered or dropped alike. */
export function toOutboxMessage(row: Row<'outbox'>) {
  return {
    id: row.id,
    codiceFiscale: row.codice_fiscale,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    pinPart: row.pin_part ?? undefined,
    secret: row.secret ?? undefined,
    sentAt: toRomeIso(row.created_at),
    deliverAt: toRomeIso(row.deliver_at),
  }
}
