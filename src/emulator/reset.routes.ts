import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { named, problemResponses } from '../lib/schemas.js'

const ResetResult = named(
  'ResetResult',
  Type.Object({
    reset: Type.Literal(true),
    tablesEmptied: Type.Integer({ examples: [7] }),
    fixtures: Type.Boolean({ description: 'Whether the default fixture set was loaded' }),
  }),
)

const resetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/reset',
    {
      schema: {
        operationId: 'resetEmulator',
        tags: ['emulator'],
        security: [{ emulatorToken: [] }],
        summary: 'Back to the default data',
        description:
          'Empties every table, puts the clock back on real time and reloads the default fixtures (people, offices, operators), in one transaction.',
        response: { 200: ResetResult, ...problemResponses(401) },
      },
    },
    async (request) => {
      const { tables } = await app.services.fixtures.reset(app.config.seedFixtures)
      request.log.info({ tables }, 'emulator reset')
      return { reset: true as const, tablesEmptied: tables, fixtures: app.config.seedFixtures }
    },
  )
}

export default resetRoutes
