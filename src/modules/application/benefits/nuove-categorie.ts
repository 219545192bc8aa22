import type { BenefitDefinition, Positions } from './definition.js'
import { dl34MonthlyIndemnity } from './dl34-indemnity.js'
import { APRIL, MARCH, MAY, runningOn } from './positions.rules.js'

/** c. 8 lett. a and b: days worked, and (a) the involuntary end, between 1 January 2019 and 31 January 2020. */
const WORKED_FROM = '2019-01-01'
const WORKED_TO = '2020-01-31'
const MIN_DAYS = 30
/** c. 8 lett. c and d: the day of the enrolment and of the VAT number. */
const ON = '2020-02-23'
const DOOR_TO_DOOR_MIN_INCOME_EUR = 5000

/** Another compulsory scheme on 23 February 2020: an employee position, a cassa, an AGO scheme. */
const enrolledElsewhere = (p: Positions) =>
  runningOn(p.employee, ON) || p.cassaProfessionale !== undefined || p.ago !== undefined

/** c. 8 lett. a: seasonal work outside tourism, ended involuntarily in the period, 30 days or more. */
function seasonal(p: Positions): boolean {
  const s = p.seasonalOtherSectors
  return (
    s !== undefined &&
    s.daysWorked >= MIN_DAYS &&
    s.involuntary === true &&
    s.contractEndedOn !== undefined &&
    s.contractEndedOn >= WORKED_FROM &&
    s.contractEndedOn <= WORKED_TO
  )
}

/** c. 8 lett. c: occasional self-employment in 2019, enrolled by 23 February 2020, no contract on that day, no other scheme. */
function occasional(p: Positions): boolean {
  const o = p.occasionalSelfEmployed
  return (
    o !== undefined &&
    o.enrolledSince <= ON &&
    o.contractRunningOn2020_02_23 !== true &&
    p.gestioneSeparata?.kind !== 'professionista' &&
    !enrolledElsewhere(p)
  )
}

/** c. 8 lett. d: door-to-door sellers, 2019 income above 5,000 euro, VAT number and Gestione separata on 23 February 2020. */
function doorToDoor(p: Positions): boolean {
  const d = p.doorToDoorSeller
  return (
    d !== undefined &&
    d.income2019Eur > DOOR_TO_DOOR_MIN_INCOME_EUR &&
    d.vatNumberOn2020_02_23 === true &&
    d.enrolledSince !== undefined &&
    d.enrolledSince <= ON &&
    !enrolledElsewhere(p)
  )
}

/** c. 8 lett. a–d: one of the four new categories (DL 104 art. 9 c. 2 and DL 137 art. 15 name them again). */
export const isNewCategory = (p: Positions) =>
  seasonal(p) || (p.intermittent?.daysWorked ?? 0) >= MIN_DAYS || occasional(p) || doorToDoor(p)

/**
 * DL 34 art. 84 c. 8: the new categories. One application pays March (600 euro, DM Lavoro 10/2020 on
 * the fund of DL 18 art. 44), April and May (600 euro each): circ. 67/2020.
 */
export const nuoveCategorie: BenefitDefinition = dl34MonthlyIndemnity({
  code: 'indennita-nuove-categorie',
  name: 'Indennità lavoratori stagionali, intermittenti, autonomi occasionali e venditori a domicilio',
  legalBasis: 'DL 34/2020 art. 84 c. 8; DM Lavoro 10/2020',
  reasons(p, { submittedOn }) {
    const reasons: string[] = []
    // c. 9: on the day of the application, an open-ended employment other than an intermittent one excludes.
    if (runningOn(p.employee, submittedOn) && p.employee?.fixedTerm !== true) reasons.push('OPEN_ENDED_EMPLOYMENT')
    if (!isNewCategory(p)) reasons.push('NOT_A_NEW_CATEGORY')
    return reasons
  },
  periods: [MARCH, APRIL, MAY],
  motivazioni: {
    OPEN_ENDED_EMPLOYMENT:
      'titolarità, alla data della domanda, di un rapporto di lavoro subordinato a tempo indeterminato diverso dal lavoro intermittente (art. 84 c. 9 DL 34/2020)',
    NOT_A_NEW_CATEGORY:
      'assenza dei requisiti dei lavoratori stagionali, intermittenti, autonomi occasionali o incaricati di vendite a domicilio (art. 84 c. 8 DL 34/2020)',
  },
})
