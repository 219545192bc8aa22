import type { BenefitDefinition } from './definition.js'
import { professionistiCococo } from './professionisti-cococo.js'
import { autonomiAgo } from './autonomi-ago.js'
import { stagionaliTurismo } from './stagionali-turismo.js'
import { agricoli } from './agricoli.js'
import { spettacolo } from './spettacolo.js'
import { babySitting } from './baby-sitting.js'
import { maggioProfessionisti } from './maggio-professionisti.js'
import { nuoveCategorie } from './nuove-categorie.js'
import { spettacoloDl34 } from './spettacolo-dl34.js'

/** Every benefit the emulator knows, in the order the catalogue lists them. Adding one: docs/architecture.md. */
export const BENEFITS: readonly BenefitDefinition[] = [
  professionistiCococo,
  autonomiAgo,
  stagionaliTurismo,
  agricoli,
  spettacolo,
  babySitting,
  maggioProfessionisti,
  nuoveCategorie,
  spettacoloDl34,
]

export const BENEFIT_CODES = BENEFITS.map((b) => b.code)

const byCode = new Map(BENEFITS.map((b) => [b.code, b]))

export function findBenefit(code: string): BenefitDefinition | undefined {
  return byCode.get(code)
}

/** The benefits that exist on a Rome-local day (docs/rules.md §14: those of DL 34 from 19 May 2020). */
export function benefitsOn(today: string): BenefitDefinition[] {
  return BENEFITS.filter((b) => !b.listedFrom || b.listedFrom <= today)
}

/** The benefits of a cumulation group (DL 18 art. 31, DL 34 art. 86). */
export function cumulableWith(benefit: BenefitDefinition | undefined): string[] {
  return benefit?.cumulationGroup
    ? BENEFITS.filter((b) => b.cumulationGroup === benefit.cumulationGroup).map((b) => b.code)
    : []
}

/** The benefits whose beneficiaries are paid later months without applying again. */
export const withAutomaticMonths = () => BENEFITS.filter((b) => b.automatic)

/** Exclusive groups, as the catalogue documents them. */
export const EXCLUSIVE_GROUPS = [...new Set(BENEFITS.map((b) => b.exclusiveGroup).filter((g) => g !== null))]

/** Every benefit's motivazioni in one table; one code has one wording whichever benefit gives it. */
export function benefitReasons(): Record<string, string> {
  const all: Record<string, string> = {}
  for (const benefit of BENEFITS)
    for (const [code, text] of Object.entries(benefit.reasons)) {
      if (all[code] !== undefined && all[code] !== text)
        throw new Error(`Reason ${code} is worded two ways (${benefit.code})`)
      all[code] = text
    }
  return all
}
