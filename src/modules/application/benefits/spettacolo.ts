import type { BenefitDefinition, Positions } from './definition.js'
import { MARCH_REASONS, marchIndemnity } from './march-indemnity.js'
import { APRIL, DL34_FROM, MAY, employedOn, employedOn17March, pensionKind } from './positions.rules.js'

export const ART38_MIN_CONTRIBUTIONS = 30
export const ART38_MAX_INCOME_EUR = 50_000

export const ART38_REASONS = {
  // msg 2263/2020, reason 5, with the requisite that failed.
  INSUFFICIENT_ENTERTAINMENT_CONTRIBUTIONS_2019:
    'assenza dei requisiti contributivi e reddituali previsti per i lavoratori dello spettacolo (art. 38): meno di 30 contributi giornalieri nel 2019',
  INCOME_2019_ABOVE_LIMIT:
    'assenza dei requisiti contributivi e reddituali previsti per i lavoratori dello spettacolo (art. 38): reddito 2019 superiore a 50.000 euro',
} as const

/** Art. 38's own requisites: at least 30 daily contributions in 2019 and a 2019 income up to 50,000 euro. */
export function art38Reasons(p: Positions): string[] {
  const e = p.entertainment
  const reasons: string[] = []
  if ((e?.contributions2019 ?? 0) < ART38_MIN_CONTRIBUTIONS)
    reasons.push('INSUFFICIENT_ENTERTAINMENT_CONTRIBUTIONS_2019')
  if (e && e.income2019Eur > ART38_MAX_INCOME_EUR) reasons.push('INCOME_2019_ABOVE_LIMIT')
  return reasons
}

/** DL 18 art. 38: entertainment workers (docs/rules.md §6). */
export const spettacolo: BenefitDefinition = marchIndemnity({
  code: 'indennita-spettacolo',
  name: 'Indennità lavoratori dello spettacolo',
  legalBasis: 'DL 18/2020 art. 38',
  extraDeclarations: ['notEmployed'],
  reasons: (p) => [...art38Reasons(p), ...(employedOn17March(p) ? ['EMPLOYED_ON_2020_03_17'] : [])],
  // DL 34 art. 84 c. 10 and 11: April and May, but not to whoever holds an employment or a pension on 19 May 2020.
  laterMonths(p) {
    if (!p || employedOn(p, DL34_FROM) || pensionKind(p) !== undefined) return []
    return [
      { period: APRIL, amountEur: 600 },
      { period: MAY, amountEur: 600 },
    ]
  },
  motivazioni: { EMPLOYED_ON_2020_03_17: MARCH_REASONS.EMPLOYED_ON_2020_03_17, ...ART38_REASONS },
})
