import type { BenefitDefinition } from './definition.js'
import { dl104Months } from './indennita-dl104.js'
import { DL104_PAID_THROUGH, oneOffIndemnity, oneOffMonth } from './onnicomprensiva.js'

/** DL 137/2020 came into force on 29 October 2020; its art. 15 one-off is booked under October (docs/rules.md §18). */
const DL137_FROM = '2020-10-29'
const PERIOD = '2020-10'

/**
 * DL 137/2020 art. 15 (decreto Ristori, circ. 137 of 26 November 2020): the DL 104 one-off once more, paid
 * without an application to its beneficiaries (those paid automatically through an earlier indemnity
 * and those who applied), by application to the others until 18 December 2020. The second Ristori
 * one-off (DL 157 art. 9) is `indennita-ristori-quater`.
 */
export const indennitaRistori: BenefitDefinition = oneOffIndemnity({
  code: 'indennita-ristori',
  name: 'Indennità onnicomprensiva (decreto Ristori)',
  legalBasis: 'DL 137/2020 art. 15; circ. INPS 137/2020',
  decreeDay: DL137_FROM,
  // The opening day was not found: the day of circ. 137. Art. 15 c. 7 said 30 November; circ. 137 18 December.
  calendar: { opensOn: '2020-11-26', lastDay: '2020-12-18' },
  seasonalEndedBy: DL137_FROM,
  period: PERIOD,
  paidAutomaticallyTo: {
    // Paid from 30 November 2020 (pensioniebonus.it): the instalment job's value date is three days on.
    from: '2020-11-27',
    benefitCodes: ['indennita-dl104', ...DL104_PAID_THROUGH],
    months: (p, through) =>
      through === 'indennita-dl104' || dl104Months(p, through).length > 0 ? [oneOffMonth(PERIOD)] : [],
  },
  // msg 734 of 19 February 2021 opened its riesame; its term was not found (20 days as msg 4005).
  riesame: { opensOn: '2021-02-19', days: 20 },
})
