import type { BenefitDefinition, Month, Positions } from './definition.js'
import { professionistiCococo } from './professionisti-cococo.js'
import { autonomiAgo } from './autonomi-ago.js'
import { stagionaliTurismo } from './stagionali-turismo.js'
import { agricoli } from './agricoli.js'
import { spettacolo } from './spettacolo.js'
import { babySitting } from './baby-sitting.js'
import { maggioProfessionisti } from './maggio-professionisti.js'
import { nuoveCategorie } from './nuove-categorie.js'
import { spettacoloDl34 } from './spettacolo-dl34.js'
import { lavoratoriDomestici } from './lavoratori-domestici.js'
import { indennitaDl104 } from './indennita-dl104.js'
import { indennitaRistori } from './indennita-ristori.js'
import { indennitaRistoriQuater } from './indennita-ristori-quater.js'
import { congedoCovid } from './congedo-covid.js'

/** A benefit paying the accepted applications of `benefitCodes` without a new application, from a Rome day. */
export interface AutomaticPayer {
  benefit: BenefitDefinition
  from: string
  benefitCodes: readonly string[]
  months(positions: Positions | undefined, throughBenefit: string): Month[]
}
import { redditoEmergenza } from './reddito-emergenza.js'

/** Every benefit the emulator knows, in the order the catalogue lists them. Adding one: docs/architecture.md. */
export const DEFINITIONS: readonly BenefitDefinition[] = [
  professionistiCococo,
  autonomiAgo,
  stagionaliTurismo,
  agricoli,
  spettacolo,
  babySitting,
  maggioProfessionisti,
  nuoveCategorie,
  spettacoloDl34,
  lavoratoriDomestici,
  indennitaDl104,
  indennitaRistori,
  indennitaRistoriQuater,
  redditoEmergenza,
  congedoCovid,
]

/** The catalogue of a list of definitions: what every other module asks about benefits. */
export function createCatalogue(definitions: readonly BenefitDefinition[]) {
  const byCode = new Map(definitions.map((b) => [b.code, b]))
  return {
    BENEFITS: definitions,
    BENEFIT_CODES: definitions.map((b) => b.code),
    findBenefit: (code: string): BenefitDefinition | undefined => byCode.get(code),
    /** The benefits that exist on a Rome-local day (docs/rules.md §14: those of DL 34 from 19 May 2020). */
    benefitsOn: (today: string) => definitions.filter((b) => !b.listedFrom || b.listedFrom <= today),
    /** The benefits of a cumulation group (DL 18 art. 31, DL 34 art. 86). */
    cumulableWith(benefit: BenefitDefinition | undefined): string[] {
      if (!benefit?.cumulationGroup) return []
      const group = definitions.filter((b) => b.cumulationGroup === benefit.cumulationGroup)
      // A benefit of the group paid automatically through others' applications is granted through those.
      return [...new Set(group.flatMap((b) => [b.code, ...(b.paidAutomaticallyTo?.benefitCodes ?? [])]))]
    },
    /** The benefits that pay the beneficiaries of this one automatically (DL 104, DL 137). */
    paidAutomaticallyThrough: (benefitCode: string) =>
      definitions.filter((b) => b.paidAutomaticallyTo?.benefitCodes.includes(benefitCode)),
    /**
     * What the instalment job pays, per paying benefit: later months of its own applications (`automatic`)
     * or its amounts to the beneficiaries of other benefits (`paidAutomaticallyTo`).
     */
    automaticPayers: (): AutomaticPayer[] =>
      definitions.flatMap((b) => [
        ...(b.automatic
          ? [{ benefit: b, from: b.automatic.from, benefitCodes: [b.code], months: b.automatic.months }]
          : []),
        ...(b.paidAutomaticallyTo ? [{ benefit: b, ...b.paidAutomaticallyTo }] : []),
      ]),
    /** The benefits of an alternative group (the congedo COVID and the baby-sitting bonus, DL 18 art. 23 c. 8). */
    alternativesOf: (benefit: BenefitDefinition | undefined): string[] =>
      benefit?.alternativeGroup
        ? definitions.filter((b) => b.alternativeGroup === benefit.alternativeGroup).map((b) => b.code)
        : [],
    /** Exclusive groups, as the catalogue documents them. */
    EXCLUSIVE_GROUPS: [...new Set(definitions.map((b) => b.exclusiveGroup).filter((g) => g !== null))],
    /** Every benefit's motivazioni in one table; one code has one wording whichever benefit gives it. */
    benefitReasons(): Record<string, string> {
      const all: Record<string, string> = {}
      for (const benefit of definitions)
        for (const [code, text] of Object.entries(benefit.reasons)) {
          if (all[code] !== undefined && all[code] !== text)
            throw new Error(`Reason ${code} is worded two ways (${benefit.code})`)
          all[code] = text
        }
      return all
    },
  }
}

export const {
  BENEFITS,
  BENEFIT_CODES,
  findBenefit,
  benefitsOn,
  cumulableWith,
  alternativesOf,
  paidAutomaticallyThrough,
  automaticPayers,
  EXCLUSIVE_GROUPS,
  benefitReasons,
} = createCatalogue(DEFINITIONS)
