import type { ContactsJson, Row } from '../../db/database.js'
import type { OutboxChannel } from '../../core/outbox/outbox.service.js'
import { unprocessable } from '../../lib/errors.js'
import { CONTACT_CENTER_EN } from '../../core/access/contact-center-info.js'

type ContactKind = keyof ContactsJson

/** "+39 333 1234567" = "3331234567": spaces, dots, dashes and the Italian prefix do not matter. */
export function normalizePhone(phone: string): string {
  return phone.replace(/[\s.\-/()]/g, '').replace(/^(\+|00)39(?=3)/, '')
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

const normalize = (kind: ContactKind, value: string) =>
  kind === 'mobile' ? normalizePhone(value) : normalizeEmail(value)

export interface RecoveryDelivery {
  channel: OutboxChannel
  recipient: string
}

export interface RecoveryPlan {
  firstHalfTo: RecoveryDelivery
  secondHalfTo: RecoveryDelivery
}

const hasAnyContact = (contacts: ContactsJson) => Boolean(contacts.mobile || contacts.email || contacts.pec)

/**
 * The contacts INPS trusts for a person: those of the archive record; when the archive has none, those
 * of an ACTIVATED credential (its PIN was completed with the letter to the residence, the proof of
 * identity, so they are the holder's). Never contacts typed into a request or kept by a credential not
 * yet activated: anyone who knows the registry data can type those.
 */
export function trustedContacts(
  archive: ContactsJson | undefined,
  credential: Pick<Row<'pin_credentials'>, 'state' | 'contacts'> | undefined,
): ContactsJson | undefined {
  if (archive && hasAnyContact(archive)) return archive
  return credential?.state === 'active' ? credential.contacts : undefined
}

export const recoveryNeedsTwoContacts = () =>
  unprocessable(
    'RECOVERY_NEEDS_TWO_CONTACTS',
    `Online recovery needs at least two contacts (mobile, email, PEC) matching those on file; otherwise call ${CONTACT_CENTER_EN}`,
  )

/**
 * docs/rules.md §3 (smarrimento): two contacts given must match two on file. The first half goes to the mobile
 * by SMS when it matched (else the email), the second to another matching contact (email or PEC), so
 * that one stolen mailbox or phone is not enough. Sent to the values on file, not the ones typed.
 */
export function planRecovery(onFile: ContactsJson | undefined, given: ContactsJson): RecoveryPlan {
  const matched = (['mobile', 'email', 'pec'] as const).filter((kind) => {
    const known = onFile?.[kind]
    const typed = given[kind]
    return known !== undefined && typed !== undefined && normalize(kind, known) === normalize(kind, typed)
  })
  if (!onFile || matched.length < 2) throw recoveryNeedsTwoContacts()
  const to = (kind: ContactKind): RecoveryDelivery => ({
    channel: kind === 'mobile' ? 'sms' : kind,
    recipient: onFile[kind] as string,
  })
  const [first, second] = matched // in order mobile, email, pec
  return { firstHalfTo: to(first), secondHalfTo: to(second) }
}
