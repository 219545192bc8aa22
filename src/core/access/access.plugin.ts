import fp from 'fastify-plugin'
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { forbidden } from '../../lib/errors.js'
import { toRomeIso } from '../../lib/rome-time.js'
import { authOf } from '../auth/auth.plugin.js'
import { accessWindowDecision } from './access-windows.rules.js'
import { isContactCenterOpen, nextContactCenterOpening } from './contact-center-hours.rules.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** A preHandler (after requireAuth) that admits the caller only inside its access window (docs/rules.md §7). */
    requireAccessWindow(): preHandlerAsyncHookHandler
  }
}

export default fp(
  async (app) => {
    const settings = app.config.rules.accessWindows
    app.decorate('requireAccessWindow', () => async (request: FastifyRequest) => {
      const { role } = authOf(request)
      const now = await request.now()
      if (role === 'contact_center') {
        if (!isContactCenterOpen(now)) {
          const next = nextContactCenterOpening(now)
          throw forbidden(
            'OUTSIDE_CONTACT_CENTER_HOURS',
            `The Contact Center is closed; it opens again at ${toRomeIso(next)}`,
            { nextOpeningAt: toRomeIso(next) },
          )
        }
        return
      }
      const decision = accessWindowDecision(now, role, settings)
      if (!decision.open) {
        const who = role === 'citizen' ? 'Citizens' : 'Patronati and intermediaries'
        throw forbidden(
          'OUTSIDE_ACCESS_WINDOW',
          `${who} can use this service from ${toRomeIso(decision.nextOpening)}`,
          {
            nextWindowOpensAt: toRomeIso(decision.nextOpening),
          },
        )
      }
    })
  },
  { name: 'access', dependencies: ['services', 'auth'] },
)
