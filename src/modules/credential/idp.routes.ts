import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Static } from 'typebox'
import { problemResponses } from '../../lib/schemas.js'
import { AssertionIssued, AssertionRequestBody, IdpJwks } from './federated.schemas.js'
import { FEDERATED_AUDIENCE, IDP_ISSUER } from './idp.service.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

/** The emulator's test identity provider (docs/rules.md §5), under /emulator. */
const idpRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/idp/assertions',
    {
      schema: {
        operationId: 'createIdpAssertion',
        tags: TAGS,
        security: SECURITY,
        summary: 'Sign a SPID, CIE or CNS assertion for a codice fiscale',
        description:
          `A JWT (ES256) signed with the IdP's own key (JWKS at /.well-known/idp-jwks.json), issuer \`${IDP_ISSUER}\`, audience ` +
          `\`${FEDERATED_AUDIENCE}\`, jti = assertionId, expiring after ttlSeconds of emulated time. Exchange it once at POST /api/v1/auth/federated. ` +
          'spidLevel is required for spid (1, 2 or 3: level 1 is signed so that its refusal can be tried) and refused for cie and cns.',
        body: AssertionRequestBody,
        response: { 201: AssertionIssued, ...problemResponses(400, 401) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.services.testIdp.issue(await request.now(), request.body, request.id)),
  )

  app.get(
    '/idp/jwks.json',
    {
      schema: {
        operationId: 'getIdpJwksEmulator',
        tags: TAGS,
        security: SECURITY,
        summary: "The IdP's public keys (JWKS)",
        description: 'Same document as the public GET /.well-known/idp-jwks.json.',
        response: { 200: IdpJwks, ...problemResponses(401) },
      },
    },
    async () => (await app.services.identityProvider.jwks()) as Static<typeof IdpJwks>,
  )
}

export default idpRoutes
