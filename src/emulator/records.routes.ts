import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../lib/schemas.js'
import { AuditPage, AuditQuery } from '../core/audit/audit.schemas.js'
import { OutboxPage, OutboxQuery } from '../core/outbox/outbox.schemas.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

/** What the sandbox "sent" and what it recorded: read-only views for testers. */
const recordsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/outbox',
    {
      schema: {
        operationId: 'listOutbox',
        tags: TAGS,
        security: SECURITY,
        summary: 'Messages sent by the service (SMS, email, PEC, letters)',
        description:
          'Only messages already delivered on the emulated clock: a letter appears once the clock passes its deliverAt (postal delay).',
        querystring: OutboxQuery,
        response: { 200: OutboxPage, ...problemResponses(400, 401) },
      },
    },
    async (request) => app.services.records.outbox(request.query),
  )

  app.get(
    '/audit',
    {
      schema: {
        operationId: 'listAudit',
        tags: TAGS,
        security: SECURITY,
        summary: 'The audit trail, optionally for one codice fiscale',
        description:
          'Who acted, for whom, through which channel, when and with which outcome. Filter by `codiceFiscale` or `action`; pages of `limit` with `cursor`.',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...problemResponses(400, 401) },
      },
    },
    async (request) => app.services.records.audit(request.query),
  )
}

export default recordsRoutes
