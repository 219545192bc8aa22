import { toRomeIso } from '../lib/rome-time.js'
import type { Kysely } from 'kysely'
import type { Static } from 'typebox'
import type { Database } from '../db/database.js'
import { normalizeCodiceFiscale } from '../lib/codice-fiscale.js'
import { listAudit } from '../core/audit/audit.service.js'
import type { AuditBatch } from '../core/audit/audit-batch.service.js'
import type { AuditQuery } from '../core/audit/audit.schemas.js'
import type { OutboxService } from '../core/outbox/outbox.service.js'
import type { OutboxQuery } from '../core/outbox/outbox.schemas.js'
import type { ClockService } from '../core/clock/clock.service.js'
import { toPage } from '../lib/paging.js'
import { toOutboxMessage } from '../core/outbox/outbox-message.js'

/** What the sandbox "sent" and what it recorded, page by page (cursor = the last seq seen). */
export function createRecordsService(deps: {
  db: Kysely<Database>
  outbox: Pick<OutboxService, 'listDelivered'>
  clock: Pick<ClockService, 'now'>
  audit: Pick<AuditBatch, 'flush'>
}) {
  return {
    async outbox(query: Static<typeof OutboxQuery>) {
      const { limit = 50, cursor, codiceFiscale, channel } = query
      const rows = await deps.outbox.listDelivered(deps.db, {
        deliveredBy: await deps.clock.now(),
        codiceFiscale: codiceFiscale && normalizeCodiceFiscale(codiceFiscale),
        channel,
        afterSeq: cursor ? Number(cursor) : undefined,
        limit: limit + 1,
      })
      return toPage(rows, limit, (last) => String(last.seq), toOutboxMessage)
    },
    async audit(query: Static<typeof AuditQuery>) {
      const { limit = 50, cursor, codiceFiscale, action } = query
      // Refusals queued a moment ago are part of the trail already.
      await deps.audit.flush()
      const rows = await listAudit(deps.db, {
        codiceFiscale: codiceFiscale && normalizeCodiceFiscale(codiceFiscale),
        action,
        afterSeq: cursor ? Number(cursor) : undefined,
        limit: limit + 1,
      })
      return toPage(
        rows,
        limit,
        (last) => String(last.seq),
        (r) => ({
          id: r.id,
          occurredAt: toRomeIso(r.occurred_at),
          actorType: r.actor_type,
          actorId: r.actor_id,
          codiceFiscale: r.codice_fiscale,
          channel: r.channel,
          action: r.action,
          outcome: r.outcome,
          detail: r.detail,
          requestId: r.request_id,
        }),
      )
    },
  }
}
