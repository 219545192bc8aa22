import type { BenefitDefinition, EligibilityInput, Positions } from './definition.js'
import { DL34_REASONS, dl34Indemnity, employedOn19May } from './dl34-indemnity.js'
import { MARCH_REASONS } from './march-indemnity.js'
import { DL34_FROM, MAY, pensionKind, runningOn } from './positions.rules.js'

/** c. 2: the May indemnity of professionals needs a fall of at least 33 % of the March–April income. */
const MIN_INCOME_FALL_PERCENT = 33
export const INCOME_DECLARATIONS = ['incomeMarchApril2019Eur', 'incomeMarchApril2020Eur'] as const

/** True when income fell by at least 33 %, in whole cents so that 33 % exactly passes and 32.99 % does not. */
export function incomeFellEnough(income2019Eur: number, income2020Eur: number): boolean {
  const before = Math.round(income2019Eur * 100)
  const after = Math.round(income2020Eur * 100)
  return before > 0 && (before - after) * 100 >= MIN_INCOME_FALL_PERCENT * before
}

function professionalReasons(p: Positions, declarations: Record<string, boolean | number>): string[] {
  const found: string[] = []
  const gs = p.gestioneSeparata
  if (!gs || gs.kind !== 'professionista' || !runningOn({ since: gs.activeSince, until: gs.activeUntil }, DL34_FROM))
    found.push('NO_VAT_POSITION_ON_2020_05_19')
  if (employedOn19May(p) || p.cassaProfessionale !== undefined || p.ago) found.push('OTHER_COMPULSORY_SCHEME')
  const declared = INCOME_DECLARATIONS.every((name) => typeof declarations[name] === 'number')
  if (!declared) found.push('INCOME_NOT_DECLARED')
  else if (
    !incomeFellEnough(Number(declarations.incomeMarchApril2019Eur), Number(declarations.incomeMarchApril2020Eur))
  )
    found.push('INCOME_FALL_BELOW_33_PERCENT')
  // Agenzia delle Entrate data: checked only when the declaration itself qualifies.
  else if (!gs?.vatIncome || !incomeFellEnough(gs.vatIncome.marchApril2019Eur, gs.vatIncome.marchApril2020Eur))
    found.push('INCOME_FALL_NOT_CONFIRMED')
  return found
}

/** c. 3 (circ. 80/2020): a co.co.co. whose contract ceased between 24 February and 19 May 2020. */
const COCOCO_CEASED_FROM = '2020-02-24'
const cococoCeased = (p: Positions) => {
  const gs = p.gestioneSeparata
  return (
    gs?.kind === 'cococo' &&
    gs.activeUntil !== undefined &&
    gs.activeUntil >= COCOCO_CEASED_FROM &&
    gs.activeUntil <= DL34_FROM
  )
}

/** c. 6: a seasonal tourism or spa worker whose contract ended involuntarily in the art. 29 period, with no pension, job or NASpI on 19 May 2020. */
const seasonalTourism = (p: Positions) => {
  const s = p.seasonalTourism
  return (
    s !== undefined &&
    s.involuntary &&
    s.contractEndedOn >= '2019-01-01' &&
    s.contractEndedOn <= '2020-03-17' &&
    pensionKind(p) === undefined &&
    !employedOn19May(p) &&
    p.naspiOn2020_05_19 !== true
  )
}

/**
 * One service for May (opened 19 June 2020): professionals apply with their income figures (c. 2); co.co.co.
 * (c. 3) and seasonal tourism workers (c. 6) who had not had March and April apply there too. The archive
 * says which: a professional's position first. Those who had March are paid May without applying, and
 * the cumulation rule rejects their application.
 */
function reasons(p: Positions, { declarations }: EligibilityInput): string[] {
  if (p.gestioneSeparata?.kind !== 'professionista' && (cococoCeased(p) || seasonalTourism(p))) return []
  return professionalReasons(p, declarations)
}

/** DL 34 art. 84 c. 2, 3 and 6: 1,000 euro for May 2020 (docs/rules.md §14). */
export const maggioProfessionisti: BenefitDefinition = dl34Indemnity({
  code: 'indennita-maggio-professionisti',
  name: 'Indennità maggio 2020 liberi professionisti con partita IVA iscritti alla Gestione separata',
  legalBasis: 'DL 34/2020 art. 84 c. 2, 3 e 6',
  // The service opened on 19 June 2020 (INPS news of that day; docs/rules.md §14).
  opensOn: '2020-06-19',
  amountEur: 1000,
  declarations: { required: ['truthfulness', 'notPensioner', 'noOtherCompulsoryScheme'], amounts: INCOME_DECLARATIONS },
  exclusiveGroup: null,
  reasons,
  months: [{ period: MAY, amountEur: 1000 }],
  motivazioni: {
    ...DL34_REASONS,
    OTHER_COMPULSORY_SCHEME: MARCH_REASONS.OTHER_COMPULSORY_SCHEME,
    NO_VAT_POSITION_ON_2020_05_19: 'assenza di partita IVA attiva e di iscrizione alla Gestione separata al 19/05/2020',
    INCOME_NOT_DECLARED:
      'redditi dei bimestri marzo-aprile 2019 e 2020 non dichiarati: richiesti ai liberi professionisti con partita IVA',
    INCOME_FALL_BELOW_33_PERCENT:
      'riduzione del reddito del bimestre marzo-aprile 2020 inferiore al 33% rispetto al bimestre marzo-aprile 2019',
    INCOME_FALL_NOT_CONFIRMED:
      "riduzione del reddito di almeno il 33% non confermata dai dati dell'Agenzia delle Entrate",
  },
})
