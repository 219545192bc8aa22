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
    /** A hook (after requireAuth) that admits Contact Center operators only in the Contact Center's hours (docs/rules.md §3). */
    requireContactCenterHours(): preHandlerAsyncHookHandler
  }
}

/** What every route behind requireContactCenterHours() says in its description. */
export const CONTACT_CENTER_HOURS_NOTE =
  'Only in Contact Center hours (Mon–Fri 08:00–20:00, Sat 08:00–14:00, Europe/Rome): otherwise 403 OUTSIDE_CONTACT_CENTER_HOURS with nextOpeningAt.'

/** docs/rules.md §3: the one check of the Contact Center's hours, behind both guards. */
function requireContactCenterOpen(now: Date): void {
  if (isContactCenterOpen(now)) return
  const next = toRomeIso(nextContactCenterOpening(now))
  throw forbidden('OUTSIDE_CONTACT_CENTER_HOURS', `The Contact Center is closed; it opens again at ${next}`, {
    nextOpeningAt: next,
  })
}

export default fp(
  async (app) => {
    const settings = app.config.rules.accessWindows
    app.decorate('requireAccessWindow', () => async (request: FastifyRequest) => {
      const { role } = authOf(request)
      const now = await request.now()
      // The Contact Center is not split: its hours are its window.
      if (role === 'contact_center') return requireContactCenterOpen(now)
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
    // docs/rules.md §1: an operator turned away outside the hours is in the audit trail, as a refused
    // action was before the hours became a guard (batched, like every refusal).
    app.decorate('requireContactCenterHours', () => async (request: FastifyRequest) => {
      const now = await request.now()
      try {
        requireContactCenterOpen(now)
      } catch (err) {
        const { subject } = authOf(request)
        app.services.auditBatch.add(
          now,
          { type: 'operator', id: subject, channel: 'contact_center', requestId: request.id },
          {
            action: 'contact_center.refused',
            outcome: 'failure',
            detail: { code: 'OUTSIDE_CONTACT_CENTER_HOURS', route: request.routeOptions.url },
          },
        )
        throw err
      }
    })
  },
  { name: 'access', dependencies: ['services', 'auth'] },
)
