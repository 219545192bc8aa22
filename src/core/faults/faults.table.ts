import type { Generated, Selectable } from 'kysely'

export interface FaultsTable {
  route_pattern: string
  method: string
  latency_ms: number
  error_rate: number
  overload: boolean
  created_at: Generated<Date>
}

export type FaultRow = Selectable<FaultsTable>

declare module '../../db/database.js' {
  interface Database {
    faults: FaultsTable
  }
}
