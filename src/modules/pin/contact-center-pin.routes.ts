import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { authOf, BEARER_SECURITY } from '../../core/auth/auth.plugin.js'
import { CONTACT_CENTER_HOURS_NOTE } from '../../core/access/access.plugin.js'
import { PinRequestParams } from './pin-request.schemas.js'
import {
  ContactCenterInfo,
  ContactCenterPinRequestBody,
  ContactCenterPinRequestCreated,
  ValidatedPinRequest,
  Worklist,
  WorklistQuery,
} from './contact-center-pin.schemas.js'

const TAGS = ['contact-center']
const HOURS = CONTACT_CENTER_HOURS_NOTE

/** Contact Center operators acting for a caller (docs/rules.md §1 and §3). */
const contactCenterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.contactCenterPin
  // onRequest, not preHandler: a caller without a valid token learns nothing, not even how the body is checked.
  const onRequest = [app.requireAuth({ roles: ['contact_center'] }), app.requireContactCenterHours()]

  app.post(
    '/contact-center/pin-requests',
    {
      onRequest,
      schema: {
        operationId: 'contactCenterCreatePinRequest',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Register and validate a PIN request for a caller',
        description:
          'The operator identified the caller on the phone, so the PIN is issued at once with no address check. The response carries the ' +
          'first 8 characters for the operator to read out; they are also sent by SMS/email, and the last 8 go by post. ' +
          'Same rules as POST /api/v1/pin-requests for the codice fiscale, contacts, activated PINs and superseding. ' +
          HOURS,
        body: ContactCenterPinRequestBody,
        response: { 201: ContactCenterPinRequestCreated, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.register(await request.now(), authOf(request).subject, request.body, request.id)
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/contact-center/info',
    {
      schema: {
        operationId: 'getContactCenterInfo',
        tags: TAGS,
        summary: 'How to reach the INPS Contact Center',
        description:
          'Public. The numbers (803 164 free from landlines, 06 164164 from mobiles, fax 800 803 164) and the opening hours, Europe/Rome. ' +
          'From 1 October 2020 (`PIN_ISSUANCE_END`, circ. 87/2020) `pinIssuanceEnded` says that no new PIN is issued, and points to SPID, CIE and CNS.',
        response: { 200: ContactCenterInfo },
      },
    },
    async (request, reply) =>
      // The answer changes with the emulated date: a short public cache only.
      reply.header('cache-control', 'public, max-age=60').send(service.info(await request.now())),
  )

  app.get(
    '/contact-center/pin-requests',
    {
      onRequest,
      schema: {
        operationId: 'contactCenterPinRequestWorklist',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'The call-back worklist: PIN requests waiting for validation',
        description:
          'Requests whose address did not match the archive ("il Contact Center chiama l\'utente"), oldest first, with the number to call back; ' +
          'then POST /api/v1/contact-center/pin-requests/{id}/validate. Pages of `limit` with `cursor`. ' +
          HOURS,
        querystring: WorklistQuery,
        response: { 200: Worklist, ...problemResponses('INVALID_CURSOR', 400, 401, 403) },
      },
    },
    async (request) => service.worklist(request.query.cursor, request.query.limit ?? 50),
  )

  app.post(
    '/contact-center/pin-reissues',
    {
      onRequest,
      schema: {
        operationId: 'contactCenterReissuePin',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'A new PIN for a caller whose PIN is active (lost, forgotten, locked)',
        description:
          'Same body and identity checks as POST /api/v1/contact-center/pin-requests. The old PIN stops working at once and its sessions end; ' +
          'the lockout is lifted. The first 8 characters are in the response for the operator to read out and go by SMS/email to the contacts ' +
          'given; the last 8 go by post. The new PIN is ordinario. 422 NO_ACTIVE_PIN if the person has no activated PIN (register a request instead). ' +
          HOURS,
        body: ContactCenterPinRequestBody,
        response: { 201: ContactCenterPinRequestCreated, ...problemResponses('NO_ACTIVE_PIN', 400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.reissue(await request.now(), authOf(request).subject, request.body, request.id)
      return reply.code(201).send(created)
    },
  )

  app.post(
    '/contact-center/pin-requests/:id/validate',
    {
      onRequest,
      schema: {
        operationId: 'contactCenterValidatePinRequest',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: "Validate a citizen's PIN request",
        description:
          'pending_validation: the PIN is issued now to the contacts of the request. issued: allowed only 12 hours after the request ' +
          '(409 TOO_EARLY_TO_VALIDATE with validatableFrom), then the same first half is sent again to the same contact; the PIN ' +
          'does not change. A validated request supersedes the other open ones. 409 REQUEST_SUPERSEDED for a replaced request, 409 PIN_ALREADY_ACTIVE once the PIN is activated. ' +
          HOURS,
        params: PinRequestParams,
        response: { 200: ValidatedPinRequest, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.validate(await request.now(), authOf(request).subject, request.params.id, request.id),
  )
}

export default contactCenterRoutes
