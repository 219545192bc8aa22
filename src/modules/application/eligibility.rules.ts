import type { Static } from 'typebox'
import type { Positions as PositionsSchema } from '../../core/archive/persons.schemas.js'
import type { ChildJson } from './application.table.js'
import type { Benefit } from './benefits.rules.js'

/** The archive positions that DL 18/2020 looks at (docs/contract.md, the archive record), as the archive API accepts them. */
export type Positions = Static<typeof PositionsSchema>

export type Verdict = { eligible: true; amountEur: number } | { eligible: false; reasons: string[] }

// Dates of the decree (ISO strings compare correctly as text).
const ART27_ACTIVE_ON = '2020-02-23'
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

function indemnityReasons(benefit: Benefit, p: Positions): string[] {
  const reasons: string[] = []
  // Pensioners and holders of the reddito di cittadinanza (art. 31) get none of the five.
  if (p.pensioner) reasons.push('PENSIONER')
  if (p.citizenshipIncome) reasons.push('CITIZENSHIP_INCOME')
  switch (benefit.code) {
    case 'indennita-professionisti-cococo': {
      const gs = p.gestioneSeparata
      const active = gs && gs.activeSince <= ART27_ACTIVE_ON && (!gs.activeUntil || gs.activeUntil >= ART27_ACTIVE_ON)
      if (!active) reasons.push('NO_GESTIONE_SEPARATA_ON_2020_02_23')
      if (p.ago) reasons.push('OTHER_COMPULSORY_SCHEME')
      break
    }
    case 'indennita-autonomi-ago':
      if (!p.ago) reasons.push('NO_AGO_SPECIAL_SCHEME')
      break
    case 'indennita-stagionali-turismo': {
      const s = p.seasonalTourism
      if (!s) reasons.push('NO_SEASONAL_TOURISM_CONTRACT')
      else {
        if (s.contractEndedOn < ART29_ENDED_FROM || s.contractEndedOn > ART29_ENDED_TO) reasons.push('CONTRACT_END_OUTSIDE_PERIOD')
        if (!s.involuntary) reasons.push('CONTRACT_END_NOT_INVOLUNTARY')
      }
      if (p.employedOn2020_03_17) reasons.push('EMPLOYED_ON_2020_03_17')
      break
    }
    case 'indennita-agricoli':
      if ((p.agricultural?.daysWorked2019 ?? 0) < ART30_MIN_DAYS) reasons.push('INSUFFICIENT_AGRICULTURAL_DAYS_2019')
      break
    case 'indennita-spettacolo': {
      const e = p.entertainment
      if ((e?.contributions2019 ?? 0) < ART38_MIN_CONTRIBUTIONS) reasons.push('INSUFFICIENT_ENTERTAINMENT_CONTRIBUTIONS_2019')
      if (e && e.income2019Eur > ART38_MAX_INCOME_EUR) reasons.push('INCOME_2019_ABOVE_LIMIT')
      if (p.employedOn2020_03_17) reasons.push('EMPLOYED_ON_2020_03_17')
      break
    }
  }
  return reasons
}

/**
 * DL 18/2020, one rule per failed condition. A pure function of the archive and the application:
 * the order of arrival never decides the outcome ("not a click day").
 */
export function evaluateEligibility(benefit: Benefit, positions: Positions | undefined, children: ChildJson[]): Verdict {
  if (!positions) return { eligible: false, reasons: ['NOT_IN_ARCHIVE'] }
  if (benefit.code === 'bonus-baby-sitting') {
    if (!children.some((c) => isUnder12OnReferenceDate(c.birthDate))) return { eligible: false, reasons: ['NO_CHILD_UNDER_12'] }
    // Art. 25: health and security workers get 1000 euro instead of 600.
    return { eligible: true, amountEur: positions.healthOrSecurityWorker ? 1000 : benefit.amountEur }
  }
  const reasons = indemnityReasons(benefit, positions)
  return reasons.length > 0 ? { eligible: false, reasons } : { eligible: true, amountEur: benefit.amountEur }
}
