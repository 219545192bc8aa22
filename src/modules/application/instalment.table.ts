import type { Json, Timestamp } from '../../db/database.js'

/** The March applications the DL 34 instalment job has dealt with (migrations/0016), and what it paid. */
export interface Dl34InstalmentsTable {
  application_id: string
  processed_at: Timestamp
  instalments: Json<Array<{ period: string; amountEur: number; note?: string }>>
}

declare module '../../db/database.js' {
  interface Database {
    dl34_instalments: Dl34InstalmentsTable
  }
}
