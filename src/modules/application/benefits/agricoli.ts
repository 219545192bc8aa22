import type { BenefitDefinition } from './definition.js'
import { marchIndemnity } from './march-indemnity.js'
import { APRIL } from './positions.rules.js'

const MIN_DAYS_2019 = 50

/** DL 18 art. 30: agricultural workers with at least 50 days in 2019 (docs/rules.md §6). */
export const agricoli: BenefitDefinition = marchIndemnity({
  code: 'indennita-agricoli',
  name: 'Indennità lavoratori del settore agricolo',
  legalBasis: 'DL 18/2020 art. 30',
  extraDeclarations: [],
  reasons: (p) =>
    (p.agricultural?.daysWorked2019 ?? 0) < MIN_DAYS_2019 ? ['INSUFFICIENT_AGRICULTURAL_DAYS_2019'] : [],
  // DL 34 art. 84 c. 7: April, 500 euro.
  laterMonths: () => [{ period: APRIL, amountEur: 500 }],
  motivazioni: { INSUFFICIENT_AGRICULTURAL_DAYS_2019: 'meno di 50 giornate di lavoro agricolo effettivo nel 2019' },
})
