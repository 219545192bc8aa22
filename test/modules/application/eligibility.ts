import { findBenefit } from '../../../src/modules/application/benefits/catalogue.js'
import type { BenefitDefinition, Positions } from '../../../src/modules/application/benefits/definition.js'

export type { Positions }

/** A definition's verdict on an archive record, as a total: accepted with the sum of its months, or the reasons. */
export function evaluateEligibility(
  benefit: BenefitDefinition | string,
  positions: Positions,
  today: string,
  declarations: Record<string, boolean | number> = {},
) {
  const definition = typeof benefit === 'string' ? findBenefit(benefit)! : benefit
  const verdict = definition.eligibility({
    positions,
    declarations,
    children: [],
    payment: { method: 'post_office' },
    today,
    submittedOn: today,
    householdGrantedEur: 0,
    periods: [],
    alternatives: [],
  })
  return verdict.eligible
    ? { eligible: true as const, amountEur: verdict.months.reduce((sum, m) => sum + m.amountEur, 0) }
    : verdict
}
