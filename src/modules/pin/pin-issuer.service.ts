import type { Transaction } from 'kysely'
import type { ContactsJson, Database } from '../../db/database.js'
import type { CredentialLevel, PinScope } from './pin.table.js'
import type { OutboxChannel } from '../../core/outbox/outbox.service.js'
import { generatePin, hashSecret } from '../../lib/secrets.js'
import type { OutboxService } from '../../core/outbox/outbox.service.js'
import { upsertIssuedCredential } from './pin-credential.repository.js'
import { HALF_LENGTH, PIN_LENGTH } from './pin.rules.js'

/** A new 16-character PIN with its halves hashed separately (docs/rules.md §3, Storage). */
export interface PreparedPin {
  pin: string
  firstHalf: string
  secondHalf: string
  firstHalfHash: string
  secondHalfHash: string
}

/** Hash before opening a transaction: argon2 is slow and a transaction should not wait for it. */
export async function preparePin(): Promise<PreparedPin> {
  const pin = generatePin(PIN_LENGTH)
  const firstHalf = pin.slice(0, HALF_LENGTH)
  const secondHalf = pin.slice(HALF_LENGTH)
  const [firstHalfHash, secondHalfHash] = await Promise.all([hashSecret(firstHalf), hashSecret(secondHalf)])
  return { pin, firstHalf, secondHalf, firstHalfHash, secondHalfHash }
}

export interface PinDelivery {
  channel: OutboxChannel
  recipient: string
  deliverAt: Date
  /** Letters: the province of the address, for delivery faults per province. */
  province?: string
}

export interface PinHolder {
  codiceFiscale: string
  firstName: string
  lastName: string
  contacts: ContactsJson
}

const SUBJECTS = {
  first: 'PIN INPS: prima parte',
  second: 'PIN INPS: seconda parte',
  full: 'PIN INPS',
} as const

function messageBody(part: 'first' | 'second' | 'full', secret: string): string {
  if (part === 'first')
    return `INPS: i primi 8 caratteri del suo PIN sono ${secret}. Con questi accede ai servizi COVID-19 (PIN semplificato).`
  if (part === 'second')
    return `INPS: gli ultimi 8 caratteri del suo PIN sono ${secret}. Al primo accesso con il PIN completo le sarà chiesto di sceglierne uno personale.`
  return `INPS: il suo PIN è ${secret}. Al primo accesso le sarà chiesto di sceglierne uno personale.`
}

/**
 * Stores a freshly issued PIN for the holder (replacing any earlier one) and queues its halves,
 * in the caller's transaction: nothing is "sent" unless the whole step commits.
 */
export async function storeIssuedPin(
  trx: Transaction<Database>,
  outbox: Pick<OutboxService, 'send'>,
  at: Date,
  holder: PinHolder,
  prepared: PreparedPin,
  options: {
    pinRequestId: string | null
    level: CredentialLevel
    scope?: PinScope
    firstHalfTo: PinDelivery
    secondHalfTo: PinDelivery
  },
): Promise<void> {
  await storeCredential(trx, at, holder, prepared, options)
  await outbox.send(trx, at, [
    {
      codiceFiscale: holder.codiceFiscale,
      ...options.firstHalfTo,
      subject: SUBJECTS.first,
      body: messageBody('first', prepared.firstHalf),
      pinPart: 'first',
      secret: prepared.firstHalf,
    },
    {
      codiceFiscale: holder.codiceFiscale,
      ...options.secondHalfTo,
      subject: SUBJECTS.second,
      body: messageBody('second', prepared.secondHalf),
      pinPart: 'second',
      secret: prepared.secondHalf,
    },
  ])
}

/**
 * docs/rules.md §4, at an INPS office: the whole PIN is handed over at the counter, so it is stored exactly like
 * a PIN sent in two halves, but nothing goes through the outbox.
 */
export async function storeHandedOverPin(
  trx: Transaction<Database>,
  at: Date,
  holder: PinHolder,
  prepared: PreparedPin,
  options: { pinRequestId: string | null; level: CredentialLevel; scope?: PinScope },
): Promise<void> {
  await storeCredential(trx, at, holder, prepared, options)
}

async function storeCredential(
  trx: Transaction<Database>,
  at: Date,
  holder: PinHolder,
  prepared: PreparedPin,
  options: { pinRequestId: string | null; level: CredentialLevel; scope?: PinScope },
) {
  await upsertIssuedCredential(trx, {
    ...(options.scope ? { scope: options.scope } : {}),
    codiceFiscale: holder.codiceFiscale,
    pinRequestId: options.pinRequestId,
    level: options.level,
    firstName: holder.firstName,
    lastName: holder.lastName,
    contacts: holder.contacts,
    firstHalfHash: prepared.firstHalfHash,
    secondHalfHash: prepared.secondHalfHash,
    at,
  })
}

/**
 * Free text typed by a citizen, made fit for one line of an address: control characters (CR/LF above
 * all, which would let a request add lines or headers to a recipient) and Unicode line breaks become
 * spaces, and runs of spaces one.
 */
export function singleLine(text: string): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** A letter to the residence: the form used for the second half. */
export function postalRecipient(
  residence: { street: string; postalCode: string; municipality: string; province: string },
  name: string,
): string {
  const [who, street, postalCode, municipality, province] = [
    name,
    residence.street,
    residence.postalCode,
    residence.municipality,
    residence.province,
  ].map(singleLine)
  return `${who}, ${street}, ${postalCode} ${municipality} (${province.toUpperCase()})`
}
