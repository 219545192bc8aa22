import { romeInstant } from '../../lib/rome-time.js'
import type { Role } from '../../core/auth/auth.types.js'

export const PIN_LENGTH = 16
export const HALF_LENGTH = 8
export const PERSONAL_PIN_LENGTH = 8
/** SPEC 3: 5 consecutive wrong PINs lock the credential for 24 hours of emulated time. */
export const MAX_FAILED_ATTEMPTS = 5
export const LOCK_HOURS = 24
/** SPEC 3: the citizen may call the Contact Center if the first half has not arrived within 12 hours. */
export const VALIDATION_WAIT_HOURS = 12

/** PINs are compared case-insensitively: they were read over the phone and typed from letters. */
export function normalizePin(pin: string): string {
  return pin.trim().toUpperCase()
}

/** SPEC 3: 6 months for citizens, 3 for intermediaries' and patronati's operators. */
export function pinValidityMonths(role: Role): number {
  return role === 'patronato' || role === 'intermediario' ? 3 : 6
}

export function pinExpiresAt(pinSetAt: Date, role: Role): Date {
  const expiry = new Date(pinSetAt)
  expiry.setUTCMonth(expiry.getUTCMonth() + pinValidityMonths(role))
  return expiry
}

export function isPinExpired(pinSetAt: Date, role: Role, now: Date): boolean {
  return now.getTime() >= pinExpiresAt(pinSetAt, role).getTime()
}

/**
 * DL 23/2020 art. 35: the PIN semplificato lasts for the whole emergency. `emergencyEnd` is the last
 * day of the emergency (Rome date, inclusive); none means it has not ended.
 */
export function isEmergencyOn(now: Date, emergencyEnd: string | undefined): boolean {
  if (!emergencyEnd) return true
  const dayAfter = new Date(`${emergencyEnd}T00:00:00Z`)
  dayAfter.setUTCDate(dayAfter.getUTCDate() + 1)
  return now.getTime() < romeInstant(dayAfter.toISOString().slice(0, 10), '00:00').getTime()
}

/** Why a chosen personal PIN is refused (SPEC 3), or null when it is acceptable. */
export function personalPinWeakness(newPin: string, codiceFiscale: string | null): string | null {
  const pin = normalizePin(newPin)
  if (pin.length !== PERSONAL_PIN_LENGTH) return `must be exactly ${PERSONAL_PIN_LENGTH} characters`
  if (!/^[A-Z0-9]+$/.test(pin)) return 'must contain only letters and digits'
  if (new Set(pin).size === 1) return 'must not repeat a single character'
  if (codiceFiscale && codiceFiscale.includes(pin)) return 'must not be 8 consecutive characters of the codice fiscale'
  return null
}
