import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { LoginResult } from '../../core/auth/auth.schemas.js'
import { OperatorLoginBody } from './operator.schemas.js'

/** Operators log in with their id and PIN; a first or expired PIN is changed at POST /auth/pin/change. */
const operatorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/operator',
    {
      preHandler: app.rateLimit('operator-login', (request) => (request.body as { operatorId?: string }).operatorId),
      schema: {
        operationId: 'loginOperator',
        tags: ['pin'],
        summary: 'Operator login (Contact Center, patronato, intermediary, back office, sede)',
        description: 'The role travels in the token. Patronato and intermediary PINs expire after 3 months.',
        body: OperatorLoginBody,
        response: { 200: LoginResult, ...problemResponses(400, 401, 423, 429) },
      },
    },
    async (request) =>
      app.services.operatorLogin.login(
        await request.now(),
        request.body.operatorId.toUpperCase(),
        request.body.pin,
        request.id,
      ),
  )
}

export default operatorRoutes
