import type { Month, Positions } from './definition.js'

/** Dates the decrees name (ISO strings compare correctly as text). */
export const DL18_GESTIONE_SEPARATA_ON = '2020-02-23'
export const DL18_EMPLOYED_ON = '2020-03-17'
/** DL 34/2020 came into force on 19 May 2020. */
export const DL34_FROM = '2020-05-19'
/** DL 34 art. 75: the assegno ordinario di invalidità is compatible with the indemnities from 19 May 2020. */
export const ASSEGNO_EXCLUDES_UNTIL = '2020-05-18'

export const MARCH = '2020-03'
export const APRIL = '2020-04'
export const MAY = '2020-05'

export const runningOn = (position: { since: string; until?: string } | undefined, date: string) =>
  position !== undefined && position.since <= date && (!position.until || position.until >= date)

/** `pensioner: true` of the first archive records means a direct pension. */
export function pensionKind(p: Positions): NonNullable<Positions['pension']>['kind'] | undefined {
  return p.pension?.kind ?? (p.pensioner ? 'diretta' : undefined)
}

export function receivesCitizenshipIncome(p: Positions): boolean {
  return p.citizenshipIncome === true || (p.citizenshipIncomeMonthlyEur ?? 0) > 0
}

/** docs/rules.md §11 (circ. 49/2020): a direct pension and the APE sociale exclude; the assegno ordinario di invalidità until 18 May 2020. */
export function pensionReasons(p: Positions, onDate: string): string[] {
  switch (pensionKind(p)) {
    case 'diretta':
      return ['PENSIONER']
    case 'ape_sociale':
      return ['APE_SOCIALE']
    case 'assegno_ordinario_invalidita':
      return onDate <= ASSEGNO_EXCLUDES_UNTIL ? ['ASSEGNO_ORDINARIO_INVALIDITA'] : []
    default:
      return []
  }
}

export const employedOn = (p: Positions, date: string) => runningOn(p.employee, date)

/** DL 18 arts. 29 and 38: an employment on 17 March 2020 (the first archive records say it with a flag). */
export const employedOn17March = (p: Positions) => p.employedOn2020_03_17 === true || employedOn(p, DL18_EMPLOYED_ON)

/**
 * docs/rules.md §14, DL 34 art. 84 c. 13: a citizenship-income recipient gets the indemnity as a top-up of
 * the RdC up to the indemnity's amount, on the RdC itself; 0 when the RdC is as high or higher.
 */
export function topUpCitizenshipIncome(indemnityEur: number, citizenshipIncomeMonthlyEur: number | undefined): number {
  return Math.max(0, Math.round(indemnityEur - (citizenshipIncomeMonthlyEur ?? 0)))
}

/** Months as c. 13 pays them to this person: topped up through the RdC, months topped down to 0 left out. */
export function withCitizenshipIncome(p: Positions | undefined, months: Month[]): Month[] {
  const rdc = p?.citizenshipIncomeMonthlyEur
  if (!rdc) return months
  return months
    .map((m) => ({
      period: m.period,
      amountEur: topUpCitizenshipIncome(m.amountEur, rdc),
      throughCitizenshipIncome: true as const,
    }))
    .filter((m) => m.amountEur > 0)
}

/** The verdict of an indemnity: rejected with its reasons, or the months as c. 13 pays them. */
export function indemnityVerdict(p: Positions, reasons: string[], months: Month[]) {
  if (reasons.length > 0) return { eligible: false as const, reasons }
  const paid = withCitizenshipIncome(p, months)
  if (paid.length === 0) return { eligible: false as const, reasons: ['CITIZENSHIP_INCOME_NOT_LOWER'] }
  return {
    eligible: true as const,
    months: paid,
    notes: paid.some((m) => m.throughCitizenshipIncome) ? ['CITIZENSHIP_INCOME_TOP_UP'] : [],
  }
}
