import { Type, type Static } from 'typebox'
import { CodiceFiscale, named } from '../../lib/schemas.js'
import { PaymentItem } from '../payment/payment.schemas.js'
import { Application, OnBehalfApplicationBody } from './application.schemas.js'

/** What the caller reads out: the first 8 characters of the PIN (PIN semplificato) or the personal PIN. */
export const CallerPin = Type.String({
  minLength: 8,
  maxLength: 16,
  pattern: '^[ ]*[A-Za-z0-9]+[ ]*$',
  description:
    "The caller's PIN as they read it on the phone: the first 8 characters (during the emergency, for the COVID services only) or their personal PIN. Case-insensitive.",
  examples: ['K7PX3MQA'],
})

const [onBehalfExample] = ((OnBehalfApplicationBody as { examples?: unknown[] }).examples ?? []) as Array<
  Record<string, unknown>
>

export const ContactCenterApplicationBody = named(
  'ContactCenterApplicationBody',
  Type.Object(
    { ...OnBehalfApplicationBody.properties, callerPin: CallerPin },
    {
      additionalProperties: false,
      description:
        'The application the operator types for the caller, with the PIN the caller reads out to identify themselves',
      examples: [{ ...onBehalfExample, callerPin: 'K7PX3MQA' }],
    },
  ),
)
export type ContactCenterApplicationBody = Static<typeof ContactCenterApplicationBody>

export const EnquiryBody = named(
  'ContactCenterEnquiryBody',
  Type.Object(
    { codiceFiscale: CodiceFiscale, callerPin: CallerPin },
    {
      additionalProperties: false,
      description: 'Who is calling, identified by their PIN',
      examples: [{ codiceFiscale: 'BNCGLI84H52H501C', callerPin: 'K7PX3MQA' }],
    },
  ),
)
export type EnquiryBody = Static<typeof EnquiryBody>

export const Enquiry = named(
  'ContactCenterEnquiry',
  Type.Object(
    {
      applications: Type.Array(Application, {
        description: "The caller's applications, newest first, with their outcome",
      }),
      payments: Type.Array(PaymentItem, { description: "The caller's payments, every benefit and month" }),
    },
    { description: 'What the operator reads to the identified caller' },
  ),
)
