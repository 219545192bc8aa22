import type { Json, Timestamp } from '../../db/database.js'

/**
 * The accepted applications the instalment job has dealt with, once per paying benefit (migrations/0016,
 * 0020): the application's own benefit (the DL 34 months of a March application) or another that pays
 * its beneficiaries automatically (DL 104, DL 137). What it paid.
 */
export interface Dl34InstalmentsTable {
  application_id: string
  paying_benefit_code: string
  processed_at: Timestamp
  instalments: Json<Array<{ period: string; amountEur: number; note?: string }>>
}

declare module '../../db/database.js' {
  interface Database {
    dl34_instalments: Dl34InstalmentsTable
  }
}
