import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { named, problemResponses } from '../../lib/schemas.js'
import { AppError } from '../../lib/errors.js'

const Health = named(
  'HealthStatus',
  Type.Object(
    { status: Type.Literal('ok'), backend: Type.Optional(Type.Enum(['postgres', 'pglite'])) },
    { examples: [{ status: 'ok', backend: 'postgres' }] },
  ),
)

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health/live',
    {
      schema: {
        operationId: 'live',
        tags: ['health'],
        summary: 'The process is up',
        description:
          'Answers 200 while the process runs, without touching the database (GET /health/ready does). Never shed under load or injected faults: a liveness probe.',
        response: { 200: Health },
      },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'ready',
        tags: ['health'],
        summary: 'The database answers',
        description:
          'A readiness probe: 200 with the backend (postgres or pglite) when the database answers a query, else 503 DATABASE_UNAVAILABLE with Retry-After. Never shed under load or injected faults.',
        response: { 200: Health, ...problemResponses(503) },
      },
    },
    async (request) => {
      try {
        await app.services.health.ping()
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed')
        throw new AppError(
          503,
          'DATABASE_UNAVAILABLE',
          'Service Unavailable',
          'The database does not answer',
          {},
          { 'retry-after': '5' },
        )
      }
      return { status: 'ok' as const, backend: app.backend }
    },
  )
}

export default healthRoutes
