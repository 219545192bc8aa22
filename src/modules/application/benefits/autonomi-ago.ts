import type { BenefitDefinition } from './definition.js'
import { MARCH_REASONS, marchIndemnity, otherCompulsoryScheme } from './march-indemnity.js'
import { APRIL } from './positions.rules.js'

/** DL 18 art. 28: self-employed of the special AGO schemes (docs/rules.md §6). */
export const autonomiAgo: BenefitDefinition = marchIndemnity({
  code: 'indennita-autonomi-ago',
  name: "Indennità lavoratori autonomi iscritti alle gestioni speciali dell'AGO",
  legalBasis: 'DL 18/2020 art. 28',
  extraDeclarations: ['noOtherCompulsoryScheme'],
  reasons(p) {
    const reasons: string[] = []
    if (!p.ago) reasons.push('NO_AGO_SPECIAL_SCHEME')
    if (otherCompulsoryScheme(p)) reasons.push('OTHER_COMPULSORY_SCHEME')
    return reasons
  },
  // DL 34 art. 84 c. 4: April only.
  laterMonths: () => [{ period: APRIL, amountEur: 600 }],
  motivazioni: {
    OTHER_COMPULSORY_SCHEME: MARCH_REASONS.OTHER_COMPULSORY_SCHEME,
    // msg 2263/2020, reason 4.
    NO_AGO_SPECIAL_SCHEME: "assenza dell'iscrizione alle gestioni Autonome, ove richiesta (art. 28)",
  },
})
