import fp from 'fastify-plugin'
import type { FastifyRequest, onRequestAsyncHookHandler, preHandlerAsyncHookHandler } from 'fastify'
import { AppError } from '../../lib/errors.js'
import { decodeOmocodia } from '../../lib/codice-fiscale.js'
import { hitRateLimits } from './rate-limit.repository.js'

const WINDOW_SECONDS = 60
const SCOPE = Symbol('rateLimitScope')
const CODICE_FISCALE_SHAPE = /^[A-Z0-9]{16}$/

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * A preHandler limiting a scope (login, pin-request, recovery) per subject (codice fiscale or
     * operator id, read from the body): guessing PINs and flooding requests cost. The route using it
     * is also limited per client IP, counted on arrival, before the body is even parsed.
     */
    rateLimit(scope: string, subjectOf: (request: FastifyRequest) => string | undefined): preHandlerAsyncHookHandler
  }
}

/**
 * One counter per person however the subject is spelt: case, spaces anywhere, and for a codice
 * fiscale its omocodia variants (letters for digits) and check character, which all name the same person.
 */
export function subjectKey(raw: string): string {
  const compact = raw.replace(/\s+/g, '').toUpperCase()
  return CODICE_FISCALE_SHAPE.test(compact) ? decodeOmocodia(compact).slice(0, 15) : compact
}

async function enforce(app: { db: Parameters<typeof hitRateLimits>[0] }, limits: Map<string, number>): Promise<void> {
  if (limits.size === 0) return
  const counts = await hitRateLimits(app.db, [...limits.keys()], WINDOW_SECONDS)
  const over = counts.find((c) => c.hits > (limits.get(c.key) ?? Infinity))
  if (over) {
    throw new AppError(
      429,
      'RATE_LIMITED',
      'Too Many Requests',
      `Too many requests; retry in ${over.retryAfter} seconds`,
      { retryAfterSeconds: over.retryAfter },
      {
        'retry-after': String(over.retryAfter),
      },
    )
  }
}

type Scoped = preHandlerAsyncHookHandler & { [SCOPE]?: string }

export default fp(
  async (app) => {
    const { perIp, perSubject } = app.config.rateLimits

    app.decorate('rateLimit', (scope: string, subjectOf: (request: FastifyRequest) => string | undefined) => {
      const handler: Scoped = async (request: FastifyRequest) => {
        const subject = perSubject > 0 ? subjectOf(request) : undefined
        if (subject) await enforce(app, new Map([[`${scope}:subject:${subjectKey(subject)}`, perSubject]]))
      }
      handler[SCOPE] = scope
      return handler
    })

    // Every request of a limited route counts against its IP, malformed ones included: counted after
    // validation, a flood of invalid bodies was free, and the validator's work is what it costs us.
    app.addHook('onRoute', (route) => {
      const scope = [route.preHandler]
        .flat()
        .map((h) => (h as Scoped | undefined)?.[SCOPE])
        .find(Boolean)
      if (!scope || perIp === 0) return
      const countIp: onRequestAsyncHookHandler = async (request) =>
        enforce(app, new Map([[`${scope}:ip:${request.ip}`, perIp]]))
      route.onRequest = [countIp, ...[route.onRequest ?? []].flat()]
    })
  },
  { name: 'rate-limit', dependencies: ['services'] },
)
