import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../lib/schemas.js'
import { CreatedOperator, NewOperatorBody, OperatorList } from '../modules/operator/operator.schemas.js'
import { allOperators, createOperator } from '../modules/operator/operator.service.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

const operatorsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/operators', {
    schema: {
      operationId: 'createOperator', tags: TAGS, security: SECURITY,
      summary: 'Create an operator and get its credentials',
      description: 'Contact Center, patronato, intermediary, back-office or sede operators. The PIN is returned once. ' +
        'Each operator belongs to an organisation: organisationId joins an existing one (a patronato\'s operators share its mandates and filings); ' +
        'otherwise a new one is created, named organisation if given. A name never joins an organisation.',
      body: NewOperatorBody, response: { 201: CreatedOperator, ...problemResponses(400, 401, 422) },
    },
  }, async (request, reply) => {
    const now = await app.clock.now()
    const created = await app.db.transaction().execute(async (trx) => {
      const operator = await createOperator(trx, now, request.body)
      await app.audit.record(trx, now, { type: 'emulator', requestId: request.id }, { action: 'operator.created', outcome: 'success', detail: { operatorId: operator.operatorId, role: operator.role, organisationId: operator.organisationId } })
      return operator
    })
    return reply.code(201).send(created)
  })

  app.get('/operators', {
    schema: { operationId: 'listOperators', tags: TAGS, security: SECURITY, summary: 'List operators (without PINs)', response: { 200: OperatorList, ...problemResponses(401) } },
  }, async () => ({
    items: (await allOperators(app.db)).map((o) => ({ operatorId: o.id, role: o.role, organisationId: o.organisation_id, organisation: o.organisation, officeCode: o.office_code })),
  }))
}

export default operatorsRoutes
