import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import { AppError } from '../../lib/errors.js'
import { isWellFormedCodiceFiscale, normalizeCodiceFiscale } from '../../lib/codice-fiscale.js'
import type { ActorType } from './audit.table.js'
import { insertAuditEvent, listAuditEvents, type AuditEventInput, type AuditFilter } from './audit.repository.js'

/** Who acts, and through which channel: docs/rules.md §1, "who, for whom, through which channel, when, outcome". */
export interface Actor {
  type: ActorType
  id?: string
  channel?: string
  requestId?: string
}

export interface AuditEvent {
  action: string
  outcome: 'success' | 'failure'
  /** The person the action is about. */
  codiceFiscale?: string | null
  /** Never a PIN, a token or a document: codes, ids and reasons only. */
  detail?: Record<string, unknown>
}

export interface AuditService {
  /** Written with the caller's executor: inside its transaction when the action has one. */
  record(db: Executor, at: Date, actor: Actor, event: AuditEvent): Promise<void>
}

/** The row of one audit entry, written alone (`record`) or in a batch (audit-batch.service.ts). */
export function auditEntry(at: Date, actor: Actor, event: AuditEvent): AuditEventInput {
  return {
    id: randomUUID(),
    occurred_at: at,
    actor_type: actor.type,
    actor_id: actor.id ?? null,
    codice_fiscale: event.codiceFiscale ?? null,
    channel: actor.channel ?? null,
    action: event.action,
    outcome: event.outcome,
    detail: event.detail ?? {},
    request_id: actor.requestId ?? null,
  }
}

export function createAuditService(): AuditService {
  return {
    async record(db, at, actor, event) {
      const entry = auditEntry(at, actor, event)
      await insertAuditEvent(db, { ...entry, detail: JSON.stringify(entry.detail) })
    },
  }
}

/**
 * docs/rules.md §1: refusals belong in the audit trail too ("outcome"); they are written on their own, since the
 * work's transaction (if any) rolled back.
 */
export async function auditRefusals<T>(
  deps: { db: Kysely<Database>; audit: AuditService },
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

/** The audit trail, oldest first, for the control API. */
export async function listAudit(db: Executor, filter: AuditFilter): Promise<Row<'audit_events'>[]> {
  return listAuditEvents(db, filter)
}
