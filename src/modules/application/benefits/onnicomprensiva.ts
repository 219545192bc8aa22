import { AUTH_LEVELS } from '../../../core/auth/auth.types.js'
import type { BenefitDefinition, Month, Positions } from './definition.js'
import { dl34PensionReasons } from './dl34-indemnity.js'
import { COVID_INDEMNITIES } from './march-indemnity.js'
import { isNewCategory } from './nuove-categorie.js'
import { runningOn } from './positions.rules.js'

/** DL 34 art. 84 c. 10 (second group): entertainment workers with 7 contributions and up to 35,000 euro in 2019. */
const ENTERTAINMENT_MIN_CONTRIBUTIONS = 7
const ENTERTAINMENT_MAX_INCOME_EUR = 35_000
const SEASONAL_ENDED_FROM = '2019-01-01'

/** The indemnities of the first half of 2020 whose beneficiaries DL 104 art. 9 paid again without an application (circ. 125/2020). */
export const DL104_PAID_THROUGH = [
  'indennita-stagionali-turismo',
  'indennita-spettacolo',
  'indennita-nuove-categorie',
  'indennita-spettacolo-dl34',
  'indennita-maggio-professionisti',
] as const

/**
 * What the decree asks on the day it names (docs/rules.md §17–§18): no direct pension or APE sociale,
 * no employment other than an intermittent or a fixed-term one. NASpI is not in the archive on those days.
 */
export function notPensionedNorEmployed(p: Positions, on: string): string[] {
  const reasons = dl34PensionReasons(p)
  if (runningOn(p.employee, on) && p.employee?.fixedTerm !== true) reasons.push('EMPLOYED_ON_DECREE_DAY')
  return reasons
}

/**
 * The categories of the one-off indemnities (DL 104 art. 9 c. 1, 2, 4; DL 137 art. 15): seasonal tourism
 * and spa workers whose contract ended involuntarily from 1 January 2019 to `seasonalEndedBy`, the four
 * DL 34 c. 8 categories, entertainment workers with at least 7 contributions and up to 35,000 euro in 2019.
 * The fixed-term tourism workers (c. 5) and the agency workers are not in the archive.
 */
export function isOneOffCategory(p: Positions, seasonalEndedBy: string): boolean {
  const s = p.seasonalTourism
  const seasonal =
    s !== undefined && s.involuntary && s.contractEndedOn >= SEASONAL_ENDED_FROM && s.contractEndedOn <= seasonalEndedBy
  const entertainment =
    (p.entertainment?.contributions2019 ?? 0) >= ENTERTAINMENT_MIN_CONTRIBUTIONS &&
    (p.entertainment?.income2019Eur ?? Infinity) <= ENTERTAINMENT_MAX_INCOME_EUR
  return seasonal || isNewCategory(p) || entertainment
}

export const ONE_OFF_REASONS = {
  EMPLOYED_ON_DECREE_DAY:
    'titolarità di un rapporto di lavoro dipendente diverso dal lavoro intermittente o a tempo determinato alla data di entrata in vigore del decreto',
  NOT_A_ONE_OFF_CATEGORY:
    'assenza dei requisiti dei lavoratori stagionali del turismo, stagionali di altri settori, intermittenti, autonomi occasionali, incaricati di vendite a domicilio o dello spettacolo',
} as const

interface OneOff {
  code: string
  name: string
  legalBasis: string
  /** The decree's day of entry into force: listed from it, and the day its conditions are checked. */
  decreeDay: string
  calendar: { opensOn: string; lastDay: string }
  seasonalEndedBy: string
  /** The month the one-off is booked under (emulator's choice: the decree's month; docs/rules.md §17). */
  period: string
  paidAutomaticallyTo: NonNullable<BenefitDefinition['paidAutomaticallyTo']>
  riesame: BenefitDefinition['riesame']
}

/**
 * A one-off indemnity of autumn 2020 (1,000 euro, "onnicomprensiva"): paid without an application to the
 * beneficiaries of the earlier indemnities, on application to the others. Not cumulable (the month it
 * is booked under, in the COVID indemnities' group): who was paid automatically is refused NOT_CUMULABLE.
 */
export function oneOffIndemnity(spec: OneOff): BenefitDefinition {
  return {
    code: spec.code,
    name: spec.name,
    legalBasis: spec.legalBasis,
    amountEur: () => 1000,
    listedFrom: spec.decreeDay,
    calendar: spec.calendar,
    allowedAuthLevels: [...AUTH_LEVELS],
    declarations: { required: ['truthfulness', 'notPensioner', 'notEmployed'] },
    exclusiveGroup: null,
    cumulationGroup: COVID_INDEMNITIES,
    eligibility({ positions: p }) {
      const reasons = notPensionedNorEmployed(p, spec.decreeDay)
      if (!isOneOffCategory(p, spec.seasonalEndedBy)) reasons.push('NOT_A_ONE_OFF_CATEGORY')
      return reasons.length > 0 ? { eligible: false, reasons } : { eligible: true, months: [oneOffMonth(spec.period)] }
    },
    paidAutomaticallyTo: spec.paidAutomaticallyTo,
    riesame: spec.riesame,
    reasons: ONE_OFF_REASONS,
  }
}

export const oneOffMonth = (period: string): Month => ({ period, amountEur: 1000 })
