import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import { submissionAnswer, submissionContract } from './application.routes.js'
import { ContactCenterApplicationBody, Enquiry, EnquiryBody } from './contact-center-enquiries.schemas.js'

const contactCenterApplicationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/contact-center/applications',
    {
      onRequest: [app.requireAuth({ roles: ['contact_center'] }), app.requireAccessWindow()],
      onSend: app.auditRefusals({ action: 'application.submitted', channel: 'contact_center' }),
      schema: {
        operationId: 'submitContactCenterApplication',
        tags: ['contact-center'],
        security: BEARER_SECURITY,
        summary: 'Submit an application for a caller (messaggio INPS 1464/2020)',
        description:
          'Contact Center operators, within Contact Center hours (Mon-Fri 08:00-20:00, Sat 08:00-14:00 Rome). The caller identifies with `callerPin`: ' +
          'the first 8 characters of their PIN while the emergency lasts (COVID services only) or their personal PIN; the application carries the level ' +
          "that PIN proves. A wrong PIN, or a codice fiscale with no PIN, is 401 CALLER_NOT_IDENTIFIED and counts toward the caller's lockout together " +
          'with their web logins (5 → 423 PIN_LOCKED).',
        body: ContactCenterApplicationBody,
        ...submissionContract(
          'CALLER_NOT_IDENTIFIED',
          'PIN_SEMPLIFICATO_UNAVAILABLE',
          'CALLER_PIN_CHANGE_REQUIRED',
          'INSUFFICIENT_LEVEL',
          'PIN_LOCKED',
        ),
      },
    },
    async (request, reply) => {
      const result = await app.services.contactCenterFiling.file(
        await request.now(),
        authOf(request).subject,
        request.body,
        request.id,
        request.headers['idempotency-key'],
      )
      return submissionAnswer(reply, result)
    },
  )

  app.post(
    '/contact-center/enquiries',
    {
      onRequest: [app.requireAuth({ roles: ['contact_center'] }), app.requireAccessWindow()],
      schema: {
        operationId: 'contactCenterEnquiry',
        tags: ['contact-center'],
        security: BEARER_SECURITY,
        summary: 'A caller asks about their applications and payments',
        description:
          'The caller identifies with `callerPin` exactly as for filing (401 CALLER_NOT_IDENTIFIED, counted toward the lockout); the answer lists ' +
          "their applications with the outcome and their payments. Audited as a read on the caller's behalf.",
        body: EnquiryBody,
        response: {
          200: Enquiry,
          ...problemResponses(
            'CALLER_NOT_IDENTIFIED',
            'PIN_SEMPLIFICATO_UNAVAILABLE',
            'CALLER_PIN_CHANGE_REQUIRED',
            'PIN_LOCKED',
            400,
            401,
            403,
          ),
        },
      },
    },
    async (request) =>
      app.services.contactCenterEnquiries.enquire(
        await request.now(),
        authOf(request).subject,
        request.body,
        request.id,
      ),
  )
}

export default contactCenterApplicationRoutes
