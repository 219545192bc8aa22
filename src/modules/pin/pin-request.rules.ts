import type { ContactsJson, Row } from '../../db/database.js'
import type { PinRequestPersonalData } from './pin.table.js'
import { badRequest } from '../../lib/errors.js'
import { normalizeText, sameAddress } from './address.rules.js'

export type FirstHalfChannel = 'sms' | 'email'

/**
 * docs/rules.md §3: at least one of mobile or email, and the one named by firstHalfChannel (a PEC alone cannot
 * receive the first half: INPS sent it by SMS or ordinary email). Returns where the first half goes.
 */
export function requireDeliveryContact(contacts: ContactsJson, firstHalfChannel: FirstHalfChannel): string {
  if (!contacts.mobile && !contacts.email) {
    throw badRequest(
      'NO_DELIVERY_CONTACT',
      'Give at least a mobile number or an email address: the first half of the PIN is sent there',
      {
        errors: [{ field: '/contacts', message: 'needs mobile or email' }],
      },
    )
  }
  const recipient = firstHalfRecipient(contacts, firstHalfChannel)
  if (!recipient) {
    const field = firstHalfChannel === 'sms' ? 'mobile' : 'email'
    throw badRequest(
      'NO_DELIVERY_CONTACT',
      `firstHalfChannel is ${firstHalfChannel} but contacts.${field} is missing`,
      {
        errors: [{ field: `/contacts/${field}`, message: `required when firstHalfChannel is ${firstHalfChannel}` }],
      },
    )
  }
  return recipient
}

export function firstHalfRecipient(contacts: ContactsJson, channel: FirstHalfChannel): string | undefined {
  return channel === 'sms' ? contacts.mobile : contacts.email
}

/** "D'Amico" = "DAMICO" = "d amico"; "Nicolò" = "Nicolo". */
const nameKey = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
const placeKey = (place: string) => normalizeText(place).replace(/ /g, '')

/** The residence agrees with the archive (abbreviations, case and punctuation aside). */
export function addressMatchesArchive(person: Row<'persons'>, data: PinRequestPersonalData): boolean {
  return sameAddress(person.residence, data.residence)
}

/**
 * Whether the PIN can be issued at once (docs/rules.md §3, address check): the person is in the archive with
 * the same residence, name and birth data. Anything else waits for the Contact Center.
 */
export function matchesArchive(person: Row<'persons'> | undefined, data: PinRequestPersonalData): boolean {
  return (
    person !== undefined &&
    addressMatchesArchive(person, data) &&
    nameKey(person.first_name) === nameKey(data.firstName) &&
    nameKey(person.last_name) === nameKey(data.lastName) &&
    person.birth_date === data.birthDate &&
    person.sex === data.sex &&
    placeKey(person.birth_place) === placeKey(data.birthPlace)
  )
}
