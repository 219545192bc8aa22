import { Type } from 'typebox'
import { CodiceFiscale, IsoDateTime, Page, PageQuery, named } from '../../lib/schemas.js'

export const OutboxChannel = Type.Enum(['sms', 'email', 'pec', 'post'])

export const OutboxQuery = named(
  'OutboxQuery',
  Type.Object({
    ...PageQuery.properties,
    codiceFiscale: Type.Optional(CodiceFiscale),
    channel: Type.Optional(OutboxChannel),
  }),
)

export const OutboxMessage = named(
  'OutboxMessage',
  Type.Object({
    id: Type.String({ format: 'uuid' }),
    codiceFiscale: Type.Union([Type.String(), Type.Null()]),
    channel: OutboxChannel,
    recipient: Type.String({ examples: ['+39 333 1234567'] }),
    subject: Type.String({ examples: ['PIN INPS: prima parte'] }),
    body: Type.String(),
    pinPart: Type.Optional(
      Type.Enum(['first', 'second', 'full'], { description: 'Which part of a PIN the message carries' }),
    ),
    secret: Type.Optional(
      Type.String({ description: 'The PIN part itself, as the citizen would read it', examples: ['K7PX3MQA'] }),
    ),
    sentAt: IsoDateTime,
    deliverAt: IsoDateTime,
  }),
)

export const OutboxPage = named(
  'OutboxPage',
  Page(OutboxMessage, 'Messages delivered by now (emulated clock), oldest first'),
)
