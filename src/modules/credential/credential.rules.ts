import type { ContactsJson, Row } from '../../db/database.js'
import type { OutboxChannel } from '../../core/outbox/outbox.service.js'
import { conflict, forbidden, unprocessable } from '../../lib/errors.js'
import { DISPOSITIVO_LEVELS, type AuthLevel } from '../../core/auth/auth.types.js'
import { CONTACT_CENTER_IT, CONTACT_CENTER_NUMBERS } from '../../core/access/contact-center-info.js'

type Credential = Pick<Row<'pin_credentials'>, 'state' | 'level'> | undefined

export const alreadyDispositivo = () =>
  conflict(
    'ALREADY_DISPOSITIVO',
    'The credential already has dispositive functions (PIN dispositivo, SPID 2-3, CIE or CNS): there is nothing to convert',
  )

/** docs/rules.md §4: only an activated PIN ordinario can be converted online; `level` is the session's effective level. */
export function onlineConversionRefusal(level: AuthLevel, credential: Credential): Error | null {
  if (DISPOSITIVO_LEVELS.includes(level) || credential?.level === 'dispositivo') return alreadyDispositivo()
  if (level !== 'pin_ordinario' || credential?.state !== 'active') {
    return forbidden(
      'INSUFFICIENT_LEVEL',
      'The conversion needs an activated PIN ordinario: log in with the personal 8-character PIN',
      { acceptedLevels: ['pin_ordinario'] },
    )
  }
  return null
}

/** docs/rules.md §4, fax: the caller's PIN must already be activated for the documents to convert it. */
export function faxConversionRefusal(credential: Credential): Error | null {
  if (credential?.state !== 'active') {
    return unprocessable(
      'NO_ACTIVE_PIN',
      'This person has no activated PIN to convert: the PIN must be requested and activated first',
    )
  }
  if (credential.level === 'dispositivo') return alreadyDispositivo()
  return null
}

/** docs/rules.md §4, remote recognition: both halves go electronically, so both a mobile and an email are needed. */
export function requireElectronicContacts(contacts: ContactsJson): { mobile: string; email: string } {
  const missing = (['mobile', 'email'] as const).filter((c) => !contacts[c])
  if (missing.length > 0) {
    throw unprocessable(
      'CONTACTS_REQUIRED',
      `Remote recognition sends the PIN by SMS and email: the archive has no ${missing.join(' and ')} for this person`,
      {
        errors: missing.map((c) => ({ field: `/contacts/${c}`, message: 'missing in the archive' })),
      },
    )
  }
  return { mobile: contacts.mobile!, email: contacts.email! }
}

/** Where a decision is notified: email first, then SMS, then PEC (docs/rules.md §4: "either way the citizen is notified"). */
export function notificationChannel(contacts: ContactsJson): { channel: OutboxChannel; recipient: string } | null {
  if (contacts.email) return { channel: 'email', recipient: contacts.email }
  if (contacts.mobile) return { channel: 'sms', recipient: contacts.mobile }
  if (contacts.pec) return { channel: 'pec', recipient: contacts.pec }
  return null
}

export function decisionMessage(decision: { status: 'approved' } | { status: 'rejected'; reason: string }): {
  subject: string
  body: string
} {
  if (decision.status === 'approved') {
    return {
      subject: 'PIN dispositivo: richiesta accolta',
      body: 'INPS: la sua richiesta di conversione in PIN dispositivo è stata accolta. Il suo PIN ora consente anche i servizi dispositivi.',
    }
  }
  return {
    subject: 'PIN dispositivo: richiesta respinta',
    body:
      `INPS: la sua richiesta di conversione in PIN dispositivo è stata respinta. Motivo: ${decision.reason.replace(/[.\s]+$/, '')}. ` +
      `Può presentare una nuova richiesta online, oppure inviare il modulo firmato e la copia del documento via fax al numero verde ${CONTACT_CENTER_NUMBERS.fax}. ` +
      `Per assistenza chiami ${CONTACT_CENTER_IT}.`,
  }
}
