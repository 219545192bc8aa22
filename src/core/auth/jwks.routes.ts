import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { named } from '../../lib/schemas.js'
import { PublicJwk } from '../keys/keys.schemas.js'
import { publishJwks } from '../keys/publish-jwks.js'

const Jwks = named(
  'Jwks',
  Type.Object(
    {
      keys: Type.Array(PublicJwk),
    },
    { description: 'Public keys that verify access tokens' },
  ),
)

const jwksRoutes: FastifyPluginAsync = async (app) =>
  publishJwks(app, {
    url: '/.well-known/jwks.json',
    operationId: 'getJwks',
    tags: ['pin'],
    summary: 'Public keys of the access tokens (JWKS)',
    description:
      'The public keys (by `kid`) that verify the accessToken JWTs this service signs. Public, and cacheable for 5 minutes.',
    schema: Jwks,
    keys: () => app.services.tokens.jwks(),
  })

export default jwksRoutes
