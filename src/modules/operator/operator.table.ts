import type { Timestamp } from '../../db/database.js'
import type { Generated } from 'kysely'

export type OperatorRole = 'contact_center' | 'patronato' | 'intermediario' | 'backoffice' | 'office' | 'caf'

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

declare module '../../db/database.js' {
  interface Database {
    operators: OperatorsTable
    organisations: OrganisationsTable
  }
}
