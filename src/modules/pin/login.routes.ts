import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import { normalizeCodiceFiscale } from '../../lib/codice-fiscale.js'
import { LoginResult, Session } from '../../core/auth/auth.schemas.js'
import { Me, PinChangeBody, PinLoginBody } from './login.schemas.js'

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { pinLogin, pinChange, me } = app.services

  app.post(
    '/auth/pin',
    {
      preHandler: app.rateLimit('login', (request) => (request.body as { codiceFiscale?: string }).codiceFiscale),
      schema: {
        operationId: 'loginWithPin',
        tags: ['pin'],
        summary: 'Log in with codice fiscale and PIN',
        description:
          'First 8 characters alone: a `pin_semplificato` session (COVID services only, during the emergency). Full 16 characters on first use, ' +
          'or an expired personal PIN: `pin_change_required` with a changeToken. Personal PIN: `pin_ordinario` or `pin_dispositivo`. ' +
          '5 consecutive wrong PINs lock the credential for 24 hours (423). An unknown codice fiscale answers exactly like a wrong PIN.',
        body: PinLoginBody,
        response: { 200: LoginResult, ...problemResponses(400, 401, 403, 423, 429) },
      },
    },
    async (request) =>
      pinLogin.login(
        await request.now(),
        normalizeCodiceFiscale(request.body.codiceFiscale),
        request.body.pin,
        request.id,
      ),
  )

  app.post(
    '/auth/pin/change',
    {
      schema: {
        operationId: 'changePin',
        tags: ['pin'],
        summary: 'Set the personal 8-character PIN',
        description:
          'Replaces the 16-character PIN on first use, or an expired PIN. The session keeps the same level and services.',
        body: PinChangeBody,
        response: { 200: Session, ...problemResponses(400, 401) },
      },
    },
    async (request) => pinChange.change(await request.now(), request.body.changeToken, request.body.newPin, request.id),
  )

  app.get(
    '/me',
    {
      onRequest: app.requireAuth({ roles: ['citizen'] }),
      schema: {
        operationId: 'getMe',
        tags: ['pin'],
        security: BEARER_SECURITY,
        summary: 'Who am I: identity, session level and PIN state',
        description:
          "Citizens only. The name on the citizen's PIN (or in the archive), the authentication level of this session, and the citizen's INPS PIN if any: ordinario or dispositivo, whether the personal PIN replaced the 16 characters, and when it expires.",
        response: { 200: Me, ...problemResponses(401, 403) },
      },
    },
    async (request) => me.describe(authOf(request)),
  )
}

export default authRoutes
