import type { ContactsJson, Json, ResidenceJson, Timestamp } from '../../db/database.js'
import type { Generated } from 'kysely'

export type PinRequestStatus = 'issued' | 'pending_validation' | 'superseded'

export interface PinRequestsTable {
  id: string
  codice_fiscale: string
  channel: 'web' | 'contact_center'
  status: PinRequestStatus
  /** firstName, lastName, birthDate, sex, birthPlace, residence, assistancePhone: as the citizen gave them. */
  personal_data: Json<PinRequestPersonalData>
  contacts: Json<ContactsJson>
  first_half_channel: 'sms' | 'email'
  address_matched: boolean
  operator_id: string | null
  requested_at: Timestamp
  issued_at: Timestamp | null
  validated_at: Timestamp | null
  validated_by: string | null
  /** Set when a web request was answered like any other but refused (the PIN is already activated). */
  refused_reason: 'pin_already_active' | null
}

export interface PinRequestPersonalData {
  firstName: string
  lastName: string
  birthDate: string
  sex: 'M' | 'F'
  birthPlace: string
  residence: ResidenceJson
  assistancePhone: string
}

export type CredentialLevel = 'ordinario' | 'dispositivo'

/** docs/rules.md §3 (circ. 87/2020): a PIN issued to an exception after the end of new PINs serves only its holder's own services. */
export type PinScope = 'own_services'

export interface PinCredentialsTable {
  codice_fiscale: string
  pin_request_id: string | null
  state: 'issued' | 'active'
  level: CredentialLevel
  first_name: string
  last_name: string
  contacts: Json<ContactsJson>
  first_half_hash: string | null
  second_half_hash: string | null
  pin_hash: string | null
  previous_pin_hash: string | null
  pin_set_at: Timestamp
  version: Generated<number>
  /** Null: every service. */
  scope: Generated<PinScope | null>
  created_at: Timestamp
  updated_at: Timestamp
}

declare module '../../db/database.js' {
  interface Database {
    pin_requests: PinRequestsTable
    pin_credentials: PinCredentialsTable
  }
}
