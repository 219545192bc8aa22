import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { badRequest } from '../lib/errors.js'
import { normalizeCodiceFiscale } from '../lib/codice-fiscale.js'
import { problemResponses } from '../lib/schemas.js'
import {
  DeliveryFaultBody,
  DeliveryFaultDeleteQuery,
  DeliveryFaultList,
  DeliveryFaultsDeleted,
  DroppedPage,
  DroppedQuery,
} from '../core/outbox/delivery-faults.schemas.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

/** docs/rules.md §15: SMS and letters got lost in 2020; here they can be, so the 12-hour rule happens. */
const deliveryFaultsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const faults = app.services.deliveryFaults

  app.put(
    '/delivery-faults',
    {
      schema: {
        operationId: 'putDeliveryFault',
        tags: TAGS,
        security: SECURITY,
        summary: 'Drop or delay the messages of a channel (letters also per province)',
        description:
          'Applies to messages queued from now on, on every instance. drop: the message is recorded as dropped (GET /emulator/delivery-faults/dropped) ' +
          'and never delivered; delay: delivered `delayHours` later on the emulated clock. `provinces` (post only) limits the rule to letters to those provinces. ' +
          'One rule per channel: PUT again to change it.',
        body: DeliveryFaultBody,
        response: { 200: DeliveryFaultList, ...problemResponses('INVALID_DELIVERY_FAULT', 400, 401) },
      },
    },
    async (request) => {
      const { channel, mode, delayHours, provinces } = request.body
      if ((mode === 'delay') !== (delayHours !== undefined))
        throw badRequest('INVALID_DELIVERY_FAULT', 'delayHours goes with mode delay, and only with it')
      if (provinces && channel !== 'post')
        throw badRequest('INVALID_DELIVERY_FAULT', 'provinces apply to letters only (channel post)')
      return { items: await faults.save({ channel, mode, delayHours, provinces }, await request.now()) }
    },
  )

  app.get(
    '/delivery-faults',
    {
      schema: {
        operationId: 'listDeliveryFaults',
        tags: TAGS,
        security: SECURITY,
        summary: 'Delivery faults in force',
        description: 'The rules set with PUT /emulator/delivery-faults, one per channel.',
        response: { 200: DeliveryFaultList, ...problemResponses(401) },
      },
    },
    async () => ({ items: await faults.list() }),
  )

  app.delete(
    '/delivery-faults',
    {
      schema: {
        operationId: 'deleteDeliveryFaults',
        tags: TAGS,
        security: SECURITY,
        summary: 'Remove delivery faults (all, or one channel)',
        description: 'Messages queued afterwards are delivered normally; those already dropped or delayed stay so.',
        querystring: DeliveryFaultDeleteQuery,
        response: { 200: DeliveryFaultsDeleted, ...problemResponses(400, 401) },
      },
    },
    async (request) => ({ deleted: await faults.remove(request.query.channel) }),
  )

  app.get(
    '/delivery-faults/dropped',
    {
      schema: {
        operationId: 'listDroppedMessages',
        tags: TAGS,
        security: SECURITY,
        summary: 'Messages lost to a delivery fault',
        description:
          'What was "sent" but never arrived: never in GET /emulator/outbox. Filter by `codiceFiscale` or `channel`; pages of `limit` with `cursor`.',
        querystring: DroppedQuery,
        response: { 200: DroppedPage, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const { limit = 50, cursor, codiceFiscale, channel } = request.query
      return faults.dropped({
        codiceFiscale: codiceFiscale && normalizeCodiceFiscale(codiceFiscale),
        channel,
        afterSeq: cursor ? Number(cursor) : undefined,
        limit,
      })
    },
  )
}

export default deliveryFaultsRoutes
