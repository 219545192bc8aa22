import type { BenefitDefinition } from './definition.js'
import { DL34_REASONS, dl34MonthlyIndemnity, employedOn19May } from './dl34-indemnity.js'
import { APRIL, MAY } from './positions.rules.js'
import { ART38_MAX_INCOME_EUR, ART38_MIN_CONTRIBUTIONS, ART38_REASONS } from './spettacolo.js'

/** c. 10, second group: at least 7 daily contributions in 2019 and a 2019 income up to 35,000 euro. */
const MIN_CONTRIBUTIONS = 7
const MAX_INCOME_EUR = 35_000

/**
 * DL 34 art. 84 c. 10: entertainment workers who meet art. 38's requisites (30 contributions, income up to
 * 50,000 euro) or have 7 contributions and up to 35,000 euro; April and May, 600 euro each.
 */
export const spettacoloDl34: BenefitDefinition = dl34MonthlyIndemnity({
  code: 'indennita-spettacolo-dl34',
  name: 'Indennità lavoratori dello spettacolo (decreto Rilancio)',
  legalBasis: 'DL 34/2020 art. 84 c. 10',
  reasons(p) {
    const reasons: string[] = []
    if (employedOn19May(p)) reasons.push('EMPLOYED_ON_2020_05_19')
    const contributions = p.entertainment?.contributions2019 ?? 0
    const income = p.entertainment?.income2019Eur ?? 0
    const art38Group = contributions >= ART38_MIN_CONTRIBUTIONS && income <= ART38_MAX_INCOME_EUR
    const secondGroup = contributions >= MIN_CONTRIBUTIONS && income <= MAX_INCOME_EUR
    if (art38Group || secondGroup) return reasons
    if (contributions < MIN_CONTRIBUTIONS) reasons.push('INSUFFICIENT_ENTERTAINMENT_CONTRIBUTIONS_2019_DL34')
    else reasons.push(contributions >= ART38_MIN_CONTRIBUTIONS ? 'INCOME_2019_ABOVE_LIMIT' : 'INCOME_2019_ABOVE_35000')
    return reasons
  },
  periods: [APRIL, MAY],
  motivazioni: {
    ...DL34_REASONS,
    INSUFFICIENT_ENTERTAINMENT_CONTRIBUTIONS_2019_DL34:
      'meno di 7 contributi giornalieri al Fondo pensioni lavoratori dello spettacolo nel 2019',
    INCOME_2019_ABOVE_35000: 'reddito 2019 superiore a 35.000 euro con meno di 30 contributi giornalieri nel 2019',
    INCOME_2019_ABOVE_LIMIT: ART38_REASONS.INCOME_2019_ABOVE_LIMIT,
  },
})
