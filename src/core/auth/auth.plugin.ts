import fp from 'fastify-plugin'
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { forbidden, unauthorized } from '../../lib/errors.js'
import type { TokenService } from './token.service.js'
import type { AuthContext, AuthLevel, Role } from './auth.types.js'

export interface AuthRequirement {
  /** Roles allowed; any role when omitted. */
  roles?: readonly Role[]
  /** Authentication levels accepted; any level when omitted. */
  levels?: readonly AuthLevel[]
}

declare module 'fastify' {
  interface FastifyInstance {
    /** A preHandler that admits only a valid access token meeting the requirement. */
    requireAuth(requirement?: AuthRequirement): preHandlerAsyncHookHandler
  }
  interface FastifyRequest {
    auth: AuthContext | null
  }
}

export const BEARER_SECURITY = [{ bearerAuth: [] }]

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization
  const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim()) : null
  if (!match) throw unauthorized('UNAUTHORIZED', 'Send Authorization: Bearer <accessToken>')
  return match[1]
}

/** The route guard built on the access tokens (jose, ES256, keys in the database): the services registry builds the tokens. */
export default fp<{ tokens: Pick<TokenService, 'verifyAccessToken'> }>(
  async (app, { tokens }) => {
    app.decorateRequest('auth', null)
    app.decorate('requireAuth', (requirement: AuthRequirement = {}) => {
      return async (request: FastifyRequest) => {
        const auth = await tokens.verifyAccessToken(bearerToken(request), await request.now())
        // Known from here even when refused below: the audit names the caller of a refusal (docs/rules.md §1).
        request.auth = auth
        if (requirement.roles && !requirement.roles.includes(auth.role)) {
          if (auth.role === 'intermediario') {
            throw forbidden(
              'INTERMEDIARY_NOT_ALLOWED',
              'Intermediaries (CAF, commercialisti) may not use this service for their clients',
            )
          }
          throw forbidden('ROLE_NOT_ALLOWED', `This route is not open to the role ${auth.role}`)
        }
        if (requirement.levels && !requirement.levels.includes(auth.authLevel)) {
          throw forbidden(
            'INSUFFICIENT_LEVEL',
            `Authentication level ${auth.authLevel} is not enough here; accepted: ${requirement.levels.join(', ')}`,
            {
              acceptedLevels: requirement.levels,
            },
          )
        }
      }
    })
  },
  { name: 'auth', dependencies: ['services'] },
)

/** The caller proven by requireAuth; only call it in handlers behind that guard. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthorized()
  return request.auth
}
