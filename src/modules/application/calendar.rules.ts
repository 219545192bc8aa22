import { forbidden } from '../../lib/errors.js'
import { romeInstant, toRomeIso } from '../../lib/rome-time.js'
import type { BenefitDefinition, Positions } from './benefits/definition.js'
import { addDays } from './outcome.rules.js'

export interface CalendarSettings {
  /** Rome-local day the procedures opened. */
  opensOn: string
  /** Last Rome-local day for the March indemnities, and for the applicants who had until later. */
  lastDay: string
  lastDayExtended: string
  /** Last Rome-local day of a benefit, by code, overriding its definition's (docs/configuration.md). */
  lastDayOf?: Readonly<Record<string, string>>
}

export interface ApplicationPeriod {
  opensAt: Date
  /** First instant at which the benefit is closed; none for benefits with no end date. */
  closesAt?: Date
}

/** Whether this applicant had until later than the benefit's general closing (docs/rules.md §11). */
export function hasExtendedDeadline(benefit: BenefitDefinition, positions: Positions | undefined): boolean {
  return positions !== undefined && benefit.calendar.marchDeadline?.extendedFor(positions) === true
}

// The last days are the definitions' and the settings' (a handful), and every submission asks.
const closings = new Map<string, number>()

/** The first instant after Rome's `lastDay`. */
function closingOf(lastDay: string): Date {
  let closing = closings.get(lastDay)
  if (closing === undefined) {
    closing = romeInstant(addDays(lastDay, 1), '00:00').getTime()
    closings.set(lastDay, closing)
  }
  return new Date(closing)
}

const window = (opensOn: string, lastDay: string): Required<ApplicationPeriod> => ({
  opensAt: romeInstant(opensOn, '00:00'),
  closesAt: closingOf(lastDay),
})

/**
 * The period of a benefit as of `now`: the first window, or, once it has closed, the later window
 * (`calendar.reopens`) that `now` is in or before; past the last, the last.
 */
export function applicationPeriod(
  benefit: BenefitDefinition,
  settings: CalendarSettings,
  extended = false,
  now?: Date,
): ApplicationPeriod {
  const { calendar } = benefit
  const opensAt = romeInstant(calendar.opensOn ?? settings.opensOn, '00:00')
  const lastDay =
    settings.lastDayOf?.[benefit.code] ??
    calendar.lastDay ??
    (calendar.marchDeadline ? (extended ? settings.lastDayExtended : settings.lastDay) : undefined)
  if (!lastDay) return { opensAt }
  const first = { opensAt, closesAt: closingOf(lastDay) }
  if (!now || !calendar.reopens?.length || now < first.closesAt) return first
  const later = calendar.reopens.map((w) => window(w.opensOn, w.lastDay))
  return later.find((w) => now < w.closesAt) ?? later[later.length - 1]
}

/**
 * A pure function of the request's emulated time: 403 before the opening; after the general closing
 * the caller must ask again with `extended` known (it needs the archive).
 */
export function checkApplicationPeriod(now: Date, period: ApplicationPeriod): 'open' | 'closed' {
  if (now < period.opensAt) {
    throw forbidden('APPLICATION_PERIOD_NOT_OPEN', 'Applications for this benefit are not open yet', {
      opensAt: toRomeIso(period.opensAt),
    })
  }
  return period.closesAt && now >= period.closesAt ? 'closed' : 'open'
}

export function periodClosed(period: ApplicationPeriod): never {
  throw forbidden('APPLICATION_PERIOD_CLOSED', 'The application period for this benefit has ended', {
    closedAt: toRomeIso(period.closesAt!),
  })
}
