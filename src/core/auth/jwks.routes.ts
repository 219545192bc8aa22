import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { IdpJwks } from '../../modules/credential/federated.schemas.js'
import { createIdentityProvider } from '../../modules/credential/idp.service.js'

const Jwks = Type.Object(
  { keys: Type.Array(Type.Object({ kty: Type.String(), kid: Type.String(), alg: Type.String(), use: Type.String(), crv: Type.String(), x: Type.String(), y: Type.String() })) },
  { description: 'Public keys that verify access tokens' },
)

const jwksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/.well-known/jwks.json', {
    schema: { operationId: 'getJwks', tags: ['pin'], summary: 'Public keys of the access tokens (JWKS)', response: { 200: Jwks } },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300')
    return (await app.tokens.jwks()) as Static<typeof Jwks>
  })

  // SPEC 5: the test IdP publishes its own keys; relying parties need them without the emulator token.
  const idp = createIdentityProvider(app.db)
  app.get('/.well-known/idp-jwks.json', {
    schema: {
      operationId: 'getIdpJwks', tags: ['credentials'], summary: "Public keys of the emulator's identity provider (JWKS)",
      description: 'They verify the SPID/CIE/CNS assertions of POST /emulator/idp/assertions, never access tokens (those are at /.well-known/jwks.json).',
      response: { 200: IdpJwks },
    },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300')
    return (await idp.jwks()) as Static<typeof IdpJwks>
  })
}

export default jwksRoutes
