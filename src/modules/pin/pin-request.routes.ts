import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { PinRequestBody, PinRequestCreated, PinRequestParams, PinRequestState } from './pin-request.schemas.js'

const TAGS = ['pin']

/** docs/rules.md §3, request online: no authentication, the citizen has no credential yet. */
const pinRequestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.pinRequests

  app.post(
    '/pin-requests',
    {
      preHandler: app.rateLimit('pin-request', (request) => (request.body as { codiceFiscale?: string }).codiceFiscale),
      schema: {
        operationId: 'createPinRequest',
        tags: TAGS,
        summary: 'Request a PIN online',
        description:
          'The codice fiscale must be valid and agree with name, surname, birth date and sex. If the residence (and name and birth data) ' +
          'match the INPS archive, the PIN is issued at once: the first 8 characters by SMS or email now, the last 8 by post after the ' +
          'postal delay (see GET /emulator/outbox). Otherwise the request is pending_validation and nothing is sent until the Contact ' +
          "Center validates it. A new request supersedes the person's open ones, and the contacts in the INPS archive are told. " +
          'A person who already has an activated PIN gets the same answer as anyone else (so it tells nobody who has a PIN), but nothing ' +
          'is issued: the request is refused and the person is told at the contacts on file how to recover the PIN. ' +
          'From 1 October 2020 (`PIN_ISSUANCE_END`, circ. 87/2020) 403 PIN_ISSUANCE_ENDED points to SPID, CIE and CNS, except for minors, ' +
          'people without an Italian identity document and people under tutela, who get a PIN for their own services. ' +
          'The example matches the archive record of Giuseppe Colombo ("V. Roma 1" on file).',
        body: PinRequestBody,
        response: { 201: PinRequestCreated, ...problemResponses(400, 'PIN_ISSUANCE_ENDED', 422, 429) },
      },
    },
    async (request, reply) => {
      const created = await service.request(await request.now(), request.body, request.id)
      reply.code(201)
      return created
    },
  )

  app.get(
    '/pin-requests/:id',
    {
      schema: {
        operationId: 'getPinRequest',
        tags: TAGS,
        summary: 'Where a PIN request stands',
        description:
          'Status only, no personal data. An id that is not a UUID is a 400 VALIDATION_ERROR; an unknown one 404 PIN_REQUEST_NOT_FOUND.',
        params: PinRequestParams,
        response: { 200: PinRequestState, ...problemResponses(400, 404) },
      },
    },
    async (request) => service.status(request.params.id),
  )
}

export default pinRequestRoutes
