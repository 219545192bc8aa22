import type { Timestamp } from '../../db/database.js'
import type { Generated } from 'kysely'

export type DispositivoRequestStatus = 'under_review' | 'approved' | 'rejected'

export type DispositivoChannel = 'web' | 'fax'

export type DocumentField = 'module' | 'identityDocument'

export interface PinDispositivoRequestsTable {
  id: string
  seq: Generated<number>
  codice_fiscale: string
  channel: DispositivoChannel
  status: DispositivoRequestStatus
  reason: string | null
  /** The Contact Center operator who filed a fax. */
  filed_by: string | null
  submitted_at: Timestamp
  decided_at: Timestamp | null
  decided_by: string | null
}

export interface PinDispositivoDocumentsTable {
  request_id: string
  field: DocumentField
  /** Detected from the content (magic bytes), never taken from the name or the declared type. */
  mime_type: string
  size: number
  sha256: string
  filename: string | null
  content: Uint8Array
  created_at: Timestamp
}

declare module '../../db/database.js' {
  interface Database {
    pin_dispositivo_requests: PinDispositivoRequestsTable
    pin_dispositivo_documents: PinDispositivoDocumentsTable
  }
}
