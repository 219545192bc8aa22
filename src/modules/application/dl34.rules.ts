import { unprocessable } from '../../lib/errors.js'
import type { Benefit } from './benefits.rules.js'
import { DL34_FROM } from './benefits.rules.js'
import type { Positions, Verdict } from './eligibility.rules.js'
import { pensionKind } from './eligibility.rules.js'

/**
 * DL 34/2020 "Rilancio", art. 84 (docs/rules.md §14): the April and May indemnities. Pure functions of
 * the archive, the application and the Rome date; the job and the evaluation do the I/O.
 */

export const APRIL_PERIOD = '2020-04'
export const MAY_PERIOD = '2020-05'
/** c. 2: the May indemnity of professionals needs a fall of at least 33 % of the March–April income. */
const MIN_INCOME_FALL_PERCENT = 33
/** c. 8: days worked between 1 January 2019 and 31 January 2020 by seasonal (outside tourism) and intermittent workers. */
const NEW_CATEGORY_MIN_DAYS = 30
/** c. 8: occasional self-employed enrolled in the Gestione separata by 23 February 2020. */
const OCCASIONAL_ENROLLED_BY = '2020-02-23'
/** c. 8: door-to-door sellers with 2019 income above 5,000 euro. */
const DOOR_TO_DOOR_MIN_INCOME_EUR = 5000
/** c. 10: at least 7 daily contributions in 2019 and income up to 35,000 euro. */
const ENTERTAINMENT_MIN_CONTRIBUTIONS = 7
const ENTERTAINMENT_MAX_INCOME_EUR = 35_000

export const INCOME_DECLARATIONS = ['incomeMarchApril2019Eur', 'incomeMarchApril2020Eur'] as const

export const isDl34Application = (benefit: Benefit | undefined) => benefit?.availableFrom === DL34_FROM

const runningOn = (position: { since: string; until?: string } | undefined, date: string) =>
  position !== undefined && position.since <= date && (!position.until || position.until >= date)

/** A direct pension or the APE sociale exclude; the assegno ordinario di invalidità is compatible from 19 May 2020 (DL 34 art. 75). */
function pensionReasons(p: Positions): string[] {
  const kind = pensionKind(p)
  return kind === 'diretta' ? ['PENSIONER'] : kind === 'ape_sociale' ? ['APE_SOCIALE'] : []
}

const employedOn19May = (p: Positions) => runningOn(p.employee, DL34_FROM)

/** The two income figures of the May application of professionals, as numbers (422 otherwise). */
export function checkIncomeDeclarations(benefit: Benefit, declarations: Record<string, boolean | number>): void {
  if (benefit.code !== 'indennita-maggio-professionisti') return
  const missing = INCOME_DECLARATIONS.filter((name) => typeof declarations[name] !== 'number')
  if (missing.length > 0) {
    throw unprocessable('MISSING_DECLARATION', `These declarations must be amounts in euro: ${missing.join(', ')}`, {
      errors: missing.map((name) => ({ field: `/declarations/${name}`, message: 'must be a number' })),
    })
  }
}

/** True when income fell by at least 33 %, in whole cents so that 33 % exactly passes and 32.99 % does not. */
export function incomeFellEnough(income2019Eur: number, income2020Eur: number): boolean {
  const before = Math.round(income2019Eur * 100)
  const after = Math.round(income2020Eur * 100)
  return before > 0 && (before - after) * 100 >= MIN_INCOME_FALL_PERCENT * before
}

/**
 * c. 13: a citizenship-income recipient is not excluded; the indemnity tops the monthly citizenship
 * income up to the indemnity's amount, so 0 when the citizenship income is as high or higher.
 */
export function topUpCitizenshipIncome(indemnityEur: number, citizenshipIncomeMonthlyEur: number | undefined): number {
  return Math.max(0, Math.round(indemnityEur - (citizenshipIncomeMonthlyEur ?? 0)))
}

