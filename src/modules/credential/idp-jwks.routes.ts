import type { FastifyPluginAsync } from 'fastify'
import { publishJwks } from '../../core/keys/publish-jwks.js'
import { IdpJwks } from './federated.schemas.js'

// docs/rules.md §5: the test IdP publishes its own keys; relying parties need them without the emulator token.
const idpJwksRoutes: FastifyPluginAsync = async (app) =>
  publishJwks(app, {
    url: '/.well-known/idp-jwks.json',
    operationId: 'getIdpJwks',
    tags: ['credentials'],
    summary: "Public keys of the emulator's identity provider (JWKS)",
    description:
      'They verify the SPID/CIE/CNS assertions of POST /emulator/idp/assertions, never access tokens (those are at /.well-known/jwks.json).',
    schema: IdpJwks,
    keys: () => app.services.identityProvider.jwks(),
  })

export default idpJwksRoutes
