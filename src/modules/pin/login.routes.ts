import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import { normalizeCodiceFiscale } from '../../lib/codice-fiscale.js'
import { LoginResult, Me, OperatorLoginBody, PinChangeBody, PinLoginBody, Session } from './login.schemas.js'
import { loginCitizen, loginOperator, type LoginDeps } from './login.service.js'
import { changePin } from './pin-change.service.js'
import { describeMe } from './me.service.js'

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps: LoginDeps = { db: app.db, tokens: app.tokens, audit: app.audit, emergencyEnd: app.config.rules.emergencyEnd }

  app.post('/auth/pin', {
    preHandler: app.rateLimit('login', (request) => (request.body as { codiceFiscale?: string }).codiceFiscale),
    schema: {
      operationId: 'loginWithPin', tags: ['pin'],
      summary: 'Log in with codice fiscale and PIN',
      description:
        'First 8 characters alone: a `pin_semplificato` session (COVID services only, during the emergency). Full 16 characters on first use, ' +
        'or an expired personal PIN: `pin_change_required` with a changeToken. Personal PIN: `pin_ordinario` or `pin_dispositivo`. ' +
        '5 consecutive wrong PINs lock the credential for 24 hours (423). An unknown codice fiscale answers exactly like a wrong PIN.',
      body: PinLoginBody,
      response: { 200: LoginResult, ...problemResponses(400, 401, 403, 423, 429) },
    },
  }, async (request) => loginCitizen(deps, await request.now(), normalizeCodiceFiscale(request.body.codiceFiscale), request.body.pin, request.id))

  app.post('/auth/pin/change', {
    schema: {
      operationId: 'changePin', tags: ['pin'],
      summary: 'Set the personal 8-character PIN',
      description: 'Replaces the 16-character PIN on first use, or an expired PIN. The session keeps the same level and services.',
      body: PinChangeBody,
      response: { 200: Session, ...problemResponses(400, 401) },
    },
  }, async (request) => changePin(deps, await request.now(), request.body.changeToken, request.body.newPin, request.id))

  app.post('/auth/operator', {
    preHandler: app.rateLimit('operator-login', (request) => (request.body as { operatorId?: string }).operatorId),
    schema: {
      operationId: 'loginOperator', tags: ['pin'],
      summary: 'Operator login (Contact Center, patronato, intermediary, back office, sede)',
      description: 'The role travels in the token. Patronato and intermediary PINs expire after 3 months.',
      body: OperatorLoginBody,
      response: { 200: LoginResult, ...problemResponses(400, 401, 423, 429) },
    },
  }, async (request) => loginOperator(deps, await request.now(), request.body.operatorId.toUpperCase(), request.body.pin, request.id))

  app.get('/me', {
    onRequest: app.requireAuth({ roles: ['citizen'] }),
    schema: {
      operationId: 'getMe', tags: ['pin'], security: BEARER_SECURITY,
      summary: 'Who am I: identity, session level and PIN state',
      response: { 200: Me, ...problemResponses(401, 403) },
    },
  }, async (request) => describeMe(app.db, authOf(request)))
}

export default authRoutes
