import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { Value } from 'typebox/value'
import { badRequest } from '../../lib/errors.js'
import { problemResponses } from '../../lib/schemas.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import { acceptUploads, documentOnlyBody, readUpload } from '../credential/uploads.plugin.js'
import {
  Application,
  ApplicationParams,
  DocumentsForm,
  DocumentsResult,
  PaymentChange,
  RiesameBody,
  RiesameResult,
} from './application.schemas.js'
import { patronatoOf } from './patronato.routes.js'

const PDF = {
  description: 'The ricevuta (PDF)',
  content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
}
const RIESAME =
  'Only for a rejected application (409 RIESAME_NOT_ALLOWED), once, from the day the riesame of its benefit opened (1 June 2020; ' +
  '10 August 2020 for the DL 34 indemnities; earlier 409 RIESAME_NOT_OPEN), within 20 days of the later of that day and the rejection ' +
  '(409 RIESAME_DEADLINE_PASSED). The application goes back to `submitted` and the evaluation worker decides it again on the archive as it is then; ' +
  'it then shows `riesame: {requestedAt, outcome}` (docs/rules.md §11). A rejected baby-sitting application let its children go: its riesame ' +
  'claims them again, or answers 409 CHILD_ALREADY_CLAIMED when another application of the round named one meanwhile (docs/rules.md §13).'
const RECEIPT =
  'The ricevuta as a PDF: protocol number, the benefit in Italian, date and time of filing (Rome), channel. Never cached.'
/** The owner and the patronato that filed the application reach the riesame and the ricevuta each by a route of its own. */
const RIESAME_OPERATION = {
  params: ApplicationParams,
  body: RiesameBody,
  response: {
    202: RiesameResult,
    ...problemResponses(
      404,
      'RIESAME_NOT_ALLOWED',
      'RIESAME_NOT_OPEN',
      'RIESAME_DEADLINE_PASSED',
      'CHILD_ALREADY_CLAIMED',
      403,
    ),
  },
}
const RECEIPT_OPERATION = { params: ApplicationParams, response: { 200: PDF, ...problemResponses(404, 403) } }

