import { INTERMEDIARY_ROLES, type Role } from './auth.types.js'

/** The personal PIN every holder sets, citizen or operator (docs/rules.md §3). */
export const PERSONAL_PIN_LENGTH = 8

/** PINs are compared case-insensitively: they were read over the phone and typed from letters. */
export function normalizePin(pin: string): string {
  return pin.trim().toUpperCase()
}

/** docs/rules.md §3: 6 months for citizens, 3 for intermediaries' and patronati's operators. */
export function pinValidityMonths(role: Role): number {
  return INTERMEDIARY_ROLES.includes(role) ? 3 : 6
}

export function pinExpiresAt(pinSetAt: Date, role: Role): Date {
  const expiry = new Date(pinSetAt)
  expiry.setUTCMonth(expiry.getUTCMonth() + pinValidityMonths(role))
  return expiry
}

export function isPinExpired(pinSetAt: Date, role: Role, now: Date): boolean {
  return now.getTime() >= pinExpiresAt(pinSetAt, role).getTime()
}

/** Why a chosen personal PIN is refused (docs/rules.md §3), or null when it is acceptable. */
export function personalPinWeakness(newPin: string, codiceFiscale: string | null): string | null {
  const pin = normalizePin(newPin)
  if (pin.length !== PERSONAL_PIN_LENGTH) return `must be exactly ${PERSONAL_PIN_LENGTH} characters`
  if (!/^[A-Z0-9]+$/.test(pin)) return 'must contain only letters and digits'
  if (new Set(pin).size === 1) return 'must not repeat a single character'
  if (codiceFiscale && codiceFiscale.includes(pin)) return 'must not be 8 consecutive characters of the codice fiscale'
  return null
}
