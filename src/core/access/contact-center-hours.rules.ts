import { romeInstant, romeParts } from '../../lib/rome-time.js'

/** Opening hours by Rome weekday (0 = Sunday), [open, close) as HH:MM; null when closed all day. */
export type WeeklyHours = ReadonlyArray<{ open: string; close: string } | null>

/** docs/rules.md §3: Contact Center Mon–Fri 08:00–20:00, Sat 08:00–14:00, closed on Sunday (Europe/Rome). */
export const CONTACT_CENTER_HOURS: WeeklyHours = Object.freeze([
  null,
  { open: '08:00', close: '20:00' },
  { open: '08:00', close: '20:00' },
  { open: '08:00', close: '20:00' },
  { open: '08:00', close: '20:00' },
  { open: '08:00', close: '20:00' },
  { open: '08:00', close: '14:00' },
])

export function isContactCenterOpen(now: Date, hours: WeeklyHours = CONTACT_CENTER_HOURS): boolean {
  const { weekday, time } = romeParts(now)
  const today = hours[weekday]
  return today !== null && time >= today.open && time < today.close
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/**
 * The first opening strictly after `now`: later today if it has not opened yet, otherwise the next
 * working day's (DST-aware: 08:00 in Rome is 07:00Z in winter and 06:00Z in summer).
 */
export function nextContactCenterOpening(now: Date, hours: WeeklyHours = CONTACT_CENTER_HOURS): Date {
  let date = romeParts(now).date
  for (let day = 0; day < 8; day++, date = nextDate(date)) {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay()
    const today = hours[weekday]
    if (!today) continue
    const opening = romeInstant(date, today.open)
    if (opening.getTime() > now.getTime()) return opening
  }
  throw new Error('contact center hours: no opening within a week')
}
