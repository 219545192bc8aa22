import type { Static } from 'typebox'
import type { HouseholdFacts, Positions as PositionsSchema } from '../../../core/archive/persons.schemas.js'
import type { AuthLevel } from '../../../core/auth/auth.types.js'
import type { ApplicationDetails, ChildJson, PaymentJson, PeriodJson } from '../application.table.js'

/** What an application body says of its payment and use, as application.schemas.ts validates it. */
export interface PaymentRequest {
  payment?: { method: 'iban' | 'iban_sepa' | 'post_office'; iban?: string }
  use?: 'baby_sitting' | 'centri_estivi'
}

/** The body's sections that only some benefits take, as application.schemas.ts validates them. */
export interface ApplicationRequest extends PaymentRequest {
  centriEstivi?: { expenseEur: number; periods: Array<{ from: string; to: string }> }
}

/** The archive positions the decrees look at, as the archive API accepts them. */
export type Positions = Static<typeof PositionsSchema>

/** One month a benefit pays (period YYYY-MM) and how much. */
export interface Month {
  period: string
  amountEur: number
  /**
   * DL 34 art. 84 c. 13: a citizenship-income recipient's indemnity is paid as a top-up on the RdC card,
   * not to the IBAN of the application.
   */
  throughCitizenshipIncome?: true
  /** Paid this many days after the application's first value date (a later instalment of one grant). */
  paidAfterDays?: number
}

export type Verdict =
  | { eligible: false; reasons: string[] }
  /** `notes`: reason codes kept on an accepted application (a top-up, a reduced amount). */
  | { eligible: true; months: Month[]; notes?: string[] }

/** One member of the applicant's nucleo familiare, as the archive has them. */
export interface HouseholdMember {
  codiceFiscale: string
  birthDate: string
  positions: Positions
}

/** The applicant's household, for the benefits of a household (`onePerHousehold`). */
export interface HouseholdView {
  /** The household's facts: the applicant's record's, else the first member's that has any. */
  facts: HouseholdFacts
  /** Every member, the applicant included (the applicant alone without a household id). */
  members: HouseholdMember[]
  /** The benefits of the members' accepted applications (this one left out), with their cumulation group. */
  benefitsGranted: Array<{ benefitCode: string; cumulationGroup?: string }>
}

/** What an evaluation knows: the archive as it is, the application, and the emulated Rome dates. */
export interface EligibilityInput {
  positions: Positions
  declarations: Record<string, boolean | number>
  children: ChildJson[]
  payment: PaymentJson
  /** What the definition's `details` kept of the body (absent or null: nothing). */
  details?: ApplicationDetails | null
  /** Rome date of the evaluation and of the filing (YYYY-MM-DD). */
  today: string
  submittedOn: string
  /** For benefits with a household maximum: what the household's accepted applications were granted. */
  householdGrantedEur: number
  /** For benefits of a household (`onePerHousehold`): its members, facts and what they were granted. */
  household?: HouseholdView
  /** The days of leave the application asks for (benefits that take periods), checked against the window. */
  periods: PeriodJson[]
  /**
   * For benefits of an alternative group: the household's accepted applications of the group (this
   * benefit's included), read under the household's lock.
   */
  alternatives: HouseholdGrant[]
}

/** An accepted application of the household, as the alternative rules weigh it. */
export interface HouseholdGrant {
  benefitCode: string
  codiceFiscale: string
  amountEur: number
  periods: PeriodJson[]
}

export interface BenefitCalendar {
  /** Rome day applications open; without it, the day the DL 18 procedures opened (APPLICATIONS_OPEN_ON). */
  opensOn?: string
  /** Last Rome day to apply (a setting may override it, per benefit code); none: no end. */
  lastDay?: string
  /** The March indemnities: MARCH_INDEMNITIES_LAST_DAY, or _EXTENDED for the applicants `extendedFor` names. */
  marchDeadline?: { extendedFor(positions: Positions): boolean }
  /** Later windows (a later decree opened the benefit again): closed between them, open within (Rome days). */
  reopens?: ReadonlyArray<{ opensOn: string; lastDay: string }>
}

/**
 * One benefit, whole: the generic machinery (catalogue, calendar, submission, evaluation, instalment
 * job, payments, riesame, texts) reads this and nothing else about it. docs/architecture.md, "Add a benefit".
 */
