import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { named, problemResponses } from '../lib/schemas.js'

const JobsResult = named(
  'JobsRunResult',
  Type.Object({
    processed: Type.Integer({ description: 'Applications evaluated by this run', examples: [12] }),
  }),
)

const jobsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/jobs/run',
    {
      schema: {
        operationId: 'runJobs',
        tags: ['emulator'],
        security: [{ emulatorToken: [] }],
        summary: 'Evaluate pending applications now',
        description:
          'Evaluates pending applications, from 19 May 2020 (emulated) schedules the DL 34 April and May instalments of March beneficiaries (docs/rules.md §14), and pays the payments whose value date has come. The background worker does the same every JOBS_INTERVAL_MS; letters need no job: they appear once the clock passes their delivery time.',
        response: { 200: JobsResult, ...problemResponses(401) },
      },
    },
    async () => ({ processed: await app.services.evaluation.runPending() }),
  )
}

export default jobsRoutes
