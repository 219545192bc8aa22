import { AUTH_LEVELS } from '../../../core/auth/auth.types.js'
import type { BenefitDefinition, EligibilityInput, HouseholdMember, HouseholdView, Month } from './definition.js'
import { COVID_INDEMNITIES } from './march-indemnity.js'
import { DL34_FROM, pensionKind, receivesCitizenshipIncome, runningOn } from './positions.rules.js'

/** docs/rules.md §19: msg 2131 of 22/5/2020 opened the service; DL 52/2020 art. 2 moved the 30 June deadline to 31 July. */
export const REM_OPENS_ON = '2020-05-22'
export const REM_LAST_DAY = '2020-07-31'
/** DL 104 art. 23, circ. 102 of 11/9/2020: one further quota, applications 15 September - 15 October 2020. */
export const REM_DL104 = { round: 'dl104', opensOn: '2020-09-15', lastDay: '2020-10-15' } as const

/** Art. 82 c. 5: each quota is 400 euro times the RdC equivalence scale, at most 2 (2.1 with a severely disabled member). */
const QUOTA_BASE_EUR = 400
/** Art. 82 c. 2 d): ISEE below 15,000 euro. */
const ISEE_BELOW_EUR = 15_000
/** Art. 82 c. 2 c): movable assets below 10,000 euro, plus 5,000 per member after the first, at most 20,000 (25,000 with a severely disabled member). */
const ASSETS = { firstEur: 10_000, perMemberEur: 5_000, maxEur: 20_000, disabilityEur: 5_000 } as const
/** DL 104 art. 23 c. 1 b): the indemnities of DL 104 arts. 9, 10, 12, as their definitions are coded. */
const DL104_INDEMNITIES: readonly string[] = ['indennita-dl104']
/** The emulator's choice: the second quota goes out a month after the first (no INPS text gives the dates). */
const SECOND_QUOTA_AFTER_DAYS = 30

