import type { BenefitDefinition, Positions } from './definition.js'
import { DL34_REASONS, dl34Indemnity, employedOn19May } from './dl34-indemnity.js'
import { MARCH_REASONS } from './march-indemnity.js'
import { DL34_FROM, MAY, runningOn } from './positions.rules.js'

/** c. 2: the May indemnity of professionals needs a fall of at least 33 % of the March–April income. */
const MIN_INCOME_FALL_PERCENT = 33
export const INCOME_DECLARATIONS = ['incomeMarchApril2019Eur', 'incomeMarchApril2020Eur'] as const

/** True when income fell by at least 33 %, in whole cents so that 33 % exactly passes and 32.99 % does not. */
export function incomeFellEnough(income2019Eur: number, income2020Eur: number): boolean {
  const before = Math.round(income2019Eur * 100)
  const after = Math.round(income2020Eur * 100)
  return before > 0 && (before - after) * 100 >= MIN_INCOME_FALL_PERCENT * before
}

function reasons(p: Positions, declarations: Record<string, boolean | number>): string[] {
  const found: string[] = []
  const gs = p.gestioneSeparata
  if (!gs || gs.kind !== 'professionista' || !runningOn({ since: gs.activeSince, until: gs.activeUntil }, DL34_FROM))
    found.push('NO_VAT_POSITION_ON_2020_05_19')
  if (employedOn19May(p) || p.cassaProfessionale !== undefined || p.ago) found.push('OTHER_COMPULSORY_SCHEME')
  const declared = incomeFellEnough(
    Number(declarations.incomeMarchApril2019Eur),
    Number(declarations.incomeMarchApril2020Eur),
  )
  if (!declared) found.push('INCOME_FALL_BELOW_33_PERCENT')
  // Agenzia delle Entrate data: checked only when the declaration itself qualifies.
  else if (!gs?.vatIncome || !incomeFellEnough(gs.vatIncome.marchApril2019Eur, gs.vatIncome.marchApril2020Eur))
    found.push('INCOME_FALL_NOT_CONFIRMED')
  return found
}

/** DL 34 art. 84 c. 2: 1,000 euro for May 2020 to VAT-registered professionals whose income fell by a third. */
export const maggioProfessionisti: BenefitDefinition = dl34Indemnity({
  code: 'indennita-maggio-professionisti',
  name: 'Indennità maggio 2020 liberi professionisti con partita IVA iscritti alla Gestione separata',
  legalBasis: 'DL 34/2020 art. 84 c. 2',
  amountEur: 1000,
  declarations: { required: ['truthfulness', 'notPensioner', 'noOtherCompulsoryScheme'], amounts: INCOME_DECLARATIONS },
  exclusiveGroup: null,
  reasons,
  months: [{ period: MAY, amountEur: 1000 }],
  motivazioni: {
    ...DL34_REASONS,
    OTHER_COMPULSORY_SCHEME: MARCH_REASONS.OTHER_COMPULSORY_SCHEME,
    NO_VAT_POSITION_ON_2020_05_19: 'assenza di partita IVA attiva e di iscrizione alla Gestione separata al 19/05/2020',
    INCOME_FALL_BELOW_33_PERCENT:
      'riduzione del reddito del bimestre marzo-aprile 2020 inferiore al 33% rispetto al bimestre marzo-aprile 2019',
    INCOME_FALL_NOT_CONFIRMED:
      "riduzione del reddito di almeno il 33% non confermata dai dati dell'Agenzia delle Entrate",
  },
})
