import type { Timestamp } from '../../db/database.js'

/** One application per household, benefit and round (migrations/0021, docs/rules.md §19). */
export interface HouseholdClaimsTable {
  household_key: string
  benefit_code: string
  round: string
  application_id: string
  claimed_at: Timestamp
}

declare module '../../db/database.js' {
  interface Database {
    household_claims: HouseholdClaimsTable
  }
}
