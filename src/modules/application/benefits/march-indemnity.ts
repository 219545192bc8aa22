import { AUTH_LEVELS } from '../../../core/auth/auth.types.js'
import type { BenefitDefinition, Month, Positions } from './definition.js'
import {
  DL18_GESTIONE_SEPARATA_ON,
  DL34_FROM,
  MARCH,
  indemnityVerdict,
  pensionKind,
  pensionReasons,
  receivesCitizenshipIncome,
  runningOn,
  withCitizenshipIncome,
} from './positions.rules.js'

/** docs/rules.md §11: the riesame of every DL 18 indemnity opened on 1 June 2020 (msg 2263/2020), 20 days. */
export const DL18_RIESAME = { opensOn: '2020-06-01', days: 20 } as const

/** docs/rules.md §6: the indemnities of DL 18 and DL 34 never pay one month twice (DL 18 art. 31, DL 34 art. 86). */
export const COVID_INDEMNITIES = 'covid-indemnities'

export const INDEMNITY_DECLARATIONS = ['truthfulness', 'notPensioner', 'noCitizenshipIncome'] as const

/** Arts. 27 and 28 (circ. 49/2020): another compulsory scheme is an employee position on 23 February 2020 or a cassa. */
export const otherCompulsoryScheme = (p: Positions) =>
  runningOn(p.employee, DL18_GESTIONE_SEPARATA_ON) || p.cassaProfessionale !== undefined

/** The reasons every March indemnity shares, with their motivazioni (msg 2263/2020). */
export const MARCH_REASONS = {
  OTHER_COMPULSORY_SCHEME:
    'iscrizione ad altra forma previdenziale obbligatoria (rapporto di lavoro dipendente al 23/02/2020 o cassa professionale)',
  // msg 2263/2020, reason 3.
  EMPLOYED_ON_2020_03_17: 'titolarità di un rapporto di lavoro dipendente, ove non consentito (al 17/03/2020)',
} as const

interface MarchIndemnity {
  code: string
  name: string
  legalBasis: string
  extraDeclarations: readonly string[]
  /** The reasons of this article, on top of the pension and the citizenship income. */
  reasons(p: Positions): string[]
  /** DL 34 art. 84: the April (and May) months paid to this article's March beneficiaries, before c. 13. */
  laterMonths(p: Positions | undefined): Month[]
  motivazioni: Readonly<Record<string, string>>
}

/**
 * The five indemnities of March 2020 (DL 18 arts. 27, 28, 29, 30, 38): 600 euro for March, one of the
 * five per person, applications from 1 April to 3 June 2020 (8 June for the applicants DL 34 let in).
 * docs/rules.md §14: from 19 May 2020 a citizenship-income recipient is topped up (c. 13) instead of refused.
 */
export function marchIndemnity(spec: MarchIndemnity): BenefitDefinition {
  return {
    code: spec.code,
    name: spec.name,
    legalBasis: spec.legalBasis,
    amountEur: () => 600,
    calendar: {
      marchDeadline: {
        // docs/rules.md §11: holders of an assegno ordinario di invalidità and RdC recipients had until 8 June 2020.
        extendedFor: (p) => pensionKind(p) === 'assegno_ordinario_invalidita' || receivesCitizenshipIncome(p),
      },
    },
    allowedAuthLevels: [...AUTH_LEVELS],
    declarations: { required: [...INDEMNITY_DECLARATIONS, ...spec.extraDeclarations] },
    exclusiveGroup: 'indennita',
    cumulationGroup: COVID_INDEMNITIES,
    eligibility({ positions: p, today }) {
      const reasons = [...pensionReasons(p, today), ...spec.reasons(p)]
      if (!receivesCitizenshipIncome(p)) return indemnityVerdict(p, reasons, [{ period: MARCH, amountEur: 600 }])
      // DL 18 art. 31: no March for an RdC recipient. From 19 May 2020 (DL 34 art. 84 c. 13; INPS news of
      // 1 June 2020) the application is admitted to the April top-up of the RdC, which the instalment job pays.
      if (today < DL34_FROM) return { eligible: false, reasons: [...reasons, 'CITIZENSHIP_INCOME'] }
      if (reasons.length > 0) return { eligible: false, reasons }
      return withCitizenshipIncome(p, spec.laterMonths(p)).length > 0
        ? { eligible: true, months: [], notes: ['CITIZENSHIP_INCOME_TOP_UP'] }
        : { eligible: false, reasons: ['CITIZENSHIP_INCOME_NOT_LOWER'] }
    },
    automatic: { from: DL34_FROM, months: (p) => withCitizenshipIncome(p, spec.laterMonths(p)) },
    riesame: DL18_RIESAME,
    reasons: spec.motivazioni,
  }
}
