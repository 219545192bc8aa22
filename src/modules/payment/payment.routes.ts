import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import { problemResponses } from '../../lib/schemas.js'
import { PaymentList } from './payment.schemas.js'
import { toPaymentItem } from './payment.service.js'

const paymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const citizen = [app.requireAuth({ roles: ['citizen'] }), app.requireAccessWindow()]

  app.get(
    '/payments',
    {
      onRequest: citizen,
      schema: {
        operationId: 'listPayments',
        tags: ['payments'],
        security: BEARER_SECURITY,
        summary: 'Your payments',
        description:
          'Every instalment INPS scheduled for you, per benefit and month, with its value date and, when it failed, why (docs/rules.md §12). Own only.',
        response: { 200: PaymentList, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: (await app.services.payments.listOf(authOf(request).subject)).map(toPaymentItem) }),
  )
}

export default paymentRoutes