/** The month after a YYYY-MM period. */
function nextPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number)
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`
}

const adultOn = (birthDate: string, onDate: string) =>
  `${Number(birthDate.slice(0, 4)) + 18}${birthDate.slice(4)}` <= onDate

const disabledMember = (members: readonly HouseholdMember[]) => members.some((m) => m.positions.severeDisability)

/**
 * DL 4/2019 art. 2 c. 4, in tenths: 1 for the first member, 0.4 for each further adult, 0.2 for each
 * further minor; art. 82 c. 5 caps it at 2, or 2.1 with a severely disabled or non-self-sufficient member.
 */
export function equivalenceScaleTenths(members: readonly HouseholdMember[], onDate: string): number {
  const adults = members.filter((m) => adultOn(m.birthDate, onDate)).length
  const minors = members.length - adults
  // The applicant is of age: the first member is an adult whenever there is one.
  const tenths = 10 + (adults > 0 ? (adults - 1) * 4 + minors * 2 : (minors - 1) * 2)
  return Math.min(tenths, disabledMember(members) ? 21 : 20)
}

/** Art. 82 c. 5: one quota in euro (400 to 800, 840 with a severely disabled member). */
export const quotaEur = (members: readonly HouseholdMember[], onDate: string) =>
  (QUOTA_BASE_EUR * equivalenceScaleTenths(members, onDate)) / 10

/** Art. 82 c. 2 c): the movable assets threshold of the household. */
export function movableAssetsThresholdEur(members: readonly HouseholdMember[]): number {
  const max = ASSETS.maxEur + (disabledMember(members) ? ASSETS.disabilityEur : 0)
  return Math.min(ASSETS.firstEur + ASSETS.perMemberEur * Math.max(0, members.length - 1), max)
}

const roundOf = (submittedOn: string) => (submittedOn >= REM_DL104.opensOn ? REM_DL104.round : '')

/** Art. 82 c. 3 (both rounds) and DL 104 art. 23 c. 1 b) (the further quota): a member's COVID indemnity excludes. */
function hadIndemnity(household: HouseholdView, round: string): boolean {
  return household.benefitsGranted.some(
    (b) =>
      b.cumulationGroup === COVID_INDEMNITIES ||
      (round === REM_DL104.round && DL104_INDEMNITIES.includes(b.benefitCode)),
  )
}

/** Art. 82 c. 3 a)-c): what a member holds at the time of the application. */
function memberReasons(m: HouseholdMember, submittedOn: string, quota: number): string[] {
  const p = m.positions
  const reasons: string[] = []
  const pension = pensionKind(p)
  // A direct or indirect pension (superstiti) excludes; the assegno ordinario di invalidità does not.
  if (pension === 'diretta' || pension === 'superstiti') reasons.push('MEMBER_PENSION')
  // Gross pay above the Rem amount; an employment whose pay the archive does not give counts as above.
  if (runningOn(p.employee, submittedOn) && (p.employee?.grossMonthlyPayEur ?? Infinity) > quota)
    reasons.push('MEMBER_EMPLOYED_ABOVE_THRESHOLD')
  if (receivesCitizenshipIncome(p)) reasons.push('MEMBER_CITIZENSHIP_INCOME')
  return reasons
}

function remVerdict({ household, positions, submittedOn, today }: EligibilityInput) {
  const view: HouseholdView = household ?? {
    facts: {},
    members: [{ codiceFiscale: '', birthDate: '1900-01-01', positions }],
    benefitsGranted: [],
  }
  const round = roundOf(submittedOn)
  const quota = quotaEur(view.members, submittedOn)
  const { isee, movableAssets2019Eur, monthlyIncomeEur } = view.facts
  const income = round === REM_DL104.round ? monthlyIncomeEur?.may2020 : monthlyIncomeEur?.april2020
  const reasons = [
    ...(!isee ? ['NO_VALID_DSU'] : isee.valueEur >= ISEE_BELOW_EUR ? ['ISEE_ABOVE_THRESHOLD'] : []),
    ...((income ?? 0) >= quota ? ['HOUSEHOLD_INCOME_ABOVE_THRESHOLD'] : []),
    ...((movableAssets2019Eur ?? 0) >= movableAssetsThresholdEur(view.members)
      ? ['MOVABLE_ASSETS_ABOVE_THRESHOLD']
      : []),
    ...(hadIndemnity(view, round) ? ['MEMBER_COVID_INDEMNITY'] : []),
    ...new Set(view.members.flatMap((m) => memberReasons(m, submittedOn, quota))),
  ]
  if (reasons.length > 0) return { eligible: false as const, reasons }
  const period = today.slice(0, 7)
  // Art. 82 c. 1: two quotas; DL 104 art. 23: one more, a single quota.
  const months: Month[] =
    round === REM_DL104.round
      ? [{ period, amountEur: quota }]
      : [
          { period, amountEur: quota },
          { period: nextPeriod(period), amountEur: quota, paidAfterDays: SECOND_QUOTA_AFTER_DAYS },
        ]
  return { eligible: true as const, months }
}

/**
 * Reddito di Emergenza (DL 34/2020 art. 82; DL 104/2020 art. 23), docs/rules.md §19: a benefit of the
 * household, one application per nucleo and round, filed by a member, a patronato or a CAF.
 */
export const redditoEmergenza: BenefitDefinition = {
  code: 'reddito-emergenza',
  name: 'Reddito di Emergenza (REm)',
  legalBasis: 'DL 34/2020 art. 82; DL 52/2020 art. 2; DL 104/2020 art. 23',
  amountEur: () => QUOTA_BASE_EUR,
  listedFrom: DL34_FROM,
  calendar: { opensOn: REM_OPENS_ON, lastDay: REM_LAST_DAY, reopens: [REM_DL104] },
  allowedAuthLevels: [...AUTH_LEVELS],
  declarations: { required: ['truthfulness'] },
  exclusiveGroup: null,
  roundOf,
  onePerHousehold: true,
  filedByCaf: true,
  eligibility: remVerdict,
  // No INPS text on a Rem riesame was found: the emulator keeps the 20 days of the indemnities, from the opening.
  riesame: { opensOn: REM_OPENS_ON, days: 20 },
  reasons: {
    NO_VALID_DSU: 'assenza di una DSU valida al momento della domanda: presentare la DSU e una nuova domanda',
    ISEE_ABOVE_THRESHOLD: 'valore ISEE pari o superiore a 15.000 euro',
    HOUSEHOLD_INCOME_ABOVE_THRESHOLD:
      "reddito familiare del mese di riferimento (aprile 2020; maggio 2020 per la quota del DL 104) non inferiore all'importo del Reddito di Emergenza",
    MOVABLE_ASSETS_ABOVE_THRESHOLD: 'patrimonio mobiliare familiare 2019 non inferiore alla soglia',
    MEMBER_COVID_INDEMNITY: "presenza nel nucleo di un componente che percepisce o ha percepito un'indennità COVID-19",
    MEMBER_PENSION: 'presenza nel nucleo di un titolare di pensione diretta o indiretta',
    MEMBER_EMPLOYED_ABOVE_THRESHOLD:
      "presenza nel nucleo di un lavoratore dipendente con retribuzione lorda superiore all'importo del Reddito di Emergenza",
    MEMBER_CITIZENSHIP_INCOME: 'presenza nel nucleo di un percettore del reddito di cittadinanza',
  },
  acceptedNote: (evaluatedOn) =>
    evaluatedOn >= REM_DL104.opensOn
      ? 'Il Reddito di Emergenza è pagato in una quota unica (DL 104/2020, art. 23).'
      : 'Il Reddito di Emergenza è pagato in due quote mensili.',
}
