import { AUTH_LEVELS } from '../../../core/auth/auth.types.js'
import type { BenefitDefinition, Positions } from './definition.js'
import { COVID_INDEMNITIES } from './march-indemnity.js'
import { APRIL, DL34_FROM, MAY, indemnityVerdict, pensionKind, runningOn } from './positions.rules.js'

/** Art. 85 c. 1: the contracts running on 23 February 2020, more than 10 hours a week in all. */
const CONTRACTS_ON = '2020-02-23'
const MIN_HOURS_EXCLUSIVE = 10

/**
 * Art. 85 c. 3–4 (docs/rules.md §16): every pension but the assegno ordinario di invalidità excludes; an
 * open-ended employment other than domestic work excludes, on the day of the application (the law names
 * no day; circ. 65/2020 was not found quoted on it).
 */
function reasons(p: Positions, submittedOn: string): string[] {
  const found: string[] = []
  const d = p.domestic
  if (!d || !runningOn(d, CONTRACTS_ON) || d.hoursPerWeek <= MIN_HOURS_EXCLUSIVE)
    found.push('NO_DOMESTIC_CONTRACT_OVER_10_HOURS')
  else if (d.cohabiting) found.push('COHABITING_WITH_EMPLOYER')
  const pension = pensionKind(p)
  if (pension === 'diretta' || pension === 'superstiti') found.push('PENSION_HOLDER_ART_85')
  if (runningOn(p.employee, submittedOn) && p.employee?.fixedTerm !== true)
    found.push('OPEN_ENDED_NON_DOMESTIC_EMPLOYMENT')
  return found
}

/**
 * DL 34 art. 85: 500 euro for April and 500 for May 2020 to domestic workers, on application (msg 2184 of
 * 26 May 2020, circ. 65 of 28 May 2020). INPS paid both months in one payment: the two months share
 * one value date. Not cumulable with the other COVID indemnities (art. 86); an RdC lower than 500 euro
 * is topped up instead (art. 85 c. 3, as art. 84 c. 13).
 */
export const lavoratoriDomestici: BenefitDefinition = {
  code: 'indennita-lavoratori-domestici',
  name: 'Indennità lavoratori domestici',
  legalBasis: 'DL 34/2020 art. 85; circ. INPS 65/2020',
  amountEur: () => 500,
  listedFrom: DL34_FROM,
  // The service was on line from 25 May 2020 (press of 26 May on msg 2184); DL 104 art. 9 c. 8 ended it after 30 August.
  calendar: { opensOn: '2020-05-25', lastDay: '2020-08-30' },
  allowedAuthLevels: [...AUTH_LEVELS],
  declarations: { required: ['truthfulness', 'notPensioner', 'notCohabiting'] },
  exclusiveGroup: null,
  cumulationGroup: COVID_INDEMNITIES,
  eligibility: ({ positions, submittedOn }) =>
    indemnityVerdict(positions, reasons(positions, submittedOn), [
      { period: APRIL, amountEur: 500 },
      { period: MAY, amountEur: 500 },
    ]),
  // msg 2715/2020 opened the riesame of this benefit (its date and term were not found): the 20 days of
  // msg 2263 and 3088, from the rejection.
  riesame: { opensOn: '2020-05-25', days: 20 },
  reasons: {
    NO_DOMESTIC_CONTRACT_OVER_10_HOURS:
      'assenza, al 23/02/2020, di uno o più contratti di lavoro domestico per una durata complessiva superiore a 10 ore settimanali (art. 85 c. 1 DL 34/2020)',
    COHABITING_WITH_EMPLOYER: 'lavoratore domestico convivente con il datore di lavoro (art. 85 c. 2 DL 34/2020)',
    PENSION_HOLDER_ART_85:
      "titolarità di pensione diversa dall'assegno ordinario di invalidità (art. 85 c. 4 DL 34/2020)",
    OPEN_ENDED_NON_DOMESTIC_EMPLOYMENT:
      'titolarità di un rapporto di lavoro dipendente a tempo indeterminato diverso dal lavoro domestico (art. 85 c. 4 DL 34/2020)',
  },
}