export interface BenefitDefinition {
  code: string
  /** Italian name, as the receipt and the letters give it. */
  name: string
  legalBasis: string
  /** The headline amount of the catalogue, as of a Rome date. */
  amountEur(today: string): number
  /** Rome day the benefit exists from (its decree); it is absent from the catalogue before. */
  listedFrom?: string
  calendar: BenefitCalendar
  allowedAuthLevels: readonly AuthLevel[]
  /** Declarations (DPR 445/2000) that must be sent as true, and amounts in euro that are sent together, as numbers. */
  declarations: { required: readonly string[]; amounts?: readonly string[] }
  /** Benefits of one group are one application per person (submission: 409 INCOMPATIBLE_BENEFIT). */
  exclusiveGroup: string | null
  /**
   * Benefits of one cumulation group never pay the same month twice to a person (DL 18 art. 31, DL 34
   * art. 86): an application whose months overlap an accepted one's is rejected NOT_CUMULABLE.
   */
  cumulationGroup?: string
  /** Applications are one per person and round: a benefit that could be asked again under a later decree says which round a filing day is. */
  roundOf?(submittedOn: string): string
  /**
   * A benefit of the household: one application per household and round, whichever member files it
   * (submission: 409 HOUSEHOLD_ALREADY_APPLIED; a rejection lets the household apply again), and the
   * eligibility is given the household.
   */
  onePerHousehold?: true
  /** A CAF (operator role caf) may file it under mandate; for other benefits a CAF gets 403 INTERMEDIARY_NOT_ALLOWED. */
  filedByCaf?: true
  /** Children the application names (baby-sitting): required and checked when true, refused otherwise. */
  takesChildren?: boolean
  /** Payment of the application; without it, a payment {method, iban?} is required (docs/rules.md §6). */
  payment?(body: PaymentRequest, today: string): PaymentJson
  /**
   * The body's sections that only this benefit takes (the centri estivi expense and periods), checked (422)
   * and kept as they are returned, by body field name; shown back on the application. Without it, such a
   * section is refused (422 DETAILS_NOT_ALLOWED).
   */
  details?(body: ApplicationRequest, payment: PaymentJson): ApplicationDetails | null
  /**
   * Documents an application waits for before its evaluation (status awaiting_documents until POST
   * /api/v1/applications/{id}/documents): each form file field with its accepted types. Undefined: none.
   */
  documents?(payment: PaymentJson): Readonly<Record<string, readonly string[]>> | undefined
  /** What an application of this benefit pays for, shown as `use` (the baby-sitting bonus: baby-sitting or summer centres). */
  useOf?(payment: PaymentJson): 'baby_sitting' | 'centri_estivi'
  /** The household's accepted applications of this benefit count against one maximum (baby-sitting). */
  householdMaximum?: true
  /**
   * Days of leave the application asks for (congedo COVID): periods {from, to} required, each within the
   * window of the filing day (422 PERIOD_OUTSIDE_WINDOW), and refused for other benefits. An application
   * with periods claims none of its children: both parents may name the same child (migrations/0020).
   */
  takesPeriods?: { window(submittedOn: string): { from: string; to: string } }
  /**
   * Benefits a household takes in alternative to each other (DL 18 art. 23 c. 8: the congedo COVID or the
   * baby-sitting bonus): one lock per household and group serialises their evaluations, and each sees the
   * household's accepted applications of the group (EligibilityInput.household).
   */
  alternativeGroup?: string
  eligibility(input: EligibilityInput): Verdict
  /**
   * Later months paid without a new application to the beneficiaries of an accepted one, from a Rome day
   * (DL 34: April and May to the March beneficiaries). Empty: nothing is paid.
   */
  automatic?: { from: string; months(positions: Positions | undefined): Month[] }
  /**
   * What this benefit pays, without an application, to the beneficiaries of OTHER benefits (DL 104 art. 9
   * to those of the DL 18 and DL 34 indemnities, DL 137 art. 15 to those of DL 104): from a Rome day, once
   * per accepted application of `benefitCodes`, with that application's payment details; the payments
   * are this benefit's. `months` may look at the archive and at the benefit paid through; empty: nothing.
   * The cumulation rule counts these months as this benefit's, granted to that application.
   */
  paidAutomaticallyTo?: {
    from: string
    benefitCodes: readonly string[]
    months(positions: Positions | undefined, throughBenefit: string): Month[]
  }
  /** Whether an accepted application is paid (scheduled payments); false: credited elsewhere (Libretto Famiglia). */
  paid?(payment: PaymentJson): boolean
  /** Riesame: from a Rome day (earlier: 409 RIESAME_NOT_OPEN), within `days` of the later of that day and the rejection. */
  riesame: { opensOn: string; days: number }
  /** The motivazioni of this benefit's reason codes, in Italian. */
  reasons: Readonly<Record<string, string>>
  /** A sentence added to the acceptance letter (how the benefit reaches the applicant). */
  acceptedNote?(evaluatedOn: string): string
}
