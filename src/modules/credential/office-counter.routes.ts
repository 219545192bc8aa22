import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import { CounterPin, IdentifiedCitizen, OfficeCounterParams } from './dispositivo-issue.schemas.js'

/** docs/rules.md §4: the PIN dispositivo issued at an INPS office counter. */
const officeCounterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/offices/:officeCode/pin-dispositivo',
    {
      onRequest: app.requireAuth({ roles: ['office'] }),
      schema: {
        operationId: 'officeIssuePinDispositivo',
        tags: ['credentials'],
        security: BEARER_SECURITY,
        summary: 'Issue a PIN dispositivo at the counter',
        description:
          'The sede operator has checked the identity document: a new 16-character PIN with dispositive functions replaces any earlier PIN and ' +
          'is handed over at once (in the response, nothing is sent). On first use the citizen logs in with the 16 characters and chooses a ' +
          "personal PIN. Only at the operator's own office (403 WRONG_OFFICE); an office closed to the public refuses (403 OFFICE_CLOSED with " +
          'closedSince; several closed from 25 March 2020). The person must be in the archive (422 PERSON_NOT_IN_ARCHIVE).',
        params: OfficeCounterParams,
        body: IdentifiedCitizen,
        response: { 201: CounterPin, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const issued = await app.services.dispositivoIssue.atCounter(
        await request.now(),
        authOf(request),
        request.params.officeCode,
        request.body,
        request.id,
      )
      return reply.code(201).send(issued)
    },
  )
}

export default officeCounterRoutes
