import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problemResponses } from '../../lib/schemas.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import { ACCEPTED_TYPES } from './documents.rules.js'
import {
  Approved,
  DispositivoRequestParams,
  DocumentParams,
  QueuePage,
  QueueQuery,
  RejectBody,
  Rejected,
} from './dispositivo-request.schemas.js'

const TAGS = ['credentials']
const ONCE =
  'A decision is taken once: when two reviewers act together exactly one succeeds, the other gets 409 ALREADY_DECIDED.'
const BINARY = Type.String({ format: 'binary' })

/** docs/rules.md §4: the back office reviews the conversion documents. */
const backofficeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.dispositivoRequests
  const onRequest = app.requireAuth({ roles: ['backoffice'] })

  app.get(
    '/backoffice/pin-dispositivo-requests',
    {
      onRequest,
      schema: {
        operationId: 'listPinDispositivoRequests',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'The review queue of PIN dispositivo requests',
        description: 'Oldest first, filtered by status; web uploads and faxes alike, with the metadata of their files.',
        querystring: QueueQuery,
        response: { 200: QueuePage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) =>
      service.queue({ status: request.query.status, cursor: request.query.cursor, limit: request.query.limit ?? 50 }),
  )

  app.get(
    '/backoffice/pin-dispositivo-requests/:id/documents/:field',
    {
      onRequest,
      schema: {
        operationId: 'getPinDispositivoDocument',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Download one of the documents of a request',
        description: 'The stored bytes, with the Content-Type detected at upload and an ETag of their SHA-256.',
        params: DocumentParams,
        response: {
          200: {
            description: 'The file',
            content: Object.fromEntries(ACCEPTED_TYPES.identityDocument.map((type) => [type, { schema: BINARY }])),
          },
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const document = await service.document(request.params.id, request.params.field)
      // Raw bytes: the schema above documents them, nothing serialises them.
      const raw: FastifyReply = reply
      return raw.type(document.mime_type).header('etag', `"${document.sha256}"`).send(Buffer.from(document.content))
    },
  )

  app.post(
    '/backoffice/pin-dispositivo-requests/:id/approve',
    {
      onRequest,
      schema: {
        operationId: 'approvePinDispositivoRequest',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Approve: the credential becomes dispositivo',
        description:
          'The PIN is raised to dispositivo in the same transaction, for new logins and for sessions already open; the citizen is notified ' +
          '(email, or SMS). ' +
          ONCE,
        params: DispositivoRequestParams,
        response: { 200: Approved, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.decide(
        await request.now(),
        authOf(request).subject,
        request.params.id,
        { status: 'approved' },
        request.id,
      ),
  )

  app.post(
    '/backoffice/pin-dispositivo-requests/:id/reject',
    {
      onRequest,
      schema: {
        operationId: 'rejectPinDispositivoRequest',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Reject, with a reason told to the citizen',
        description: 'The citizen is notified (email, or SMS) with the reason and may file a new request. ' + ONCE,
        params: DispositivoRequestParams,
        body: RejectBody,
        response: { 200: Rejected, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.decide(
        await request.now(),
        authOf(request).subject,
        request.params.id,
        { status: 'rejected', reason: request.body.reason.trim() },
        request.id,
      ),
  )
}

export default backofficeRoutes
