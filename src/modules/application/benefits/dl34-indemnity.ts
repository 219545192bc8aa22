import { AUTH_LEVELS } from '../../../core/auth/auth.types.js'
import type { BenefitDefinition, EligibilityInput, Month, Positions } from './definition.js'
import { COVID_INDEMNITIES } from './march-indemnity.js'
import { DL34_FROM, employedOn, indemnityVerdict, pensionKind } from './positions.rules.js'

/** docs/rules.md §11: the riesame of the DL 34 indemnities opened on 10 August 2020 (msg 3088/2020), 20 days. */
export const DL34_RIESAME = { opensOn: '2020-08-10', days: 20 } as const

/** A direct pension or the APE sociale exclude; the assegno ordinario di invalidità is compatible from 19 May 2020 (DL 34 art. 75). */
export function dl34PensionReasons(p: Positions): string[] {
  const kind = pensionKind(p)
  return kind === 'diretta' ? ['PENSION_HOLDER'] : kind === 'ape_sociale' ? ['APE_SOCIALE'] : []
}

export const employedOn19May = (p: Positions) => employedOn(p, DL34_FROM)

export const DL34_REASONS = {
  EMPLOYED_ON_2020_05_19: 'titolarità di un rapporto di lavoro dipendente al 19/05/2020',
} as const

interface Dl34Indemnity {
  code: string
  name: string
  legalBasis: string
  /** The catalogue's headline: the amount of one month. */
  amountEur: number
  opensOn?: string
  declarations: BenefitDefinition['declarations']
  exclusiveGroup: string | null
  reasons(p: Positions, input: EligibilityInput): string[]
  months: Month[]
  motivazioni: Readonly<Record<string, string>>
}

/** The indemnities applied for under DL 34 art. 84 (docs/rules.md §14), from 19 May 2020. */
export function dl34Indemnity(spec: Dl34Indemnity): BenefitDefinition {
  return {
    code: spec.code,
    name: spec.name,
    legalBasis: spec.legalBasis,
    amountEur: () => spec.amountEur,
    listedFrom: DL34_FROM,
    calendar: { opensOn: spec.opensOn ?? DL34_FROM },
    allowedAuthLevels: [...AUTH_LEVELS],
    declarations: spec.declarations,
    exclusiveGroup: spec.exclusiveGroup,
    cumulationGroup: COVID_INDEMNITIES,
    eligibility: (input) =>
      indemnityVerdict(
        input.positions,
        [...dl34PensionReasons(input.positions), ...spec.reasons(input.positions, input)],
        spec.months,
      ),
    riesame: DL34_RIESAME,
    reasons: spec.motivazioni,
  }
}

/** The month's amount of the c. 8 and c. 10 indemnities. */
const MONTHLY_EUR = 600

/**
 * DL 34 art. 84 c. 8 (the new categories) and c. 10 (entertainment workers): 600 euro for each of the
 * months, the same declarations, and only one of the two (exclusive group indennita-dl34).
 */
export function dl34MonthlyIndemnity(
  spec: Pick<Dl34Indemnity, 'code' | 'name' | 'legalBasis' | 'reasons' | 'motivazioni'> & { periods: string[] },
): BenefitDefinition {
  const { periods, ...rest } = spec
  return dl34Indemnity({
    ...rest,
    amountEur: MONTHLY_EUR,
    declarations: { required: ['truthfulness', 'notPensioner', 'notEmployed'] },
    exclusiveGroup: 'indennita-dl34',
    months: periods.map((period) => ({ period, amountEur: MONTHLY_EUR })),
  })
}
