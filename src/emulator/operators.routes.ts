import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../lib/schemas.js'
import { CreatedOperator, NewOperatorBody, OperatorList } from '../modules/operator/operator.schemas.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

const operatorsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/operators',
    {
      schema: {
        operationId: 'createOperator',
        tags: TAGS,
        security: SECURITY,
        summary: 'Create an operator and get its credentials',
        description:
          'Contact Center, patronato, intermediary, back-office or sede operators. The PIN is returned once. ' +
          "Each operator belongs to an organisation: organisationId joins an existing one (a patronato's operators share its mandates and filings); " +
          'otherwise a new one is created, named organisation if given. A name never joins an organisation.',
        body: NewOperatorBody,
        response: { 201: CreatedOperator, ...problemResponses(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const created = await app.services.operators.create(await request.now(), request.body, request.id)
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/operators',
    {
      schema: {
        operationId: 'listOperators',
        tags: TAGS,
        security: SECURITY,
        summary: 'List operators (without PINs)',
        description:
          'Every operator with role, organisation and office. A PIN is shown once, when the operator is created, never here.',
        response: { 200: OperatorList, ...problemResponses(401) },
      },
    },
    async () => ({ items: await app.services.operators.list() }),
  )
}

export default operatorsRoutes
