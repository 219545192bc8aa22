import type { Timestamp } from '../../db/database.js'

export interface RateLimitsTable {
  key: string
  hits: number
  window_ends_at: Timestamp
}

declare module '../../db/database.js' {
  interface Database {
    rate_limits: RateLimitsTable
  }
}
