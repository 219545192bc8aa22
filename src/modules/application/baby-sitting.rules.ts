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
 * household's days of congedo COVID took (§19); summer centres (circ. 73/2020) the expense declared, up to that.
 */
export function evaluateBabySitting(
  positions: Positions | undefined,
  inArchive: boolean,
  submittedOn: string,
  grantedToHouseholdEur: number,
  expenseEur?: number,
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
  if (rest <= 0) return { eligible: false, reasons: ['HOUSEHOLD_LIMIT_REACHED'] }
  return { eligible: true, amountEur: expenseEur === undefined ? rest : Math.min(expenseEur, rest) }
}

/** The household key: the archive's household id, or the person alone. */
export function householdKey(codiceFiscale: string, householdId: string | null | undefined): string {
  return householdId ? `household:${householdId}` : `person:${codiceFiscale}`
}

/**
 * The bonus is credited on the Libretto Famiglia, so a baby-sitting application carries no payment;
 * from 19 May 2020 it may instead pay summer centres to the applicant, to an Italian IBAN or by bonifico
 * domiciliato at the post office (DL 34/2020 art. 72; circ. 73/2020). Returns the use, or a refusal code
 * for the caller to raise.
 */
export function babySittingPaymentRule(
  use: BabySittingUse | undefined,
  payment: { method: string } | undefined,
  submittedOn: string,
):
  | { use: BabySittingUse }
  | {
      refusal:
        'PAYMENT_NOT_APPLICABLE' | 'PAYMENT_REQUIRED' | 'PAYMENT_METHOD_NOT_ALLOWED' | 'CENTRI_ESTIVI_NOT_AVAILABLE_YET'
    } {
  if (use === 'centri_estivi') {
    if (submittedOn < DL34_FROM) return { refusal: 'CENTRI_ESTIVI_NOT_AVAILABLE_YET' }
    if (!payment) return { refusal: 'PAYMENT_REQUIRED' }
    return CENTRI_ESTIVI_METHODS.includes(payment.method) ? { use } : { refusal: 'PAYMENT_METHOD_NOT_ALLOWED' }
  }
  return payment ? { refusal: 'PAYMENT_NOT_APPLICABLE' } : { use: 'baby_sitting' }
}

/** circ. 73/2020: summer centres are paid to an IBAN (account, postal account, card) or by bonifico domiciliato. */
const CENTRI_ESTIVI_METHODS: readonly string[] = ['iban', 'post_office']
/** circ. 73/2020 (a week at least), L. 77/2020 (to 31 August 2020): the periods of enrolment. */
export const CENTRI_ESTIVI_FROM = CHILD_AGE_DATE
export const CENTRI_ESTIVI_TO = '2020-08-31'
const MIN_PERIOD_DAYS = 7

const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000

/** The first period that is not a week at least within the bonus's months, or overlaps the one before; -1: none. */
export function invalidPeriod(periods: ReadonlyArray<{ from: string; to: string }>): number {
  const order = periods.map((p, i) => ({ ...p, i })).sort((a, b) => a.from.localeCompare(b.from))
  for (const [k, p] of order.entries()) {
    const tooShort = daysBetween(p.from, p.to) + 1 < MIN_PERIOD_DAYS
    const outside = p.from < CENTRI_ESTIVI_FROM || p.to > CENTRI_ESTIVI_TO
    const overlaps = k > 0 && order[k - 1]!.to >= p.from
    if (tooShort || outside || overlaps) return p.i
  }
  return -1
}

/** How the bonus is used: baby-sitting on the Libretto Famiglia, or summer centres paid to the applicant (stored as a payment). */
export function babySittingUse(payment: { method: string }): BabySittingUse {
  return payment.method === 'libretto_famiglia' ? 'baby_sitting' : 'centri_estivi'
}
