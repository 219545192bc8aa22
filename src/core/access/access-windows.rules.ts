import type { RuleSettings } from '../../config.js'
import { romeInstant, romeParts } from '../../lib/rome-time.js'
import { INTERMEDIARY_ROLES, type Role } from '../auth/auth.types.js'

export type WindowDecision = { open: true } | { open: false; nextOpening: Date }

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/**
 * docs/rules.md §7 (the contingentamento INPS announced from 2 April 2020, which msg 1464/2020 followed):
 * from 2 April 2020 patronati and intermediaries use the
 * application services 08:00-16:00 and citizens 16:00-08:00, Europe/Rome (daylight saving included).
 * Other roles are not split (the Contact Center keeps its own hours).
 */
export function accessWindowDecision(now: Date, role: Role, settings: RuleSettings['accessWindows']): WindowDecision {
  const intermediary = INTERMEDIARY_ROLES.includes(role)
  if (!settings.enabled || (!intermediary && role !== 'citizen')) return { open: true }
  if (now.getTime() < romeInstant(settings.from, '00:00').getTime()) return { open: true }

  const { date, time } = romeParts(now)
  const inDaytime = time >= settings.intermediaryStart && time < settings.intermediaryEnd
  if (intermediary === inDaytime) return { open: true }
  if (intermediary) {
    // Before the morning opening: today; after the afternoon closing: tomorrow.
    const day = time < settings.intermediaryStart ? date : addDays(date, 1)
    return { open: false, nextOpening: romeInstant(day, settings.intermediaryStart) }
  }
  return { open: false, nextOpening: romeInstant(date, settings.intermediaryEnd) }
}
