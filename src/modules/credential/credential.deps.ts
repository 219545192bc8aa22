import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { AppError } from '../../lib/errors.js'
import { isWellFormedCodiceFiscale, normalizeCodiceFiscale } from '../../lib/codice-fiscale.js'
import type { Actor, AuditService } from '../emulator/audit.service.js'
import type { OutboxService } from '../emulator/outbox.service.js'

/** What the credential services need, wired once by the routes. */
export interface CredentialDeps {
  db: Kysely<Database>
  outbox: OutboxService
  audit: AuditService
}

/**
 * SPEC 1: refusals belong in the audit trail too ("outcome"); they are written on their own, since the
 * work's transaction (if any) rolled back.
 */
export async function auditRefusals<T>(
  deps: Pick<CredentialDeps, 'db' | 'audit'>,
  at: Date,
  actor: Actor,
  event: { action: string; codiceFiscale?: () => string | null | undefined; detail?: Record<string, unknown> },
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      await deps.audit.record(deps.db, at, actor, {
        action: event.action,
        outcome: 'failure',
        codiceFiscale: event.codiceFiscale?.() ?? null,
        detail: { ...event.detail, code: err.code },
      })
    }
    throw err
  }
}

/** The person a refused request was about, when the input names one validly (audit only). */
export function auditableCodiceFiscale(input: string | undefined): string | null {
  const cf = normalizeCodiceFiscale(input ?? '')
  return isWellFormedCodiceFiscale(cf) ? cf : null
}
