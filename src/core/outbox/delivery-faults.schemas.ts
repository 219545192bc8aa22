import { Type } from 'typebox'
import { named } from '../../lib/schemas.js'
import { OutboxChannel, OutboxMessage, OutboxQuery } from './outbox.schemas.js'

const Province = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Sigla of a province', examples: ['BG'] })

export const DeliveryFaultBody = named(
  'DeliveryFaultBody',
  Type.Object(
    {
      channel: Type.Enum(['sms', 'email', 'pec', 'post']),
      mode: Type.Enum(['drop', 'delay'], {
        description: 'drop: recorded as dropped, never delivered; delay: delivered delayHours later',
      }),
      delayHours: Type.Optional(
        Type.Integer({ minimum: 1, maximum: 8760, description: 'Required with mode delay', examples: [72] }),
      ),
      provinces: Type.Optional(
        Type.Array(Province, {
          minItems: 1,
          maxItems: 107,
          uniqueItems: true,
          description: 'post only: the rule hits only letters to these provinces (the red zones)',
        }),
      ),
    },
    {
      additionalProperties: false,
      description: 'One rule per channel: a new PUT for the channel replaces it',
      examples: [
        { channel: 'sms', mode: 'drop' },
        { channel: 'post', mode: 'delay', delayHours: 240, provinces: ['BG', 'BS', 'LO'] },
      ],
    },
  ),
)

export const DeliveryFault = named(
  'DeliveryFault',
  Type.Object({
    channel: OutboxChannel,
    mode: Type.Enum(['drop', 'delay']),
    delayHours: Type.Optional(Type.Integer()),
    provinces: Type.Optional(Type.Array(Type.String())),
  }),
)

export const DeliveryFaultList = named(
  'DeliveryFaultList',
  Type.Object({ items: Type.Array(DeliveryFault) }, { description: 'The delivery faults in force' }),
)

export const DeliveryFaultDeleteQuery = named(
  'DeliveryFaultDeleteQuery',
  Type.Object({ channel: Type.Optional(OutboxChannel) }),
)

export const DeliveryFaultsDeleted = named(
  'DeliveryFaultsDeleted',
  Type.Object({ deleted: Type.Integer() }, { description: 'How many rules were removed' }),
)

export const DroppedQuery = OutboxQuery

export const DroppedPage = named(
  'DroppedMessagePage',
  Type.Object(
    {
      items: Type.Array(OutboxMessage),
      nextCursor: Type.Optional(
        Type.String({ description: 'Pass as cursor to get the next page; absent on the last page' }),
      ),
    },
    { description: 'Messages lost to a delivery fault, oldest first: never delivered' },
  ),
)
