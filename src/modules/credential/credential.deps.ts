import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { AuditService } from '../../core/audit/audit.service.js'
import type { OutboxService } from '../../core/outbox/outbox.service.js'

/** What the credential services need, wired once by the routes. */
export interface CredentialDeps {
  db: Kysely<Database>
  outbox: OutboxService
  audit: AuditService
}

