import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { named } from '../../lib/schemas.js'
import { PublicJwk } from '../keys/keys.schemas.js'

const Jwks = named(
  'Jwks',
  Type.Object(
    {
      keys: Type.Array(PublicJwk),
    },
    { description: 'Public keys that verify access tokens' },
  ),
)

const jwksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        operationId: 'getJwks',
        tags: ['pin'],
        summary: 'Public keys of the access tokens (JWKS)',
        description:
          'The public keys (by `kid`) that verify the accessToken JWTs this service signs. Public, and cacheable for 5 minutes.',
        response: { 200: Jwks },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300')
      return (await app.services.tokens.jwks()) as Static<typeof Jwks>
    },
  )
}

export default jwksRoutes
