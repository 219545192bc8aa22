import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { AuditService } from '../emulator/audit.service.js'
import type { OutboxService } from '../emulator/outbox.service.js'

/** What the credential services need, wired once by the routes. */
export interface CredentialDeps {
  db: Kysely<Database>
  outbox: OutboxService
  audit: AuditService
}

