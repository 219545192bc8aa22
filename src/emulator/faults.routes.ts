import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../lib/schemas.js'
import { FaultBody, FaultDeleteQuery, FaultDeleted, FaultList } from '../core/faults/faults.schemas.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

const faultsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const present = async () => ({ items: await app.services.faults.list() })

  app.put(
    '/faults',
    {
      schema: {
        operationId: 'putFault',
        tags: TAGS,
        security: SECURITY,
        summary: 'Inject latency, errors or overload on matching routes',
        description:
          'Stored in the database: every instance applies it (within a second). One fault per route pattern and method; PUT again to change it.',
        body: FaultBody,
        response: { 200: FaultList, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const { routePattern, method = '*', latencyMs = 0, errorRate = 0, overload = false } = request.body
      await app.services.faults.save({ routePattern, method, latencyMs, errorRate, overload })
      app.faults.invalidate()
      request.log.warn({ routePattern, method, latencyMs, errorRate, overload }, 'fault injected')
      return present()
    },
  )

  app.get(
    '/faults',
    {
      schema: {
        operationId: 'listFaults',
        tags: TAGS,
        security: SECURITY,
        summary: 'Faults in force',
        description:
          'The faults injected with PUT /emulator/faults: the routes they match and the latency, error rate or overload they add.',
        response: { 200: FaultList, ...problemResponses(401) },
      },
    },
    present,
  )

  app.delete(
    '/faults',
    {
      schema: {
        operationId: 'deleteFaults',
        tags: TAGS,
        security: SECURITY,
        summary: 'Remove injected faults (all, or one route pattern)',
        description:
          'Without `routePattern` removes every fault; with it, only the faults of that pattern. Answers how many were removed.',
        querystring: FaultDeleteQuery,
        response: { 200: FaultDeleted, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const deleted = await app.services.faults.remove(request.query.routePattern)
      app.faults.invalidate()
      return { deleted }
    },
  )
}

export default faultsRoutes
