import type { Timestamp } from '../../db/database.js'

/**
 * One row per child and round of an application that names children, filled by a trigger on the insert
 * (migrations/0013, 0018); released when the application is rejected, taken again by its riesame.
 */
export interface ChildClaimsTable {
  child_codice_fiscale: string
  application_id: string
  claimed_at: Timestamp
  round: string
}

declare module '../../db/database.js' {
  interface Database {
    child_claims: ChildClaimsTable
  }
}
