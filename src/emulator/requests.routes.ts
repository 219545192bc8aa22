import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problemResponses } from '../lib/schemas.js'
import { JournalPage, JournalQuery } from '../core/journal/journal.schemas.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

/** The request journal: what reached /api and /emulator, to find why a call was refused. */
const requestsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/requests',
    {
      schema: {
        operationId: 'listRequests',
        tags: TAGS,
        security: SECURITY,
        summary: 'Recorded requests, newest first',
        description:
          'Every request to /api and /emulator (REQUEST_JOURNAL_ENABLED): ids, real and emulated time, route, status, problem code, duration, who called and about whom. Never bodies, tokens, PINs, IBANs or query strings. Filter by method, path prefix, status, code, codiceFiscale; pages of `limit` with `cursor`.',
        querystring: JournalQuery,
        response: { 200: JournalPage, ...problemResponses(400, 401) },
      },
    },
    async (request) => app.services.journal.list(request.query),
  )

  app.delete(
    '/requests',
    {
      schema: {
        operationId: 'clearRequests',
        tags: TAGS,
        security: SECURITY,
        summary: 'Empty the request journal',
        description:
          'Admin token only. Deletes every recorded request; recording goes on (switch it off with REQUEST_JOURNAL_ENABLED=false).',
        response: { 204: Type.Null({ description: 'Emptied' }), ...problemResponses(401) },
      },
    },
    async (_request, reply) => {
      await app.services.journal.clear()
      return reply.code(204).send(null)
    },
  )
}

export default requestsRoutes
