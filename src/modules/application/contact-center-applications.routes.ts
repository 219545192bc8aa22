import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import { requireCodiceFiscale } from '../../core/archive/persons.service.js'
import { Application, IdempotencyHeaders, OnBehalfApplicationBody } from './application.schemas.js'

const contactCenterApplicationRoutes: FastifyPluginAsyncTypebox = async (app) => {

  app.post('/contact-center/applications', {
    onRequest: [app.requireAuth({ roles: ['contact_center'] }), app.requireAccessWindow()],
    schema: {
      operationId: 'submitContactCenterApplication', tags: ['contact-center'], security: BEARER_SECURITY,
      summary: 'Submit an application for a caller (messaggio INPS 1464/2020)',
      description: 'Contact Center operators, within Contact Center hours (Mon-Fri 08:00-20:00, Sat 08:00-14:00 Rome).',
      headers: IdempotencyHeaders, body: OnBehalfApplicationBody,
      response: { 201: Application, ...problemResponses(400, 401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    const auth = authOf(request)
    const { codiceFiscale: given, ...body } = request.body
    const result = await app.services.applications.submit(await request.now(), {
      codiceFiscale: requireCodiceFiscale(given), channel: 'contact_center', authLevel: auth.authLevel, filedBy: auth.subject,
      caller: `contact_center:${auth.subject}`, requestId: request.id,
    }, body, request.headers['idempotency-key'])
    if (result.replayed) reply.header('idempotent-replayed', 'true')
    return reply.code(result.status as 201).send(result.body)
  })
}

export default contactCenterApplicationRoutes
