import fp from 'fastify-plugin'
import { createSubmissionBatcher, type SubmissionBatcher } from './submission.service.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's group commit for application submissions. */
    submissions: SubmissionBatcher
  }
}

const MAX_BATCH = 64

export default fp(
  async (app) => {
    // PGlite has one connection: one batch at a time.
    const maxInFlight = app.backend === 'pglite' ? 1 : app.config.submissionBatchesInFlight
    app.decorate('submissions', createSubmissionBatcher(app.db, { maxInFlight, maxBatch: MAX_BATCH }))
  },
  { name: 'submissions', dependencies: ['database', 'services'] },
)