function maggioProfessionistiReasons(p: Positions, declarations: Record<string, boolean | number>): string[] {
  const reasons: string[] = []
  const gs = p.gestioneSeparata
  if (!gs || gs.kind !== 'professionista' || !runningOn({ since: gs.activeSince, until: gs.activeUntil }, DL34_FROM))
    reasons.push('NO_VAT_POSITION_ON_2020_05_19')
  if (employedOn19May(p) || p.cassaProfessionale !== undefined || p.ago) reasons.push('OTHER_COMPULSORY_SCHEME')
  const declared = incomeFellEnough(
    Number(declarations.incomeMarchApril2019Eur),
    Number(declarations.incomeMarchApril2020Eur),
  )
  if (!declared) reasons.push('INCOME_FALL_BELOW_33_PERCENT')
  // Agenzia delle Entrate data: checked only when the declaration itself qualifies.
  else if (!gs?.vatIncome || !incomeFellEnough(gs.vatIncome.marchApril2019Eur, gs.vatIncome.marchApril2020Eur))
    reasons.push('INCOME_FALL_NOT_CONFIRMED')
  return reasons
}

function newCategoryReasons(p: Positions): string[] {
  const qualifies =
    (p.seasonalOtherSectors?.daysWorked ?? 0) >= NEW_CATEGORY_MIN_DAYS ||
    (p.intermittent?.daysWorked ?? 0) >= NEW_CATEGORY_MIN_DAYS ||
    (p.occasionalSelfEmployed !== undefined &&
      p.occasionalSelfEmployed.enrolledSince <= OCCASIONAL_ENROLLED_BY &&
      p.gestioneSeparata?.kind !== 'professionista') ||
    (p.doorToDoorSeller?.income2019Eur ?? 0) > DOOR_TO_DOOR_MIN_INCOME_EUR
  return qualifies ? [] : ['NOT_A_NEW_CATEGORY']
}

function entertainmentReasons(p: Positions): string[] {
  const e = p.entertainment
  const reasons: string[] = []
  if ((e?.contributions2019 ?? 0) < ENTERTAINMENT_MIN_CONTRIBUTIONS)
    reasons.push('INSUFFICIENT_ENTERTAINMENT_CONTRIBUTIONS_2019_DL34')
  if (e && e.income2019Eur > ENTERTAINMENT_MAX_INCOME_EUR) reasons.push('INCOME_2019_ABOVE_35000')
  return reasons
}

/** The months one accepted DL 34 application pays, each with the amount before any citizenship-income top-up. */
function monthsOf(benefit: Benefit): Array<{ period: string; amountEur: number }> {
  return benefit.code === 'indennita-maggio-professionisti'
    ? [{ period: MAY_PERIOD, amountEur: benefit.amountEur }]
    : [
        { period: APRIL_PERIOD, amountEur: benefit.amountEur },
        { period: MAY_PERIOD, amountEur: benefit.amountEur },
      ]
}

export type Dl34Verdict =
  | (Verdict & { eligible: false })
  | { eligible: true; amountEur: number; instalments: Array<{ period: string; amountEur: number }>; notes: string[] }

/** c. 2, c. 8, c. 10 and c. 13 for an application of one of the three DL 34 benefits. */
export function evaluateDl34Application(
  benefit: Benefit,
  positions: Positions | undefined,
  declarations: Record<string, boolean | number>,
): Dl34Verdict {
  if (!positions) return { eligible: false, reasons: ['NOT_IN_ARCHIVE'] }
  const reasons = pensionReasons(positions)
  if (benefit.code === 'indennita-maggio-professionisti')
    reasons.push(...maggioProfessionistiReasons(positions, declarations))
  else {
    if (employedOn19May(positions)) reasons.push('EMPLOYED_ON_2020_05_19')
    reasons.push(
      ...(benefit.code === 'indennita-nuove-categorie'
        ? newCategoryReasons(positions)
        : entertainmentReasons(positions)),
    )
  }
  if (reasons.length > 0) return { eligible: false, reasons }
  const rdc = positions.citizenshipIncomeMonthlyEur
  const instalments = monthsOf(benefit).map((m) => ({
    period: m.period,
    amountEur: topUpCitizenshipIncome(m.amountEur, rdc),
  }))
  const amountEur = instalments.reduce((sum, m) => sum + m.amountEur, 0)
  if (amountEur === 0) return { eligible: false, reasons: ['CITIZENSHIP_INCOME_NOT_LOWER'] }
  return {
    eligible: true,
    amountEur,
    instalments: instalments.filter((m) => m.amountEur > 0),
    notes: rdc ? ['CITIZENSHIP_INCOME_TOP_UP'] : [],
  }
}

