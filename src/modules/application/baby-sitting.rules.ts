import type { Positions } from './benefits/definition.js'
import { DL34_FROM } from './benefits/positions.rules.js'
import { bonusMaximumAfterLeave } from './benefits/cura-figli.rules.js'

/** docs/rules.md §13: the day the children's age is counted (DL 18/2020 art. 23). */
export const CHILD_AGE_DATE = '2020-03-05'
/** circ. 44/2020: the bonus is taken up on the Libretto Famiglia within 15 calendar days of the acceptance notice. */
export const APPROPRIATION_DAYS = 15

/** The last Rome day on which a bonus accepted on `acceptedOn` can be taken up. */
export function appropriationDeadline(acceptedOn: string): string {
  const d = new Date(`${acceptedOn}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + APPROPRIATION_DAYS)
  return d.toISOString().slice(0, 10)
}

export type BabySittingUse = 'baby_sitting' | 'centri_estivi'
export type BabySittingCategory = 'standard' | 'health_security'

/** Household maxima in euro, what was granted before included. */
const MAXIMA: Record<'dl18' | 'dl34', Record<BabySittingCategory, number>> = {
  dl18: { standard: 600, health_security: 1000 },
  dl34: { standard: 1200, health_security: 2000 },
}

/**
 * Under 12 on 5 March 2020: born after 5 March 2008 (whoever turned 12 on 5 March 2020 is out), and
 * born by then. A child with a severe disability (legge 104/1992 art. 3 c. 3) counts at any age.
 */
export function isEligibleChild(child: { birthDate: string; severeDisability?: boolean }): boolean {
  if (child.birthDate > CHILD_AGE_DATE) return false
  if (child.severeDisability) return true
  const twelfthBirthdayLimit = `${Number(CHILD_AGE_DATE.slice(0, 4)) - 12}${CHILD_AGE_DATE.slice(4)}`
  return child.birthDate > twelfthBirthdayLimit
}

function runningOn(position: { since: string; until?: string }, date: string): boolean {
  return position.since <= date && (!position.until || position.until >= date)
}

/**
 * circ. 44/2020: private employees, Gestione separata, INPS self-employed (AGO) and professional funds
 * get the standard bonus; health staff and security, defence and rescue staff the higher one; other
 * public employees and people with no qualifying position none (null). The best position wins.
 */
export function babySittingCategory(positions: Positions | undefined, onDate: string): BabySittingCategory | null {
  if (!positions) return null
  const employee = positions.employee && runningOn(positions.employee, onDate) ? positions.employee : undefined
  if (positions.healthOrSecurityWorker || employee?.sector === 'health' || employee?.sector === 'security')
    return 'health_security'
  const gestioneSeparata =
    positions.gestioneSeparata &&
    (!positions.gestioneSeparata.activeUntil || positions.gestioneSeparata.activeUntil >= onDate)
  if (employee?.sector === 'private' || gestioneSeparata || positions.ago || positions.cassaProfessionale)
    return 'standard'
  return null
}

/** The household maximum for an application filed on `submittedOn` (Rome date). */
export function householdMaximum(category: BabySittingCategory, submittedOn: string): number {
  return MAXIMA[submittedOn >= DL34_FROM ? 'dl34' : 'dl18'][category]
}

export type BabySittingVerdict =
  | { eligible: true; amountEur: number }
  | {
      eligible: false
      reasons: Array<'NOT_IN_ARCHIVE' | 'CATEGORY_NOT_ELIGIBLE' | 'HOUSEHOLD_LIMIT_REACHED' | 'CONGEDO_COVID_GRANTED'>
    }

/**
 * Each application grants what is left of the household's maximum (docs/rules.md §13), less the share the
 * household's days of congedo COVID took (§19).
 */
export function evaluateBabySitting(
  positions: Positions | undefined,
  inArchive: boolean,
  submittedOn: string,
  grantedToHouseholdEur: number,
  leaveDays = 0,
): BabySittingVerdict {
  if (!inArchive) return { eligible: false, reasons: ['NOT_IN_ARCHIVE'] }
  const category = babySittingCategory(positions, submittedOn)
  if (!category) return { eligible: false, reasons: ['CATEGORY_NOT_ELIGIBLE'] }
  const maximum = bonusMaximumAfterLeave(
    householdMaximum(category, submittedOn),
    MAXIMA.dl18[category],
    leaveDays,
    submittedOn,
  )
  if (maximum === 0) return { eligible: false, reasons: ['CONGEDO_COVID_GRANTED'] }
  const rest = maximum - grantedToHouseholdEur
  return rest > 0 ? { eligible: true, amountEur: rest } : { eligible: false, reasons: ['HOUSEHOLD_LIMIT_REACHED'] }
}

/** The household key: the archive's household id, or the person alone. */
export function householdKey(codiceFiscale: string, householdId: string | null | undefined): string {
  return householdId ? `household:${householdId}` : `person:${codiceFiscale}`
}

/**
 * The bonus is credited on the Libretto Famiglia, so a baby-sitting application carries no payment;
 * from 19 May 2020 it may instead pay summer centres, to the applicant's IBAN (DL 34/2020 art. 72).
 * Returns the use, or a refusal code for the caller to raise.
 */
export function babySittingPaymentRule(
  use: BabySittingUse | undefined,
  payment: { method: string } | undefined,
  submittedOn: string,
):
  | { use: BabySittingUse }
  | { refusal: 'PAYMENT_NOT_APPLICABLE' | 'IBAN_REQUIRED' | 'CENTRI_ESTIVI_NOT_AVAILABLE_YET' } {
  if (use === 'centri_estivi') {
    if (submittedOn < DL34_FROM) return { refusal: 'CENTRI_ESTIVI_NOT_AVAILABLE_YET' }
    return payment?.method === 'iban' ? { use } : { refusal: 'IBAN_REQUIRED' }
  }
  return payment ? { refusal: 'PAYMENT_NOT_APPLICABLE' } : { use: 'baby_sitting' }
}

/** How the bonus is used: baby-sitting on the Libretto Famiglia, or summer centres paid to the applicant (stored as a payment). */
export function babySittingUse(payment: { method: string }): BabySittingUse {
  return payment.method === 'libretto_famiglia' ? 'baby_sitting' : 'centri_estivi'
}
