import { AUTH_LEVELS } from '../../../core/auth/auth.types.js'
import type { PeriodJson } from '../application.table.js'
import type { BenefitDefinition, Month, Positions } from './definition.js'
import { DL18_RIESAME } from './march-indemnity.js'
import {
  BONUS_BABY_SITTING_GRANTED_TEXT,
  bonusOf,
  CONGEDO_COVID,
  CURA_FIGLI,
  daysOf,
  leaveDaysAllowed,
  leaveDaysOf,
} from './cura-figli.rules.js'

/** DL 18 art. 23 c. 1: days of leave from 5 March 2020. */
const FIRST_DAY = '2020-03-05'
/** msg 2110 of 21/5/2020: the application takes the 30 days and the days to 31 July of DL 34 art. 72. */
const DL34_APPLICATION_FROM = '2020-05-21'

/**
 * The last day of leave the application took on a filing day (docs/rules.md §20): the school closure of
 * DPCM 4 and 9 March 2020, then msg 1516 of 7/4, msg 1648 of 16/4, DL 34 art. 72 (msg 2110 of 21/5) and
 * L. 77/2020 (msg 2902 of 21/7).
 */
const LAST_DAYS: ReadonlyArray<{ filedFrom: string; lastDay: string }> = [
  { filedFrom: '2020-07-21', lastDay: '2020-08-31' },
  { filedFrom: DL34_APPLICATION_FROM, lastDay: '2020-07-31' },
  { filedFrom: '2020-04-16', lastDay: '2020-05-03' },
  { filedFrom: '2020-04-07', lastDay: '2020-04-13' },
  { filedFrom: '', lastDay: '2020-04-03' },
]

export const leaveWindow = (submittedOn: string) => ({
  from: FIRST_DAY,
  to: LAST_DAYS.find((w) => submittedOn >= w.filedFrom)!.lastDay,
})

/** The household's days in all: 15 (DL 18 art. 23 c. 1), 30 from DL 34 art. 72. */
export const maximumDays = (submittedOn: string) => (submittedOn >= DL34_APPLICATION_FROM ? 30 : 15)

/** A private employee throughout the days asked for (public employees ask their administration, circ. 45/2020). */
function privateEmployeeOn(positions: Positions, first: string, last: string) {
  const e = positions.employee
  return e?.sector === 'private' && e.since <= first && (!e.until || e.until >= last) ? e : undefined
}

/** 50 % of the daily pay for each day, month by month, to the cent. */
export function leaveMonths(days: readonly string[], dailyPayEur: number): Month[] {
  const byMonth = new Map<string, number>()
  for (const day of days) byMonth.set(day.slice(0, 7), (byMonth.get(day.slice(0, 7)) ?? 0) + 1)
  return [...byMonth].map(([period, n]) => ({ period, amountEur: Math.round(n * dailyPayEur * 50) / 100 }))
}

const sorted = (periods: readonly PeriodJson[]) => daysOf(periods).sort()

/**
 * DL 18 art. 23, DL 34 art. 72, L. 77/2020 (docs/rules.md §20): days of leave for the parents of a child
 * under 12, 50 % of the daily pay, within a household maximum both parents share, in alternative to the
 * baby-sitting bonus. Paid by INPS to the applicant here; employees had it from their employer.
 */
export const congedoCovid: BenefitDefinition = {
  code: CONGEDO_COVID,
  name: 'Congedo COVID-19 per i genitori',
  legalBasis: 'DL 18/2020 art. 23; DL 34/2020 art. 72; L. 77/2020',
  // A share of the applicant's pay, not a fixed sum: the catalogue has no headline amount.
  amountEur: () => 0,
  listedFrom: '2020-03-17',
  // circ. 81/2020: applications from 29 March 2020 (msg 1416 of 30/3); no closing day was found.
  calendar: { opensOn: '2020-03-29' },
  allowedAuthLevels: [...AUTH_LEVELS],
  declarations: { required: ['truthfulness', 'otherParentNotBenefiting'] },
  exclusiveGroup: null,
  // One application per parent for each maximum: DL 18, DL 34, L. 77/2020.
  roundOf: (submittedOn) => (submittedOn >= '2020-07-21' ? 'l77' : submittedOn >= DL34_APPLICATION_FROM ? 'dl34' : ''),
  takesChildren: true,
  takesPeriods: { window: leaveWindow },
  alternativeGroup: CURA_FIGLI,
  eligibility({ positions, periods, submittedOn, alternatives: household }) {
    const days = sorted(periods)
    const employee = privateEmployeeOn(positions, days[0]!, days[days.length - 1]!)
    if (!employee) return { eligible: false, reasons: ['NOT_PRIVATE_EMPLOYEE'] }
    if (!employee.dailyPayEur) return { eligible: false, reasons: ['DAILY_PAY_UNKNOWN'] }
    const allowed = leaveDaysAllowed(maximumDays(submittedOn), bonusOf(household), submittedOn)
    if (allowed === 0) return { eligible: false, reasons: ['BONUS_BABY_SITTING_GRANTED'] }
    const taken = new Set(leaveDaysOf(household))
    // Both parents may take the leave, never on the same days (INPS news of April 2020, circ. 45/2020).
    if (days.some((d) => taken.has(d))) return { eligible: false, reasons: ['LEAVE_DAYS_OVERLAP'] }
    if (taken.size + days.length > allowed) return { eligible: false, reasons: ['LEAVE_DAYS_EXCEEDED'] }
    return { eligible: true, months: leaveMonths(days, employee.dailyPayEur) }
  },
  riesame: DL18_RIESAME,
  reasons: {
    NOT_PRIVATE_EMPLOYEE:
      'il richiedente non è lavoratore dipendente del settore privato nei giorni di congedo richiesti',
    DAILY_PAY_UNKNOWN: 'retribuzione giornaliera del richiedente non presente negli archivi INPS',
    BONUS_BABY_SITTING_GRANTED: BONUS_BABY_SITTING_GRANTED_TEXT,
    LEAVE_DAYS_OVERLAP: "giorni di congedo già fruiti dall'altro genitore negli stessi giorni",
    LEAVE_DAYS_EXCEEDED: 'superato il numero massimo di giorni di congedo COVID-19 per il nucleo familiare',
  },
}
