import { romeInstant } from '../../lib/rome-time.js'

export const PIN_LENGTH = 16
export const HALF_LENGTH = 8
/** docs/rules.md §3: the citizen may call the Contact Center if the first half has not arrived within 12 hours. */
export const VALIDATION_WAIT_HOURS = 12

/**
 * DL 23/2020 art. 35: the PIN semplificato lasts for the whole emergency. `emergencyEnd` is the last
 * day of the emergency (Rome date, inclusive; docs/rules.md §15).
 */
export function isEmergencyOn(now: Date, emergencyEnd: string): boolean {
  const dayAfter = new Date(`${emergencyEnd}T00:00:00Z`)
  dayAfter.setUTCDate(dayAfter.getUTCDate() + 1)
  return now.getTime() < romeInstant(dayAfter.toISOString().slice(0, 10), '00:00').getTime()
}
