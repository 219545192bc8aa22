import type { Transaction } from 'kysely'
import type { ContactsJson, Database } from '../../db/database.js'
import type { OutboxChannel } from '../../core/outbox/outbox.service.js'
import type { OutboxService } from '../../core/outbox/outbox.service.js'
import { CONTACT_CENTER_IT } from '../../core/access/contact-center-info.js'

const CONTACT_CENTER = `chiami ${CONTACT_CENTER_IT}`

const NOTICES = {
  superseded: {
    subject: 'PIN INPS: nuova richiesta a suo nome',
    body: `INPS: è stata presentata una nuova richiesta di PIN a suo nome, che sostituisce la sua richiesta precedente. Se non è stato lei, ${CONTACT_CENTER}.`,
  },
  alreadyActive: {
    subject: 'PIN INPS: richiesta non accolta',
    body:
      'INPS: è stata presentata una richiesta di PIN a suo nome, ma lei ha già un PIN attivo: la richiesta non è stata accolta. ' +
      `Se ha smarrito il PIN, può recuperarlo online (Recupero PIN) indicando due dei recapiti registrati presso l'INPS, oppure ${CONTACT_CENTER}. ` +
      `Se non è stato lei, ${CONTACT_CENTER}.`,
  },
  reissued: {
    subject: 'PIN INPS: nuovo PIN rilasciato',
    body:
      'INPS: su sua richiesta telefonica il Contact Center le ha rilasciato un nuovo PIN: il PIN precedente non è più valido. ' +
      `La prima parte del nuovo PIN le è stata comunicata dall'operatore, la seconda le arriverà per posta. Se non è stato lei, ${CONTACT_CENTER}.`,
  },
} as const

export type PinNotice = keyof typeof NOTICES

/** Every contact on file, each by its own channel: a warning must reach the person even if one channel is lost. */
function everyContact(contacts: ContactsJson): Array<{ channel: OutboxChannel; recipient: string }> {
  return [
    ...(contacts.mobile ? [{ channel: 'sms' as const, recipient: contacts.mobile }] : []),
    ...(contacts.email ? [{ channel: 'email' as const, recipient: contacts.email }] : []),
    ...(contacts.pec ? [{ channel: 'pec' as const, recipient: contacts.pec }] : []),
  ]
}

/**
 * Tells the person, at contacts INPS trusts (never those typed into a request), what happened to a PIN
 * request made in their name. No PIN part ever travels in a notice.
 */
export async function sendPinNotice(
  trx: Transaction<Database>,
  outbox: Pick<OutboxService, 'send'>,
  at: Date,
  codiceFiscale: string,
  contacts: ContactsJson | undefined,
  notice: PinNotice,
): Promise<void> {
  const recipients = contacts ? everyContact(contacts) : []
  if (recipients.length === 0) return
  await outbox.send(
    trx,
    at,
    recipients.map((to) => ({ codiceFiscale, ...to, ...NOTICES[notice], deliverAt: at })),
  )
}
