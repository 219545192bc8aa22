import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { ACTIVATED_LEVELS } from '../../core/auth/auth.types.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import { DOCUMENT_FIELDS } from './documents.rules.js'
import {
  DispositivoRequestAccepted,
  DispositivoRequestParams,
  DispositivoRequestState,
  DispositivoUploadForm,
} from './dispositivo-request.schemas.js'
import { acceptUploads, documentOnlyBody, readUpload } from './uploads.plugin.js'

export const STORAGE_NOTE =
  'Storage: each file is kept durably in the database (table pin_dispositivo_documents, a bytea column) with its SHA-256, size and the ' +
  'type detected from its content, so every instance sees it and it survives restarts.'

/** docs/rules.md §4, online conversion: the citizen's upload and its status. */
const dispositivoRequestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await acceptUploads(app)
  const service = app.services.dispositivoRequests

  app.post(
    '/pin-dispositivo-requests',
    {
      // Activated PIN or better; the service tells an already-dispositivo session (409) from a PIN ordinario.
      onRequest: app.requireAuth({ roles: ['citizen'], levels: ACTIVATED_LEVELS }),
      ...documentOnlyBody,
      schema: {
        operationId: 'createPinDispositivoRequest',
        tags: ['credentials'],
        security: BEARER_SECURITY,
        summary: 'Ask to convert the PIN ordinario into a PIN dispositivo (upload)',
        description:
          'multipart/form-data with two files: `module` (the signed request form, PDF) and `identityDocument` (PDF, JPEG or PNG). Types are ' +
          'detected from the content, not the name or declared type (415 UNSUPPORTED_FILE_TYPE names the field); at most 5 MB each ' +
          '(413 FILE_TOO_LARGE); a missing or empty file is 400 MISSING_FILE. Needs an activated PIN ordinario session: the PIN semplificato ' +
          'gets 403 INSUFFICIENT_LEVEL, a credential already dispositivo (or a SPID/CIE/CNS session) 409 ALREADY_DISPOSITIVO. One request under ' +
          'review per person (409 REQUEST_ALREADY_OPEN). The back office approves or rejects; the citizen is notified either way. ' +
          STORAGE_NOTE,
        consumes: ['multipart/form-data'],
        body: DispositivoUploadForm,
        response: { 202: DispositivoRequestAccepted, ...problemResponses(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const read = () => readUpload(request, { files: DOCUMENT_FIELDS, fields: [] })
      return reply.code(202).send(await service.submitOnline(await request.now(), authOf(request), read, request.id))
    },
  )

  app.get(
    '/pin-dispositivo-requests/:id',
    {
      onRequest: app.requireAuth({ roles: ['citizen'], levels: ACTIVATED_LEVELS }),
      schema: {
        operationId: 'getPinDispositivoRequest',
        tags: ['credentials'],
        security: BEARER_SECURITY,
        summary: 'Status of my conversion request',
        description:
          'Only the citizen who filed it (or for whom the Contact Center filed it) can read it; for anyone else it does not exist (404).',
        params: DispositivoRequestParams,
        response: { 200: DispositivoRequestState, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.readOwn(authOf(request), request.params.id),
  )
}

export default dispositivoRequestRoutes
