import type { Generated } from 'kysely'
import type { Timestamp } from '../../db/database.js'

export interface EmulatorRequestsTable {
  id: Generated<number>
  request_id: string
  received_at: Timestamp
  emulated_at: Timestamp | null
  method: string
  /** The route's pattern (/api/v1/applications/:id); null when no route matched. */
  route: string | null
  /** Without the query string. */
  path: string
  status: number
  code: string | null
  duration_ms: number
  actor_type: string
  actor_id: string | null
  codice_fiscale: string | null
}

declare module '../../db/database.js' {
  interface Database {
    emulator_requests: EmulatorRequestsTable
  }
}
