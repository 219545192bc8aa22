import type { Timestamp, Json } from '../../db/database.js'
import type { Generated } from 'kysely'

export type ActorType = 'citizen' | 'operator' | 'emulator' | 'system' | 'anonymous'

export interface AuditEventsTable {
  id: string
  seq: Generated<number>
  occurred_at: Timestamp
  actor_type: ActorType
  actor_id: string | null
  codice_fiscale: string | null
  channel: string | null
  action: string
  outcome: 'success' | 'failure'
  detail: Json<Record<string, unknown>>
  request_id: string | null
}

declare module '../../db/database.js' {
  interface Database {
    audit_events: AuditEventsTable
  }
}
