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
  return now.getTime() < startOfDayAfter(emergencyEnd).getTime()
}

/** The first Rome instant after the Rome day `date` (inclusive). */
export function startOfDayAfter(date: string): Date {
  const dayAfter = new Date(`${date}T00:00:00Z`)
  dayAfter.setUTCDate(dayAfter.getUTCDate() + 1)
  return romeInstant(dayAfter.toISOString().slice(0, 10), '00:00')
}

/**
 * docs/rules.md §2: the first half alone opens a session from the day messaggio INPS 1381/2020 introduced
 * the PIN semplificato (26 March 2020) to the end of the emergency; `not_yet` and `over` say which side.
 */
export function semplificatoPeriod(
  now: Date,
  period: { from: string; emergencyEnd: string },
): 'open' | 'not_yet' | 'over' {
  if (now.getTime() < romeInstant(period.from, '00:00').getTime()) return 'not_yet'
  return isEmergencyOn(now, period.emergencyEnd) ? 'open' : 'over'
}
