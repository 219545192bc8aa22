import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Static } from 'typebox'
import { badRequest } from '../../lib/errors.js'
import { problemResponses } from '../../lib/schemas.js'
import { toRomeIso } from '../../lib/rome-time.js'
import { requireCodiceFiscale } from '../../core/archive/persons.service.js'
import { AssertionIssued, AssertionRequestBody, IdpJwks } from './federated.schemas.js'
import { FEDERATED_AUDIENCE, IDP_ISSUER, createIdentityProvider } from './idp.service.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

/** The emulator's test identity provider (SPEC 5), under /emulator. */
const idpRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const idp = createIdentityProvider(app.db)

  app.post('/idp/assertions', {
    schema: {
      operationId: 'createIdpAssertion', tags: TAGS, security: SECURITY,
      summary: 'Sign a SPID, CIE or CNS assertion for a codice fiscale',
      description:
        `A JWT (ES256) signed with the IdP's own key (JWKS at /.well-known/idp-jwks.json), issuer \`${IDP_ISSUER}\`, audience ` +
        `\`${FEDERATED_AUDIENCE}\`, jti = assertionId, expiring after ttlSeconds of emulated time. Exchange it once at POST /api/v1/auth/federated. ` +
        'spidLevel is required for spid (1, 2 or 3: level 1 is signed so that its refusal can be tried) and refused for cie and cns.',
      body: AssertionRequestBody,
      response: { 201: AssertionIssued, ...problemResponses(400, 401) },
    },
  }, async (request, reply) => {
    const { provider, spidLevel } = request.body
    const codiceFiscale = requireCodiceFiscale(request.body.codiceFiscale)
    if (provider === 'spid' && spidLevel === undefined) throw badRequest('SPID_LEVEL_REQUIRED', 'A SPID assertion needs spidLevel 1, 2 or 3', { errors: [{ field: '/spidLevel', message: 'required for spid' }] })
    if (provider !== 'spid' && spidLevel !== undefined) throw badRequest('SPID_LEVEL_NOT_APPLICABLE', `spidLevel applies to spid only, not ${provider}`, { errors: [{ field: '/spidLevel', message: 'only for spid' }] })
    const now = await app.clock.now()
    const signed = await idp.sign(now, { codiceFiscale, provider, spidLevel, ttlSeconds: request.body.ttlSeconds ?? 300 })
    await app.audit.record(app.db, now, { type: 'emulator', channel: 'idp', requestId: request.id }, {
      action: 'idp.assertion_signed', outcome: 'success', codiceFiscale, detail: { provider, spidLevel, assertionId: signed.assertionId },
    })
    return reply.code(201).send({ assertion: signed.assertion, assertionId: signed.assertionId, expiresAt: toRomeIso(signed.expiresAt) })
  })

  app.get('/idp/jwks.json', {
    schema: {
      operationId: 'getIdpJwksEmulator', tags: TAGS, security: SECURITY,
      summary: "The IdP's public keys (JWKS)",
      description: 'Same document as the public GET /.well-known/idp-jwks.json.',
      response: { 200: IdpJwks, ...problemResponses(401) },
    },
  }, async () => (await idp.jwks()) as Static<typeof IdpJwks>)
}

export default idpRoutes
