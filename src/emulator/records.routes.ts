import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../lib/schemas.js'
import { normalizeCodiceFiscale } from '../lib/codice-fiscale.js'
import { listAuditEvents } from '../core/audit/audit.repository.js'
import { AuditPage, AuditQuery } from '../core/audit/audit.schemas.js'
import { OutboxPage, OutboxQuery } from '../core/outbox/outbox.schemas.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

function page<T, R extends { seq: number }>(rows: R[], limit: number, present: (row: R) => T): { items: T[]; nextCursor?: string } {
  const items = rows.slice(0, limit)
  return rows.length > limit ? { items: items.map(present), nextCursor: String(items[items.length - 1].seq) } : { items: items.map(present) }
}

/** What the sandbox "sent" and what it recorded: read-only views for testers. */
const recordsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/outbox', {
    schema: {
      operationId: 'listOutbox', tags: TAGS, security: SECURITY,
      summary: 'Messages sent by the service (SMS, email, PEC, letters)',
      description: 'Only messages already delivered on the emulated clock: a letter appears once the clock passes its deliverAt (postal delay).',
      querystring: OutboxQuery, response: { 200: OutboxPage, ...problemResponses(400, 401) },
    },
  }, async (request) => {
    const { limit = 50, cursor, codiceFiscale, channel } = request.query
    const rows = await app.outbox.listDelivered(app.db, {
      deliveredBy: await app.clock.now(),
      codiceFiscale: codiceFiscale && normalizeCodiceFiscale(codiceFiscale),
      channel,
      afterSeq: cursor ? Number(cursor) : undefined,
      limit: limit + 1,
    })
    return page(rows, limit, (r) => ({
      id: r.id, codiceFiscale: r.codice_fiscale, channel: r.channel, recipient: r.recipient, subject: r.subject, body: r.body,
      pinPart: r.pin_part ?? undefined, secret: r.secret ?? undefined, sentAt: r.created_at.toISOString(), deliverAt: r.deliver_at.toISOString(),
    }))
  })

  app.get('/audit', {
    schema: {
      operationId: 'listAudit', tags: TAGS, security: SECURITY,
      summary: 'The audit trail, optionally for one codice fiscale',
      querystring: AuditQuery, response: { 200: AuditPage, ...problemResponses(400, 401) },
    },
  }, async (request) => {
    const { limit = 50, cursor, codiceFiscale, action } = request.query
    const rows = await listAuditEvents(app.db, {
      codiceFiscale: codiceFiscale && normalizeCodiceFiscale(codiceFiscale),
      action,
      afterSeq: cursor ? Number(cursor) : undefined,
      limit: limit + 1,
    })
    return page(rows, limit, (r) => ({
      id: r.id, occurredAt: r.occurred_at.toISOString(), actorType: r.actor_type, actorId: r.actor_id, codiceFiscale: r.codice_fiscale,
      channel: r.channel, action: r.action, outcome: r.outcome, detail: r.detail, requestId: r.request_id,
    }))
  })
}

export default recordsRoutes
