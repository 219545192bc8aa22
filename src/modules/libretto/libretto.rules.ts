import { forbidden, unprocessable } from '../../lib/errors.js'
import { appropriationDeadline } from '../application/baby-sitting.rules.js'

/**
 * docs/rules.md §13: work from 5 March to 31 August 2020 (DL 18 art. 23 as amended by L. 77/2020; INPS news
 * of 5/8/2020), entered on the libretto by 31 December 2020 (circ. 44/2020).
 */
export const FIRST_WORK_DAY = '2020-03-05'
export const LAST_WORK_DAY = '2020-08-31'
export const LAST_ENTRY_DAY = '2020-12-31'
/** Work entered by this day of a month is paid on PAYMENT_DAY of that month, later work a month on. */
export const ENTRY_CUTOFF_DAY = 3
export const PAYMENT_DAY = 15

/** The last Rome day on which the bonus can be taken up: 15 calendar days after the acceptance notice. */
export const appropriateBy = appropriationDeadline

/** The 15th of the month of entry when entered by the 3rd, else the 15th of the next month. */
export function prestazionePaymentDate(enteredOn: string): string {
  const [year, month, day] = enteredOn.split('-').map(Number)
  const next = Number(day) > ENTRY_CUTOFF_DAY
  const date = new Date(Date.UTC(year!, month! - 1 + (next ? 1 : 0), PAYMENT_DAY))
  return date.toISOString().slice(0, 10)
}

/** Euro with at most two decimals, as whole cents; 422 INVALID_AMOUNT otherwise. */
export function toCents(amountEur: number): number {
  const cents = Math.round(amountEur * 100)
  if (cents <= 0 || Math.abs(cents - amountEur * 100) > 1e-6) {
    throw unprocessable('INVALID_AMOUNT', 'amountEur must be a positive amount in euro with at most two decimals', {
      errors: [{ field: '/amountEur', message: 'at most two decimals' }],
    })
  }
  return cents
}

export const toEur = (cents: number) => cents / 100

/**
 * docs/rules.md §13: the Libretto Famiglia pays in titles of 10 euro, one for a performance of at most an hour
 * (DL 50/2017 art. 54-bis; circ. INPS 107/2017): 8 euro to the prestatore, 1.65 to the Gestione separata
 * (IVS), 0.25 to INAIL, 0.10 for the management costs.
 */
export const TITLE_CENTS = 1000
const NET_CENTS = 800
const GESTIONE_SEPARATA_CENTS = 165
const INAIL_CENTS = 25
const MANAGEMENT_CENTS = 10

/** The titles an amount (in cents) is for `hours` of work: whole titles (422 AMOUNT_NOT_IN_TITLES), at least one an hour (422 TOO_FEW_TITLES). */
export function titlesOf(cents: number, hours: number): number {
  if (cents % TITLE_CENTS !== 0) {
    throw unprocessable('AMOUNT_NOT_IN_TITLES', 'amountEur is paid in titles of 10 euro: a multiple of 10', {
      errors: [{ field: '/amountEur', message: 'a multiple of 10' }],
    })
  }
  const titles = cents / TITLE_CENTS
  if (titles < hours) {
    throw unprocessable('TOO_FEW_TITLES', 'Each hour (or part of one) of work takes a title of 10 euro at least', {
      minimumEur: hours * (TITLE_CENTS / 100),
      errors: [{ field: '/amountEur', message: `at least ${hours * (TITLE_CENTS / 100)} for ${hours} hours` }],
    })
  }
  return titles
}

/** Where the titles' value goes: net to the prestatore; contributions, insurance and costs (the charges). */
export function titleSplit(titles: number) {
  const eur = (cents: number) => toEur(titles * cents)
  return {
    netEur: eur(NET_CENTS),
    charges: {
      gestioneSeparataEur: eur(GESTIONE_SEPARATA_CENTS),
      inailEur: eur(INAIL_CENTS),
      managementEur: eur(MANAGEMENT_CENTS),
    },
  }
}

/** Entered by 31 December 2020, the day of work from 5 March to 31 August 2020, and not after today. */
export function checkWorkDate(workDate: string, today: string): void {
  if (today > LAST_ENTRY_DAY) {
    throw forbidden('ENTRY_PERIOD_CLOSED', 'Work paid by the bonus had to be entered by 31 December 2020', {
      lastDay: LAST_ENTRY_DAY,
    })
  }
  if (workDate > LAST_WORK_DAY) {
    throw unprocessable('AFTER_LAST_DAY', 'The bonus pays work done from 5 March to 31 August 2020', {
      lastDay: LAST_WORK_DAY,
      errors: [{ field: '/date', message: `after ${LAST_WORK_DAY}` }],
    })
  }
  if (workDate < FIRST_WORK_DAY) {
    throw unprocessable('BEFORE_FIRST_DAY', 'The bonus pays work from 5 March 2020', {
      firstDay: FIRST_WORK_DAY,
      errors: [{ field: '/date', message: `before ${FIRST_WORK_DAY}` }],
    })
  }
  if (workDate > today) {
    throw unprocessable('WORK_DATE_IN_FUTURE', 'Work is entered once done: the date is after today', {
      errors: [{ field: '/date', message: 'in the future' }],
    })
  }
}

/** "1.234,50": euro as Italian letters write them. */
export function italianEur(cents: number): string {
  const [whole, decimals] = (cents / 100).toFixed(2).split('.')
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${decimals}`
}

/** dd/mm/yyyy */
export function italianDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-')
  return `${d}/${m}/${y}`
}