/** docs/rules.md §11–§12: what happens after the outcome (review, payment details, SEPA documents, receipt). */
const outcomeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { outcomes } = app.services
  const citizen = [app.requireAuth({ roles: ['citizen'] }), app.requireAccessWindow()]
  const patronato = [app.requireAuth({ roles: ['patronato'] }), app.requireAccessWindow()]
  await acceptUploads(app)

  app.post(
    '/applications/:id/riesame',
    {
      onRequest: citizen,
      schema: {
        operationId: 'requestRiesame',
        tags: ['applications'],
        security: BEARER_SECURITY,
        summary: 'Ask for a review (riesame) of your rejected application',
        description: RIESAME,
        ...RIESAME_OPERATION,
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await outcomes.requestRiesame(
            await request.now(),
            { codiceFiscale: authOf(request).subject },
            request.params.id,
            request.body.note,
            request.id,
          ),
        ),
  )

  app.post(
    '/patronato/applications/:id/riesame',
    {
      onRequest: patronato,
      schema: {
        operationId: 'requestPatronatoRiesame',
        tags: ['patronato'],
        security: BEARER_SECURITY,
        summary: 'Ask for a review of an application this patronato filed',
        description: `${RIESAME} Only the patronato that filed the application; for anyone else it does not exist (404).`,
        ...RIESAME_OPERATION,
      },
    },
    async (request, reply) => {
      const owner = { patronato: patronatoOf(request), operatorId: authOf(request).subject }
      return reply
        .code(202)
        .send(
          await outcomes.requestRiesame(await request.now(), owner, request.params.id, request.body.note, request.id),
        )
    },
  )

  app.put(
    '/applications/:id/payment',
    {
      onRequest: citizen,
      schema: {
        operationId: 'changeApplicationPayment',
        tags: ['applications'],
        security: BEARER_SECURITY,
        summary: 'Change the payment details of your application',
        description:
          'Same rules as at submission (mod-97, Italian IBAN for `iban`, SEPA from 14 May 2020 for `iban_sepa`). An instalment not paid yet is ' +
          'redirected: one that failed with IBAN_NOT_HELD is scheduled again when the archive shows the new IBAN held by you (docs/rules.md §12). ' +
          'Once paid: 409 PAYMENT_NOT_CHANGEABLE.',
        params: ApplicationParams,
        body: PaymentChange,
        response: {
          200: Application,
          ...problemResponses(
            404,
            'PAYMENT_NOT_CHANGEABLE',
            'INVALID_IBAN',
            'SEPA_IBAN_NOT_ACCEPTED_YET',
            'IBAN_NOT_EXPECTED',
            403,
          ),
        },
      },
    },
    async (request) => {
      const cf = authOf(request).subject
      await outcomes.changePayment(await request.now(), cf, request.params.id, request.body, request.id)
      return app.services.applications.getOwn(request.params.id, cf)
    },
  )

  app.post(
    '/applications/:id/documents',
    {
      onRequest: citizen,
      ...documentOnlyBody,
      schema: {
        operationId: 'submitSepaDocuments',
        tags: ['applications'],
        security: BEARER_SECURITY,
        summary: 'Send the documents your application waits for',
        description:
          'msg 1981/2020: an application paid to a non-Italian SEPA IBAN waits (`awaiting_documents`) for `identityDocument` (PDF, JPEG or PNG) and ' +
          '`financialIdentification` (the modulo di identificazione finanziaria, PDF). circ. 73/2020: a baby-sitting bonus for summer centres waits for ' +
          '`enrolmentDocument` (the enrolment, receipt or invoice: PDF, JPEG or PNG). Types by content (415 UNSUPPORTED_FILE_TYPE), 5 MB each (413), ' +
          'a missing file 400 MISSING_FILE, another file 400 UNEXPECTED_FIELD. Then it is evaluated. Any other application: 409 DOCUMENTS_NOT_REQUIRED.',
        params: ApplicationParams,
        consumes: ['multipart/form-data'],
        body: DocumentsForm,
        response: { 202: DocumentsResult, ...problemResponses(404, 'DOCUMENTS_NOT_REQUIRED', 403, 413, 415) },
      },
    },
    async (request, reply) => {
      // documentOnlyBody turns validation off for the whole route: the id is checked here.
      if (!Value.Check(ApplicationParams, request.params))
        throw badRequest('VALIDATION_ERROR', 'Invalid params: /id must be a uuid', {
          errors: [{ field: '/id', message: 'must be a uuid' }],
        })
      const read = (files: readonly string[]) => readUpload(request, { files, fields: [] })
      return reply
        .code(202)
        .send(
          await outcomes.submitDocuments(
            await request.now(),
            authOf(request).subject,
            request.params.id,
            read,
            request.id,
          ),
        )
    },
  )

  app.get(
    '/applications/:id/receipt',
    {
      onRequest: citizen,
      schema: {
        operationId: 'getApplicationReceipt',
        tags: ['applications'],
        security: BEARER_SECURITY,
        summary: 'The ricevuta of your application',
        description: RECEIPT,
        ...RECEIPT_OPERATION,
      },
    },
    async (request, reply) => {
      const raw: FastifyReply = reply
      return raw
        .type('application/pdf')
        .send(await outcomes.receipt(request.params.id, { codiceFiscale: authOf(request).subject }))
    },
  )

  app.get(
    '/patronato/applications/:id/receipt',
    {
      onRequest: patronato,
      schema: {
        operationId: 'getPatronatoApplicationReceipt',
        tags: ['patronato'],
        security: BEARER_SECURITY,
        summary: 'The ricevuta of an application this patronato filed',
        description: `${RECEIPT} Only the patronato that filed it (404 otherwise).`,
        ...RECEIPT_OPERATION,
      },
    },
    async (request, reply) => {
      const raw: FastifyReply = reply
      return raw.type('application/pdf').send(
        await outcomes.receipt(request.params.id, {
          patronato: patronatoOf(request),
          operatorId: authOf(request).subject,
        }),
      )
    },
  )
}

export default outcomeRoutes
