import type { BenefitDefinition, Month, Positions } from './definition.js'
import { DL104_PAID_THROUGH, notPensionedNorEmployed, oneOffIndemnity, oneOffMonth } from './onnicomprensiva.js'

/** DL 104/2020 came into force on 15 August 2020; its art. 9 one-off is booked under August (docs/rules.md §17). */
export const DL104_FROM = '2020-08-15'
const PERIOD = '2020-08'

/**
 * Circ. 125/2020: the beneficiaries of arts. 29, 38 (and 44) DL 18 and of art. 84 c. 5, 6, 8, 10 DL 34 are
 * paid without a new application, with the payment details of that application. Of the May service
 * (c. 2, 3, 6) only the seasonal tourism workers (c. 6) are. The decree's conditions are checked on 15 August.
 */
export function dl104Months(p: Positions | undefined, throughBenefit: string): Month[] {
  if (!p || notPensionedNorEmployed(p, DL104_FROM).length > 0) return []
  if (throughBenefit === 'indennita-maggio-professionisti')
    return p.seasonalTourism && p.gestioneSeparata?.kind !== 'professionista' ? [oneOffMonth(PERIOD)] : []
  return [oneOffMonth(PERIOD)]
}

/**
 * DL 104/2020 art. 9 (decreto Agosto): 1,000 euro once (circ. 125 of 28 October 2020). Applications from
 * 23 October to 13 November 2020 (DL 137 art. 15 c. 9); riesame from 30 October 2020 (msg 4005).
 */
export const indennitaDl104: BenefitDefinition = oneOffIndemnity({
  code: 'indennita-dl104',
  name: 'Indennità onnicomprensiva (decreto Agosto)',
  legalBasis: 'DL 104/2020 art. 9; circ. INPS 125/2020',
  decreeDay: DL104_FROM,
  calendar: { opensOn: '2020-10-23', lastDay: '2020-11-13' },
  seasonalEndedBy: '2020-03-17',
  period: PERIOD,
  // Emulator's choice: the automatic payments from the day of circ. 125 (no payment date was found).
  paidAutomaticallyTo: { from: '2020-10-28', benefitCodes: DL104_PAID_THROUGH, months: dl104Months },
  riesame: { opensOn: '2020-10-30', days: 20 },
})
