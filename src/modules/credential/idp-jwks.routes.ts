import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Static } from 'typebox'
import { IdpJwks } from './federated.schemas.js'

const idpJwksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // docs/rules.md §5: the test IdP publishes its own keys; relying parties need them without the emulator token.
  app.get(
    '/.well-known/idp-jwks.json',
    {
      schema: {
        operationId: 'getIdpJwks',
        tags: ['credentials'],
        summary: "Public keys of the emulator's identity provider (JWKS)",
        description:
          'They verify the SPID/CIE/CNS assertions of POST /emulator/idp/assertions, never access tokens (those are at /.well-known/jwks.json).',
        response: { 200: IdpJwks },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300')
      return (await app.services.identityProvider.jwks()) as Static<typeof IdpJwks>
    },
  )
}

export default idpJwksRoutes
