import type { BenefitDefinition } from './definition.js'
import { MARCH_REASONS, marchIndemnity } from './march-indemnity.js'
import { APRIL, DL34_FROM, MAY, employedOn, employedOn17March, pensionReasons } from './positions.rules.js'

const ENDED_FROM = '2019-01-01'
const ENDED_TO = '2020-03-17'

/** DL 18 art. 29: seasonal workers of tourism and spas whose contract ended involuntarily (docs/rules.md §6). */
export const stagionaliTurismo: BenefitDefinition = marchIndemnity({
  code: 'indennita-stagionali-turismo',
  name: 'Indennità lavoratori stagionali del turismo e degli stabilimenti termali',
  legalBasis: 'DL 18/2020 art. 29',
  extraDeclarations: ['notEmployed'],
  reasons(p) {
    const reasons: string[] = []
    const s = p.seasonalTourism
    if (!s) reasons.push('NO_SEASONAL_TOURISM_CONTRACT')
    else {
      if (s.contractEndedOn < ENDED_FROM || s.contractEndedOn > ENDED_TO) reasons.push('CONTRACT_END_OUTSIDE_PERIOD')
      if (!s.involuntary) reasons.push('CONTRACT_END_NOT_INVOLUNTARY')
    }
    if (employedOn17March(p)) reasons.push('EMPLOYED_ON_2020_03_17')
    return reasons
  },
  // DL 34 art. 84 c. 5 and 6: April; May (1,000 euro) with no pension, job or NASpI on 19 May 2020.
  laterMonths(p) {
    const mayToo =
      p !== undefined &&
      pensionReasons(p, DL34_FROM).length === 0 &&
      !employedOn(p, DL34_FROM) &&
      p.naspiOn2020_05_19 !== true
    return [{ period: APRIL, amountEur: 600 }, ...(mayToo ? [{ period: MAY, amountEur: 1000 }] : [])]
  },
  motivazioni: {
    EMPLOYED_ON_2020_03_17: MARCH_REASONS.EMPLOYED_ON_2020_03_17,
    NO_SEASONAL_TOURISM_CONTRACT: 'assenza di un rapporto di lavoro stagionale nel settore turistico o termale',
    CONTRACT_END_OUTSIDE_PERIOD:
      'cessazione del rapporto di lavoro al di fuori del periodo dal 01/01/2019 al 17/03/2020',
    CONTRACT_END_NOT_INVOLUNTARY: 'cessazione non involontaria del rapporto di lavoro',
  },
})
