import type { PeriodJson } from '../application.table.js'
import type { HouseholdGrant } from './definition.js'
import { DL34_FROM } from './positions.rules.js'

/**
 * DL 18 art. 23 c. 8: the congedo COVID and the baby-sitting bonus are alternatives within the household
 * (docs/rules.md §20). Both definitions name this group and weigh each other with the rules below.
 */
export const CURA_FIGLI = 'cura-figli-covid'
export const CONGEDO_COVID = 'congedo-covid'

/** The motivazioni of the alternative, one wording for both benefits. */
export const CONGEDO_COVID_GRANTED_TEXT =
  'il nucleo familiare ha già fruito del congedo COVID-19, alternativo al bonus baby-sitting (circ. INPS 73/2020)'
export const BONUS_BABY_SITTING_GRANTED_TEXT =
  'il nucleo familiare ha già ottenuto il bonus baby-sitting, alternativo al congedo COVID-19 (circ. INPS 81/2020)'

/** circ. 81/2020: up to this many days the household may still have the bonus, and up to this bonus the congedo. */
const FIRST_HALF_DAYS = 15
const FIRST_HALF_BONUS_EUR = 600

/** Each day of these periods (Rome dates, both ends included). */
export function daysOf(periods: readonly PeriodJson[]): string[] {
  const days: string[] = []
  for (const { from, to } of periods) {
    for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1))
      days.push(d.toISOString().slice(0, 10))
  }
  return days
}

/** The days of congedo COVID the household's accepted applications were granted. */
export const leaveDaysOf = (household: readonly HouseholdGrant[]): string[] =>
  household.filter((g) => g.benefitCode === CONGEDO_COVID).flatMap((g) => daysOf(g.periods))

/** The baby-sitting bonus the household's accepted applications were granted, in euro. */
export const bonusOf = (household: readonly HouseholdGrant[]): number =>
  household.filter((g) => g.benefitCode !== CONGEDO_COVID).reduce((sum, g) => sum + g.amountEur, 0)

/**
 * The days of congedo a household may have in all, given the bonus it was granted. Under DL 18 (filed
 * before 19 May 2020) the two exclude each other (circ. 44 and 45/2020); from DL 34 (circ. 81/2020): 30 days
 * without a bonus, 15 with a bonus up to 600 euro, none with more.
 */
export function leaveDaysAllowed(maximumDays: number, bonusEur: number, submittedOn: string): number {
  if (bonusEur === 0) return maximumDays
  if (submittedOn < DL34_FROM) return 0
  return bonusEur <= FIRST_HALF_BONUS_EUR ? Math.min(maximumDays, FIRST_HALF_DAYS) : 0
}

/**
 * The bonus maximum left to a household that had `leaveDays` of congedo. Under DL 18 none; from DL 34
 * (circ. 73/2020): up to 15 days, the DL 34 maximum less the DL 18 one (600 or 1,000 euro); more, none.
 */
export function bonusMaximumAfterLeave(
  maximumEur: number,
  dl18MaximumEur: number,
  leaveDays: number,
  submittedOn: string,
): number {
  if (leaveDays === 0) return maximumEur
  if (submittedOn < DL34_FROM) return 0
  return leaveDays <= FIRST_HALF_DAYS ? maximumEur - dl18MaximumEur : 0
}
