import type { Static } from 'typebox'
import type { Positions as PositionsSchema } from '../../core/archive/persons.schemas.js'
import type { ChildJson } from './application.table.js'
import type { Benefit } from './benefits.rules.js'

/** The archive positions that DL 18/2020 looks at (docs/contract.md, the archive record), as the archive API accepts them. */
export type Positions = Static<typeof PositionsSchema>

export type Verdict = { eligible: true; amountEur: number } | { eligible: false; reasons: string[] }

// Dates of the decree (ISO strings compare correctly as text).
const ART27_ACTIVE_ON = '2020-02-23'
const EMPLOYED_ON = '2020-03-17'
/** DL 34 art. 75: the assegno ordinario di invalidità is compatible with the indemnities from 19 May 2020. */
const ASSEGNO_EXCLUDES_UNTIL = '2020-05-18'
const ART29_ENDED_FROM = '2019-01-01'
const ART29_ENDED_TO = '2020-03-17'
const BABY_SITTING_AGE_DATE = '2020-03-05'
const ART30_MIN_DAYS = 50
const ART38_MIN_CONTRIBUTIONS = 30
const ART38_MAX_INCOME_EUR = 50_000

/** Under 12 on 5 March 2020: born after 5 March 2008 (art. 23). */
export function isUnder12OnReferenceDate(birthDate: string): boolean {
  const limit = `${Number(BABY_SITTING_AGE_DATE.slice(0, 4)) - 12}${BABY_SITTING_AGE_DATE.slice(4)}`
  return birthDate > limit && birthDate <= BABY_SITTING_AGE_DATE
}

/** `pensioner: true` of the first archive records means a direct pension. */
export function pensionKind(p: Positions): NonNullable<Positions['pension']>['kind'] | undefined {
  return p.pension?.kind ?? (p.pensioner ? 'diretta' : undefined)
}

export function receivesCitizenshipIncome(p: Positions): boolean {
  return p.citizenshipIncome === true || (p.citizenshipIncomeMonthlyEur ?? 0) > 0
}

const runningOn = (position: { since: string; until?: string } | undefined, date: string) =>
  position !== undefined && position.since <= date && (!position.until || position.until >= date)

/** docs/rules.md §11 (circ. 49/2020): only a direct pension and the APE sociale exclude; the assegno ordinario di invalidità until 18 May 2020. */
function pensionReasons(p: Positions, evaluationDate: string): string[] {
  switch (pensionKind(p)) {
    case 'diretta':
      return ['PENSIONER']
    case 'ape_sociale':
      return ['APE_SOCIALE']
    case 'assegno_ordinario_invalidita':
      return evaluationDate <= ASSEGNO_EXCLUDES_UNTIL ? ['ASSEGNO_ORDINARIO_INVALIDITA'] : []
    default:
      return []
  }
}

function indemnityReasons(benefit: Benefit, p: Positions, evaluationDate: string): string[] {
  const reasons = pensionReasons(p, evaluationDate)
  // Holders of the reddito di cittadinanza (art. 31) get none of the five.
  if (receivesCitizenshipIncome(p)) reasons.push('CITIZENSHIP_INCOME')
  const employed = p.employedOn2020_03_17 === true || runningOn(p.employee, EMPLOYED_ON)
  // Arts. 27 and 28 (circ. 49/2020): no other compulsory scheme, i.e. no employee position on 23 February 2020 and no cassa.
  const otherScheme = runningOn(p.employee, ART27_ACTIVE_ON) || p.cassaProfessionale !== undefined
  switch (benefit.code) {
    case 'indennita-professionisti-cococo': {
      const gs = p.gestioneSeparata
      const active = gs && gs.activeSince <= ART27_ACTIVE_ON && (!gs.activeUntil || gs.activeUntil >= ART27_ACTIVE_ON)
      if (!active) reasons.push('NO_GESTIONE_SEPARATA_ON_2020_02_23')
      if (p.ago || otherScheme) reasons.push('OTHER_COMPULSORY_SCHEME')
      break
    }
    case 'indennita-autonomi-ago':
      if (!p.ago) reasons.push('NO_AGO_SPECIAL_SCHEME')
      if (otherScheme) reasons.push('OTHER_COMPULSORY_SCHEME')
      break
    case 'indennita-stagionali-turismo': {
      const s = p.seasonalTourism
      if (!s) reasons.push('NO_SEASONAL_TOURISM_CONTRACT')
      else {
        if (s.contractEndedOn < ART29_ENDED_FROM || s.contractEndedOn > ART29_ENDED_TO)
          reasons.push('CONTRACT_END_OUTSIDE_PERIOD')
        if (!s.involuntary) reasons.push('CONTRACT_END_NOT_INVOLUNTARY')
      }
      if (employed) reasons.push('EMPLOYED_ON_2020_03_17')
      break
    }
    case 'indennita-agricoli':
      if ((p.agricultural?.daysWorked2019 ?? 0) < ART30_MIN_DAYS) reasons.push('INSUFFICIENT_AGRICULTURAL_DAYS_2019')
      break
    case 'indennita-spettacolo': {
      const e = p.entertainment
      if ((e?.contributions2019 ?? 0) < ART38_MIN_CONTRIBUTIONS)
        reasons.push('INSUFFICIENT_ENTERTAINMENT_CONTRIBUTIONS_2019')
      if (e && e.income2019Eur > ART38_MAX_INCOME_EUR) reasons.push('INCOME_2019_ABOVE_LIMIT')
      if (employed) reasons.push('EMPLOYED_ON_2020_03_17')
      break
    }
  }
  return reasons
}

/**
 * DL 18/2020, one rule per failed condition. A pure function of the archive and the application:
 * the order of arrival never decides the outcome ("not a click day"). `evaluationDate` is the Rome date
 * of the evaluation (YYYY-MM-DD): some rules changed on a date.
 */
export function evaluateEligibility(
  benefit: Benefit,
  positions: Positions | undefined,
  children: ChildJson[],
  evaluationDate: string,
): Verdict {
  if (!positions) return { eligible: false, reasons: ['NOT_IN_ARCHIVE'] }
  if (benefit.code === 'bonus-baby-sitting') {
    if (!children.some((c) => isUnder12OnReferenceDate(c.birthDate)))
      return { eligible: false, reasons: ['NO_CHILD_UNDER_12'] }
    // Art. 25: health and security workers get 1000 euro instead of 600.
    return { eligible: true, amountEur: positions.healthOrSecurityWorker ? 1000 : benefit.amountEur }
  }
  const reasons = indemnityReasons(benefit, positions, evaluationDate)
  return reasons.length > 0 ? { eligible: false, reasons } : { eligible: true, amountEur: benefit.amountEur }
}
