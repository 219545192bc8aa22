import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import { CONTACT_CENTER_HOURS_NOTE } from '../../core/access/access.plugin.js'
import { DOCUMENT_FIELDS } from './documents.rules.js'
import { DispositivoRequestAccepted, FaxUploadForm } from './dispositivo-request.schemas.js'
import { STORAGE_NOTE } from './dispositivo-request.routes.js'
import { RemoteIdentificationBody, RemotelyIssued } from './dispositivo-issue.schemas.js'
import { acceptUploads, documentOnlyBody, readUpload } from './uploads.plugin.js'

const TAGS = ['contact-center']
const HOURS = CONTACT_CENTER_HOURS_NOTE

/** docs/rules.md §4: the Contact Center's part in the PIN dispositivo (faxed documents, remote recognition). */
const contactCenterCredentialRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await acceptUploads(app)
  const { dispositivoRequests: requests, dispositivoIssue: issuing } = app.services
  const onRequest = [app.requireAuth({ roles: ['contact_center'] }), app.requireContactCenterHours()]

  app.post(
    '/contact-center/faxed-pin-dispositivo-requests',
    {
      onRequest,
      ...documentOnlyBody,
      schema: {
        operationId: 'contactCenterFileFaxedPinDispositivoRequest',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'File the documents a caller faxed for the PIN dispositivo',
        description:
          'multipart/form-data: `codiceFiscale` (text), `module` (PDF) and `identityDocument` (PDF, JPEG or PNG), checked as the online upload ' +
          '(415 UNSUPPORTED_FILE_TYPE, 413 FILE_TOO_LARGE, 400 MISSING_FILE). The request joins the back-office queue with channel `fax`. ' +
          'The caller must have an activated PIN (422 NO_ACTIVE_PIN); 409 ALREADY_DISPOSITIVO, 409 REQUEST_ALREADY_OPEN. ' +
          HOURS +
          ' ' +
          STORAGE_NOTE,
        consumes: ['multipart/form-data'],
        body: FaxUploadForm,
        response: { 202: DispositivoRequestAccepted, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const read = () => readUpload(request, { files: DOCUMENT_FIELDS, fields: ['codiceFiscale'] })
      return reply
        .code(202)
        .send(await requests.submitFax(await request.now(), authOf(request).subject, read, request.id))
    },
  )

  app.post(
    '/contact-center/remote-identifications',
    {
      onRequest,
      schema: {
        operationId: 'contactCenterRemoteIdentification',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Identify a caller remotely and issue a PIN dispositivo at once',
        description:
          'After recognising the caller and their identity document, the operator issues a new 16-character PIN with dispositive functions, ' +
          'replacing any earlier PIN: the first 8 characters by SMS and the last 8 by email, both delivered now, no letter. The person must be ' +
          'in the archive (422 PERSON_NOT_IN_ARCHIVE). The halves go to the `contacts` the caller gives on the phone, each missing one taken from ' +
          'the archive; neither there: 422 CONTACTS_REQUIRED. ' +
          HOURS,
        body: RemoteIdentificationBody,
        response: { 201: RemotelyIssued, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await issuing.remotely(await request.now(), authOf(request).subject, request.body, request.id)),
  )
}

export default contactCenterCredentialRoutes
