import type { BenefitDefinition } from './definition.js'
import { MARCH_REASONS, marchIndemnity, otherCompulsoryScheme } from './march-indemnity.js'
import { APRIL, DL18_GESTIONE_SEPARATA_ON, DL34_FROM, MAY } from './positions.rules.js'

/** DL 18 art. 27: VAT-registered professionals and co.co.co. of the Gestione separata (docs/rules.md §6). */
export const professionistiCococo: BenefitDefinition = marchIndemnity({
  code: 'indennita-professionisti-cococo',
  name: 'Indennità liberi professionisti con partita IVA e co.co.co. iscritti alla Gestione separata',
  legalBasis: 'DL 18/2020 art. 27',
  extraDeclarations: ['noOtherCompulsoryScheme'],
  reasons(p) {
    const reasons: string[] = []
    const gs = p.gestioneSeparata
    const active =
      gs &&
      gs.activeSince <= DL18_GESTIONE_SEPARATA_ON &&
      (!gs.activeUntil || gs.activeUntil >= DL18_GESTIONE_SEPARATA_ON)
    if (!active) reasons.push('NO_GESTIONE_SEPARATA_ON_2020_02_23')
    if (p.ago || otherCompulsoryScheme(p)) reasons.push('OTHER_COMPULSORY_SCHEME')
    return reasons
  },
  // DL 34 art. 84 c. 1: April to all; c. 3: May (1,000 euro) to co.co.co. whose contract had ended by 19 May 2020.
  laterMonths(p) {
    const gs = p?.gestioneSeparata
    const mayToo = gs?.kind === 'cococo' && gs.activeUntil !== undefined && gs.activeUntil <= DL34_FROM
    return [{ period: APRIL, amountEur: 600 }, ...(mayToo ? [{ period: MAY, amountEur: 1000 }] : [])]
  },
  motivazioni: {
    OTHER_COMPULSORY_SCHEME: MARCH_REASONS.OTHER_COMPULSORY_SCHEME,
    NO_GESTIONE_SEPARATA_ON_2020_02_23: 'assenza di iscrizione attiva alla Gestione separata al 23/02/2020',
  },
})
