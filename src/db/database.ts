import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { ApplicationsTable, IdempotencyKeysTable, PatronatoMandatesTable } from '../modules/application/application.table.js'

/** Typed tables: the one place where the schema of migrations/ is described to the compiler. */

type Timestamp = ColumnType<Date, Date | string, Date | string>
/** jsonb: written as a JSON string (both drivers accept it), read back parsed. */
type Json<T> = ColumnType<T, string, string>

export interface EmulatorClockTable {
  id: Generated<number>
  offset_ms: ColumnType<number, number, number>
  frozen_at: Timestamp | null
}

export interface EmulatorStateTable {
  key: string
  value: Json<unknown>
}

export interface PersonsTable {
  codice_fiscale: string
  first_name: string
  last_name: string
  birth_date: string
  sex: 'M' | 'F'
  birth_place: string
  residence: Json<ResidenceJson>
  contacts: Json<ContactsJson>
  positions: Json<Record<string, unknown>>
  updated_at: Generated<Date>
}

export interface ResidenceJson {
  street: string
  postalCode: string
  municipality: string
  province: string
}

export interface ContactsJson {
  mobile?: string
  email?: string
  pec?: string
}

export interface OfficesTable {
  code: string
  name: string
  open: boolean
  closed_since: string | null
  updated_at: Generated<Date>
}

export type OperatorRole = 'contact_center' | 'patronato' | 'intermediario' | 'backoffice' | 'office'

/** Operators belong to one; a patronato is one (migration 0008). */
export interface OrganisationsTable {
  id: string
  name: string | null
  kind: OperatorRole
  created_at: Generated<Date>
}

export interface OperatorsTable {
  id: string
  role: OperatorRole
  organisation_id: string
  office_code: string | null
  pin_hash: string
  pin_set_at: Timestamp
  previous_pin_hash: string | null
  version: Generated<number>
  created_at: Generated<Date>
}

export type OutboxChannel = 'sms' | 'email' | 'pec' | 'post'
export type PinPart = 'first' | 'second' | 'full'

export interface OutboxTable {
  id: string
  seq: Generated<number>
  codice_fiscale: string | null
  channel: OutboxChannel
  recipient: string
  subject: string
  body: string
  pin_part: PinPart | null
  secret: string | null
  created_at: Timestamp
  deliver_at: Timestamp
}

export type ActorType = 'citizen' | 'operator' | 'emulator' | 'system' | 'anonymous'

export interface AuditEventsTable {
  id: string
  seq: Generated<number>
  occurred_at: Timestamp
  actor_type: ActorType
  actor_id: string | null
  codice_fiscale: string | null
  channel: string | null
  action: string
  outcome: 'success' | 'failure'
  detail: Json<Record<string, unknown>>
  request_id: string | null
}

export interface SigningKeysTable {
  kid: string
  alg: string
  public_jwk: Json<Record<string, unknown>>
  private_jwk: Json<Record<string, unknown>>
  created_at: Generated<Date>
}

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
  created_at: Timestamp
  updated_at: Timestamp
}

export interface LoginAttemptsTable {
  subject: string
  failed_attempts: Generated<number>
  locked_until: Timestamp | null
  updated_at: Generated<Date>
}

export interface Database {
  emulator_clock: EmulatorClockTable
  emulator_state: EmulatorStateTable
  persons: PersonsTable
  offices: OfficesTable
  operators: OperatorsTable
  organisations: OrganisationsTable
  outbox: OutboxTable
  audit_events: AuditEventsTable
  signing_keys: SigningKeysTable
  pin_requests: PinRequestsTable
  pin_credentials: PinCredentialsTable
  login_attempts: LoginAttemptsTable
  applications: ApplicationsTable
  idempotency_keys: IdempotencyKeysTable
  patronato_mandates: PatronatoMandatesTable
  faults: FaultsTable
  rate_limits: RateLimitsTable
  pin_dispositivo_requests: PinDispositivoRequestsTable
  pin_dispositivo_documents: PinDispositivoDocumentsTable
  idp_keys: IdpKeysTable
  used_assertions: UsedAssertionsTable
}

export type PersonRow = Selectable<PersonsTable>
export type NewPerson = Insertable<PersonsTable>
export type OfficeRow = Selectable<OfficesTable>
export type OperatorRow = Selectable<OperatorsTable>
export type NewOperator = Insertable<OperatorsTable>
export type OperatorUpdate = Updateable<OperatorsTable>
export type OrganisationRow = Selectable<OrganisationsTable>
export type OutboxRow = Selectable<OutboxTable>
export type AuditEventRow = Selectable<AuditEventsTable>
export type PinRequestRow = Selectable<PinRequestsTable>
export type PinCredentialRow = Selectable<PinCredentialsTable>
export type LoginAttemptRow = Selectable<LoginAttemptsTable>

export type DispositivoRequestStatus = 'under_review' | 'approved' | 'rejected'
export type DispositivoChannel = 'web' | 'fax'
export type DocumentField = 'module' | 'identityDocument'

export interface PinDispositivoRequestsTable {
  id: string
  seq: Generated<number>
  codice_fiscale: string
  channel: DispositivoChannel
  status: DispositivoRequestStatus
  reason: string | null
  /** The Contact Center operator who filed a fax. */
  filed_by: string | null
  submitted_at: Timestamp
  decided_at: Timestamp | null
  decided_by: string | null
}

export interface PinDispositivoDocumentsTable {
  request_id: string
  field: DocumentField
  /** Detected from the content (magic bytes), never taken from the name or the declared type. */
  mime_type: string
  size: number
  sha256: string
  filename: string | null
  content: Uint8Array
  created_at: Timestamp
}

export interface IdpKeysTable {
  kid: string
  alg: string
  public_jwk: Json<Record<string, unknown>>
  private_jwk: Json<Record<string, unknown>>
  created_at: Generated<Date>
}

export interface UsedAssertionsTable {
  jti: string
  codice_fiscale: string
  provider: string
  expires_at: Timestamp
  used_at: Timestamp
}

export type DispositivoRequestRow = Selectable<PinDispositivoRequestsTable>

export interface FaultsTable {
  route_pattern: string
  method: string
  latency_ms: number
  error_rate: number
  overload: boolean
  created_at: Generated<Date>
}

export interface RateLimitsTable {
  key: string
  hits: number
  window_ends_at: Timestamp
}
export type FaultRow = Selectable<FaultsTable>