/** What the automatic job pays for one accepted March application: period, amount after top-up, and why it is what it is. */
export interface AutomaticInstalment {
  period: string
  amountEur: number
  /** A reason code of the top-up (c. 13), when the citizenship income reduced the amount. */
  note?: string
}

/**
 * c. 1, 3, 5, 6, 7, 10: April for the March beneficiaries of arts. 27, 28, 29, 38 (600 euro) and 30 (500 euro);
 * May (1,000 euro) for co.co.co. whose contract had ended by 19 May 2020 and seasonal tourism workers with
 * no pension, job or NASpI on that day; May (600 euro) for art. 38. Instalments topped down to 0 are left out.
 */
export function automaticInstalments(marchBenefitCode: string, p: Positions | undefined): AutomaticInstalment[] {
  const months: Array<{ period: string; amountEur: number }> = []
  switch (marchBenefitCode) {
    case 'indennita-professionisti-cococo': {
      months.push({ period: APRIL_PERIOD, amountEur: 600 })
      const gs = p?.gestioneSeparata
      if (gs?.kind === 'cococo' && gs.activeUntil !== undefined && gs.activeUntil <= DL34_FROM)
        months.push({ period: MAY_PERIOD, amountEur: 1000 })
      break
    }
    case 'indennita-autonomi-ago':
      months.push({ period: APRIL_PERIOD, amountEur: 600 })
      break
    case 'indennita-stagionali-turismo':
      months.push({ period: APRIL_PERIOD, amountEur: 600 })
      if (p && pensionReasons(p).length === 0 && !employedOn19May(p) && p.naspiOn2020_05_19 !== true)
        months.push({ period: MAY_PERIOD, amountEur: 1000 })
      break
    case 'indennita-agricoli':
      months.push({ period: APRIL_PERIOD, amountEur: 500 })
      break
    case 'indennita-spettacolo':
      months.push({ period: APRIL_PERIOD, amountEur: 600 }, { period: MAY_PERIOD, amountEur: 600 })
      break
  }
  const rdc = p?.citizenshipIncomeMonthlyEur
  return months
    .map((m) => ({
      period: m.period,
      amountEur: topUpCitizenshipIncome(m.amountEur, rdc),
      ...(rdc ? { note: 'CITIZENSHIP_INCOME_TOP_UP' } : {}),
    }))
    .filter((m) => m.amountEur > 0)
}

/** The motivazioni of the DL 34 rules, in Italian (docs/rules.md §14). */
export const DL34_REASON_DESCRIPTIONS: Readonly<Record<string, string>> = {
  NO_VAT_POSITION_ON_2020_05_19: 'assenza di partita IVA attiva e di iscrizione alla Gestione separata al 19/05/2020',
  INCOME_FALL_BELOW_33_PERCENT:
    'riduzione del reddito del bimestre marzo-aprile 2020 inferiore al 33% rispetto al bimestre marzo-aprile 2019',
  INCOME_FALL_NOT_CONFIRMED:
    "riduzione del reddito di almeno il 33% non confermata dai dati dell'Agenzia delle Entrate",
  EMPLOYED_ON_2020_05_19: 'titolarità di un rapporto di lavoro dipendente al 19/05/2020',
  NOT_A_NEW_CATEGORY:
    'assenza dei requisiti dei lavoratori stagionali, intermittenti, autonomi occasionali o incaricati di vendite a domicilio (art. 84 c. 8 DL 34/2020)',
  INSUFFICIENT_ENTERTAINMENT_CONTRIBUTIONS_2019_DL34:
    'meno di 7 contributi giornalieri al Fondo pensioni lavoratori dello spettacolo nel 2019',
  INCOME_2019_ABOVE_35000: 'reddito 2019 superiore a 35.000 euro',
  ART38_PAID_AUTOMATICALLY:
    "già beneficiario dell'indennità di marzo per i lavoratori dello spettacolo (art. 38 DL 18/2020): le indennità di aprile e maggio sono erogate d'ufficio",
  CITIZENSHIP_INCOME_NOT_LOWER:
    "importo mensile del Reddito di cittadinanza pari o superiore all'indennità: nessuna integrazione dovuta (art. 84 c. 13 DL 34/2020)",
  CITIZENSHIP_INCOME_TOP_UP:
    "indennità corrisposta a integrazione del Reddito di cittadinanza fino all'importo dell'indennità (art. 84 c. 13 DL 34/2020)",
}
