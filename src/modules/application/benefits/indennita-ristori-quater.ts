import type { BenefitDefinition } from './definition.js'
import { dl104Months } from './indennita-dl104.js'
import { DL104_PAID_THROUGH, oneOffIndemnity, oneOffMonth } from './onnicomprensiva.js'

/** DL 157/2020 ("Ristori-quater") came into force on 30 November 2020; its one-off is booked under November. */
const DL157_FROM = '2020-11-30'
const PERIOD = '2020-11'

/**
 * DL 157/2020 art. 9, which the conversion of DL 137 made its art. 15-bis (L. 176/2020; msg 734 of 19 February
 * 2021: "indennità onnicomprensiva-ter"): 1,000 euro once more to the same categories (docs/rules.md §18).
 * Paid without an application to the beneficiaries of the DL 137 one-off (circ. 146 of 14 December 2020), by
 * application to the others.
 */
export const indennitaRistoriQuater: BenefitDefinition = oneOffIndemnity({
  code: 'indennita-ristori-quater',
  name: 'Indennità onnicomprensiva-ter (decreto Ristori-quater)',
  legalBasis: 'DL 157/2020 art. 9 (DL 137/2020 art. 15-bis); circ. INPS 146/2020',
  decreeDay: DL157_FROM,
  // The day of circ. 146; no closing day was found: the sandbox's year ends with 2020 (docs/rules.md §18).
  calendar: { opensOn: '2020-12-14', lastDay: '2020-12-31' },
  seasonalEndedBy: DL157_FROM,
  period: PERIOD,
  paidAutomaticallyTo: {
    from: '2020-12-14',
    // Whoever had the DL 137 one-off: by application, or paid through the DL 104 one-off or an earlier indemnity.
    benefitCodes: ['indennita-ristori', 'indennita-dl104', ...DL104_PAID_THROUGH],
    months: (p, through) =>
      through === 'indennita-ristori' || through === 'indennita-dl104' || dl104Months(p, through).length > 0
        ? [oneOffMonth(PERIOD)]
        : [],
  },
  // msg 734 of 19 February 2021 opened the riesame of both Ristori one-offs (20 days as msg 4005).
  riesame: { opensOn: '2021-02-19', days: 20 },
})
