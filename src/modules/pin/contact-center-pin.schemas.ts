import { Type, type Static } from 'typebox'
import { PIN_REQUEST_EXAMPLE, PinRequestBody } from './pin-request.schemas.js'

export const ContactCenterPinRequestBody = Type.Object(PinRequestBody.properties, {
  additionalProperties: false,
  description: 'The caller\'s data as the operator took it on the phone (same fields as POST /api/v1/pin-requests)',
  // The same fields and example as the online request: the operator types what the caller says.
  examples: [PIN_REQUEST_EXAMPLE],
})
export type ContactCenterPinRequestBody = Static<typeof ContactCenterPinRequestBody>

export const ContactCenterPinRequestCreated = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    status: Type.Literal('issued'),
    firstHalf: Type.String({
      minLength: 8,
      maxLength: 8,
      description: 'The first 8 characters of the PIN, for the operator to read to the caller (also sent by SMS/email). The only API response that carries a PIN half.',
      examples: ['K7PX3MQA'],
    }),
  },
  { description: 'Registered and validated in one step' },
)
export type ContactCenterPinRequestCreated = Static<typeof ContactCenterPinRequestCreated>

export const ValidatedPinRequest = Type.Object(
  { id: Type.String({ format: 'uuid' }), status: Type.Literal('issued') },
  { description: 'Issued now (pending request) or first half sent again (issued more than 12 hours ago)' },
)
export type ValidatedPinRequest = Static<typeof ValidatedPinRequest>
