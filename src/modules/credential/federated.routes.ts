import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { Session } from '../../core/auth/auth.schemas.js'
import { FederatedLoginBody } from './federated.schemas.js'

const federatedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/federated',
    {
      schema: {
        operationId: 'loginFederated',
        tags: ['credentials'],
        summary: 'Log in with a SPID, CIE or CNS assertion',
        description:
          "Exchanges an assertion of the emulator's test identity provider (POST /emulator/idp/assertions) for a session: spid_l2, spid_l3, cie " +
          'or cns, each worth a PIN dispositivo. Checked: the IdP signature (keys at /.well-known/idp-jwks.json), issuer, audience, expiry on the ' +
          'emulated clock (401 INVALID_ASSERTION; `reason` says which, detail `expired` for an expired one) and single use: each assertion id is ' +
          'recorded in the database, so a second use fails on any instance (401 ASSERTION_REPLAYED). SPID level 1: 403 INSUFFICIENT_LEVEL.',
        body: FederatedLoginBody,
        response: { 200: Session, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => app.services.federated.login(await request.now(), request.body.assertion, request.id),
  )
}

export default federatedRoutes
