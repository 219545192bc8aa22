import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { PinRecoveryAccepted, PinRecoveryBody } from './pin-recovery.schemas.js'

/** docs/rules.md §3, recovery (smarrimento) online. */
const pinRecoveryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.pinRecovery

  app.post(
    '/pin-recoveries',
    {
      preHandler: app.rateLimit(
        'pin-recovery',
        (request) => (request.body as { codiceFiscale?: string }).codiceFiscale,
      ),
      schema: {
        operationId: 'recoverPin',
        tags: ['pin'],
        summary: 'Recover a lost PIN online',
        description:
          "Only for an activated PIN. Give at least two of mobile, email and PEC matching those INPS has on file: the archive record's, " +
          'or, when the archive has none, those of the activated PIN (never contacts typed into a request). A new 16-character PIN is issued: ' +
          'the first half to one contact (the mobile by SMS when it matched), the second half to another (email or PEC), both at once. ' +
          'It must be activated again with the full 16 characters; the level is kept and a lockout is lifted. ' +
          'Fewer than two matching contacts, no PIN, or a PIN not yet activated (its second half comes only by post) is ' +
          '422 RECOVERY_NEEDS_TWO_CONTACTS: call the Contact Center. The example works once Marco Esposito has activated a PIN.',
        body: PinRecoveryBody,
        response: { 202: PinRecoveryAccepted, ...problemResponses(400, 422, 429) },
      },
    },
    async (request, reply) => {
      const accepted = await service.recover(await request.now(), request.body, request.id)
      return reply.code(202).send(accepted)
    },
  )
}

export default pinRecoveryRoutes
