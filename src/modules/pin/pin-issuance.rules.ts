import { forbidden } from '../../lib/errors.js'
import { romeDate } from '../../lib/rome-time.js'
import { CONTACT_CENTER_IT } from '../../core/access/contact-center-info.js'
import type { PinScope } from './pin.table.js'
import { startOfDayAfter } from './pin.rules.js'

/**
 * docs/rules.md §3, end of new PINs (circolare INPS 87 of 17 July 2020): from the day after
 * `pinIssuanceEnd` INPS issues no new PIN, on any channel, except to those who cannot have SPID:
 * minors, people without an Italian identity document, people under tutela, curatela or
 * amministrazione di sostegno; and to them only for their own services.
 */
export type SpidException = 'minor' | 'no_italian_identity_document' | 'legal_protection'

/** What the archive says about a person, for the exceptions; `birthDate` from the archive, else from the request. */
export interface IssuanceFacts {
  birthDate: string
  positions?: Record<string, unknown> | null
}

export const isPinIssuanceOver = (now: Date, pinIssuanceEnd: string): boolean =>
  now.getTime() >= startOfDayAfter(pinIssuanceEnd).getTime()

/** Under 18 on the Rome day of `now`. */
export function isMinor(birthDate: string, now: Date): boolean {
  const [year, monthDay] = [Number(birthDate.slice(0, 4)), birthDate.slice(4)]
  return romeDate(now) < `${String(year + 18).padStart(4, '0')}${monthDay}`
}

export function spidException(facts: IssuanceFacts, now: Date): SpidException | undefined {
  if (isMinor(facts.birthDate, now)) return 'minor'
  if (facts.positions?.noItalianIdentityDocument === true) return 'no_italian_identity_document'
  if (typeof facts.positions?.legalProtection === 'string') return 'legal_protection'
  return undefined
}

export const PIN_ISSUANCE_ENDED_IT =
  "Dal 1° ottobre 2020 l'INPS non rilascia nuovi PIN (circolare n. 87 del 17 luglio 2020): per accedere ai servizi " +
  "online usi SPID, la Carta d'Identità Elettronica (CIE) o la Carta Nazionale dei Servizi (CNS). I PIN già " +
  `rilasciati restano validi e si rinnovano. Per informazioni chiami ${CONTACT_CENTER_IT}.`

/**
 * The scope of a new PIN issued at `now`: undefined (every service) until the end date, then
 * `own_services` for an exception, else 403 PIN_ISSUANCE_ENDED with the Italian text that points to
 * SPID, CIE and CNS.
 */
export function newPinScope(now: Date, pinIssuanceEnd: string, facts: IssuanceFacts): PinScope | undefined {
  if (!isPinIssuanceOver(now, pinIssuanceEnd)) return undefined
  if (spidException(facts, now)) return 'own_services'
  throw forbidden(
    'PIN_ISSUANCE_ENDED',
    'INPS issues no new PIN (circolare INPS 87/2020): use SPID, CIE or CNS. A PIN issued before keeps working and is renewed; ' +
      'minors, people without an Italian identity document and people under tutela, curatela or amministrazione di sostegno still get one, for their own services',
    { message: PIN_ISSUANCE_ENDED_IT, alternatives: ['SPID', 'CIE', 'CNS'] },
  )
}
