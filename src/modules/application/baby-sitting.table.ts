import type { Timestamp } from '../../db/database.js'

/** One row per child of a baby-sitting application, filled by a trigger on the insert (migrations/0013). */
export interface ChildClaimsTable {
  child_codice_fiscale: string
  application_id: string
  claimed_at: Timestamp
}

declare module '../../db/database.js' {
  interface Database {
    child_claims: ChildClaimsTable
  }
}
