import { Type } from 'typebox'
import { IsoDateTime, Page, named } from '../../lib/schemas.js'
import { PIN_REQUEST_EXAMPLE, PinRequestBody } from './pin-request.schemas.js'

export const ContactCenterPinRequestBody = named(
  'ContactCenterPinRequestBody',
  Type.Object(PinRequestBody.properties, {
    additionalProperties: false,
    description: "The caller's data as the operator took it on the phone (same fields as POST /api/v1/pin-requests)",
    // The same fields and example as the online request: the operator types what the caller says.
    examples: [PIN_REQUEST_EXAMPLE],
  }),
)

export const ContactCenterPinRequestCreated = named(
  'ContactCenterPinRequestCreated',
  Type.Object(
    {
      id: Type.String({ format: 'uuid' }),
      status: Type.Literal('issued'),
      firstHalf: Type.String({
        minLength: 8,
        maxLength: 8,
        description:
          'The first 8 characters of the PIN, for the operator to read to the caller (also sent by SMS/email). The only API response that carries a PIN half.',
        examples: ['K7PX3MQA'],
      }),
    },
    { description: 'Registered and validated in one step' },
  ),
)

export const ValidatedPinRequest = named(
  'ValidatedPinRequest',
  Type.Object(
    { id: Type.String({ format: 'uuid' }), status: Type.Literal('issued') },
    { description: 'Issued now (pending request) or first half sent again (issued more than 12 hours ago)' },
  ),
)

export const WorklistQuery = named(
  'WorklistQuery',
  Type.Object({
    status: Type.Literal('pending_validation', {
      description: 'The requests waiting for the Contact Center to call back and validate',
    }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page' })),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '^[A-Za-z0-9_-]+$',
        description: 'nextCursor of the previous page',
      }),
    ),
  }),
)

export const WorklistItem = named(
  'PinRequestToCallBack',
  Type.Object(
    {
      id: Type.String({ format: 'uuid' }),
      codiceFiscale: Type.String({ examples: ['BNCGLI84H52H501C'] }),
      firstName: Type.String({ examples: ['Giulia'] }),
      lastName: Type.String({ examples: ['Bianchi'] }),
      assistancePhone: Type.String({ description: 'Where to call the citizen back', examples: ['+39 347 1200001'] }),
      channel: Type.Enum(['web', 'contact_center']),
      requestedAt: IsoDateTime,
    },
    { description: 'A PIN request whose address did not match the archive: call the citizen back, then validate it' },
  ),
)

export const Worklist = named('PinRequestWorklist', Page(WorklistItem, 'Requests waiting for validation, oldest first'))

export const ContactCenterInfo = named(
  'ContactCenterInfo',
  Type.Object(
    {
      landline: Type.String({ description: 'Numero verde, free from landlines', examples: ['803 164'] }),
      mobile: Type.String({ description: "From mobiles, charged by the operator's tariff", examples: ['06 164164'] }),
      fax: Type.String({
        description: 'Free fax number (e.g. the signed PIN dispositivo form)',
        examples: ['800 803 164'],
      }),
      hours: Type.Array(
        Type.Object({
          days: Type.String({ examples: ['Monday–Friday'] }),
          open: Type.String({ examples: ['08:00'] }),
          close: Type.String({ examples: ['20:00'] }),
        }),
        { description: 'Opening hours, Europe/Rome' },
      ),
      pinIssuanceEnded: Type.Optional(
        Type.Object(
          {
            since: Type.String({ format: 'date', examples: ['2020-10-01'] }),
            message: Type.String({ description: 'In Italian: use SPID, CIE or CNS' }),
            alternatives: Type.Array(Type.String(), { examples: [['SPID', 'CIE', 'CNS']] }),
          },
          {
            description:
              'From 1 October 2020 (circ. 87/2020): the Contact Center issues no new PIN, except to minors, people without an Italian identity document and people under tutela',
          },
        ),
      ),
    },
    { description: 'How to reach the INPS Contact Center (circ. 49/2020)' },
  ),
)
