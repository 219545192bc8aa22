import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problemResponses } from '../lib/schemas.js'

const JobsResult = Type.Object({ processed: Type.Integer({ description: 'Applications evaluated by this run', examples: [12] }) })

const jobsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/jobs/run', {
    schema: {
      operationId: 'runJobs', tags: ['emulator'], security: [{ emulatorToken: [] }],
      summary: 'Evaluate pending applications now',
      description: 'The background worker does the same every JOBS_INTERVAL_MS; letters need no job: they appear once the clock passes their delivery time.',
      response: { 200: JobsResult, ...problemResponses(401) },
    },
  }, async () => ({ processed: await app.services.evaluation.runPending() }))
}

export default jobsRoutes
