import type { Generated } from 'kysely'
import type { Json, Timestamp } from '../../db/database.js'

export type ApplicationChannel = 'web' | 'contact_center' | 'patronato' | 'caf'
export type ApplicationStatus = 'submitted' | 'accepted' | 'rejected'

export interface PaymentJson {
  /** libretto_famiglia: the baby-sitting bonus, credited on the Libretto Famiglia rather than paid (docs/rules.md §13). */
  method: 'iban' | 'iban_sepa' | 'post_office' | 'libretto_famiglia'
  iban?: string
}

export interface ChildJson {
  codiceFiscale: string
  birthDate: string
  severeDisability?: boolean
}

/** Days of leave an application asks for (congedo COVID), Rome dates, both ends included. */
export interface PeriodJson {
  from: string
  to: string
}

/** The sections of an application body that a benefit's definition checked and keeps, by body field name. */
export type ApplicationDetails = Readonly<Record<string, unknown>>

export interface ApplicationsTable {
  id: string
  protocol_number: string
  codice_fiscale: string
  benefit_code: string
  exclusive_group: string | null
  /** Applications are one per person, benefit and round (migrations/0018). */
  round: string
  /** The household an application of a household benefit claims (migrations/0021); null for the others. */
  household_key: string | null
  channel: ApplicationChannel
  filed_by: string | null
  patronato: string | null
  auth_level: string
  payment: Json<PaymentJson>
  declarations: Json<Record<string, boolean | number>>
  children: Json<ChildJson[]>
  /** Days of leave asked for (migrations/0020); empty for the other benefits. */
  periods: Json<PeriodJson[]>
  status: ApplicationStatus
  /** Reason codes (docs/rules.md §11); descriptions are added when read. */
  reasons: Json<string[]>
  /** Euro and cents (numeric, migrations/0020). */
  amount_eur: number | null
  payment_date: string | null
  submitted_at: Timestamp
  evaluated_at: Timestamp | null
  libretto_registered_at: Timestamp | null
  riesame_requested_at: Timestamp | null
  riesame_note: string | null
  riesame_outcome: 'accepted' | 'rejected' | null
  documents_received_at: Timestamp | null
  /** What the benefit asks beyond the common fields (migrations/0019); null: nothing. */
  details: Json<ApplicationDetails | null> | null
  /** The definition wants documents before the evaluation, as a foreign SEPA IBAN does (migrations/0019). */
  documents_required: Generated<boolean>
}

export interface IdempotencyKeysTable {
  caller: string
  key: string
  request_hash: string
  application_id: string
  created_at: Timestamp
}

export interface PatronatoMandatesTable {
  id: string
  patronato: string
  codice_fiscale: string
  granted_by: string
  created_at: Timestamp
}

declare module '../../db/database.js' {
  interface Database {
    applications: ApplicationsTable
    idempotency_keys: IdempotencyKeysTable
    patronato_mandates: PatronatoMandatesTable
  }
}
