import fp from 'fastify-plugin'
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { AppError } from '../../lib/errors.js'
import { hitRateLimits } from './rate-limit.repository.js'

const WINDOW_SECONDS = 60

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * A preHandler limiting a scope (login, pin-request, recovery) per client IP and per subject
     * (codice fiscale or operator id, read from the body): guessing PINs and flooding requests cost.
     */
    rateLimit(scope: string, subjectOf: (request: FastifyRequest) => string | undefined): preHandlerAsyncHookHandler
  }
}

export default fp(
  async (app) => {
    const { perIp, perSubject } = app.config.rateLimits
    app.decorate('rateLimit', (scope: string, subjectOf: (request: FastifyRequest) => string | undefined) => async (request: FastifyRequest) => {
      const limits = new Map<string, number>()
      if (perIp > 0) limits.set(`${scope}:ip:${request.ip}`, perIp)
      const subject = subjectOf(request)?.toUpperCase()
      if (perSubject > 0 && subject) limits.set(`${scope}:subject:${subject}`, perSubject)
      if (limits.size === 0) return
      const counts = await hitRateLimits(app.db, [...limits.keys()], WINDOW_SECONDS)
      const over = counts.find((c) => c.hits > (limits.get(c.key) ?? Infinity))
      if (over) {
        throw new AppError(429, 'RATE_LIMITED', 'Too Many Requests', `Too many requests; retry in ${over.retryAfter} seconds`, { retryAfterSeconds: over.retryAfter }, {
          'retry-after': String(over.retryAfter),
        })
      }
    })
  },
  { name: 'rate-limit', dependencies: ['services'] },
)
