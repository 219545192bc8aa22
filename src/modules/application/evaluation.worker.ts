import fp from 'fastify-plugin'

/** Background jobs: evaluates pending applications (every instance may, SKIP LOCKED) and drops stale rate-limit windows. */
export default fp(
  async (app) => {
    const interval = app.config.jobsIntervalMs
    if (interval === 0) return
    let running: Promise<unknown> = Promise.resolve()
    let stopped = false
    const tick = () => {
      running = app.services.evaluation
        .runPending()
        .then(() => app.services.rateLimits.purge())
        .catch((err) => app.log.warn({ err }, 'evaluation run failed; it will be retried'))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, interval)
        })
    }
    let timer = setTimeout(tick, interval)
    app.addHook('onClose', async () => {
      stopped = true
      clearTimeout(timer)
      await running
    })
  },
  { name: 'evaluation-worker', dependencies: ['services'] },
)
