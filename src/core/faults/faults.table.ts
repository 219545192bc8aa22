import type { Generated } from 'kysely'

export interface FaultsTable {
  route_pattern: string
  method: string
  latency_ms: number
  error_rate: number
  overload: boolean
  created_at: Generated<Date>
}

declare module '../../db/database.js' {
  interface Database {
    faults: FaultsTable
  }
}
