import { forbidden } from '../../lib/errors.js'
import { romeInstant, toRomeIso } from '../../lib/rome-time.js'
import type { Positions } from './eligibility.rules.js'
import { pensionKind, receivesCitizenshipIncome } from './eligibility.rules.js'
import { addDays } from './outcome.rules.js'
import type { Benefit } from './benefits.rules.js'

export interface CalendarSettings {
  /** Rome-local day the procedures opened. */
  opensOn: string
  /** Last Rome-local day for the March indemnities, and for the applicants who had until later. */
  lastDay: string
  lastDayExtended: string
  /** Last Rome-local day of each DL 34 benefit applied for (docs/rules.md §14), by benefit code. */
  lastDayOf?: Readonly<Record<string, string>>
}

export interface ApplicationPeriod {
  opensAt: Date
  /** First instant at which the benefit is closed; none for benefits with no end date. */
  closesAt?: Date
}

/** The five March indemnities lapse (DL 34 art. 84 c. 14); the baby-sitting bonus has no end here. */
const lapses = (benefit: Benefit) => benefit.exclusiveGroup === 'indennita'

/** docs/rules.md §11: holders of an assegno ordinario di invalidità and citizenship-income recipients had until 8 June 2020. */
export function hasExtendedDeadline(positions: Positions | undefined): boolean {
  return (
    positions !== undefined &&
    (pensionKind(positions) === 'assegno_ordinario_invalidita' || receivesCitizenshipIncome(positions))
  )
}

export function applicationPeriod(benefit: Benefit, settings: CalendarSettings, extended = false): ApplicationPeriod {
  const opensAt = romeInstant(benefit.availableFrom ?? settings.opensOn, '00:00')
  const lastDay = settings.lastDayOf?.[benefit.code]
  if (lastDay) return { opensAt, closesAt: romeInstant(addDays(lastDay, 1), '00:00') }
  if (!lapses(benefit)) return { opensAt }
  return { opensAt, closesAt: romeInstant(addDays(extended ? settings.lastDayExtended : settings.lastDay, 1), '00:00') }
}

/**
 * A pure function of the request's emulated time: 403 before the opening; after the general closing
 * the caller must ask again with `extended` known (it needs the archive), so `needsArchive` says so.
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
  throw forbidden(
    'APPLICATION_PERIOD_CLOSED',
    'The application period for this benefit has ended (decadenza, DL 34/2020 art. 84 c. 14)',
    { closedAt: toRomeIso(period.closesAt!) },
  )
}
