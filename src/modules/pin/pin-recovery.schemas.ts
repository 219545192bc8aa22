import { named } from '../../lib/schemas.js'
import { Type, type Static } from 'typebox'
import { Contacts } from '../../core/archive/persons.schemas.js'
import { CodiceFiscaleInput } from './pin-request.schemas.js'

export const PinRecoveryBody = named(
  'PinRecoveryBody',
  Type.Object(
    {
      codiceFiscale: CodiceFiscaleInput,
      contacts: Contacts,
    },
    {
      additionalProperties: false,
      description:
        'At least two of mobile, email and PEC, matching those on file at INPS (spaces in phone numbers and the case of addresses do not matter)',
      examples: [
        {
          codiceFiscale: 'SPSMRC90B03F839H',
          contacts: { mobile: '+39 333 4500002', email: 'marco.esposito@example.it' },
        },
      ],
    },
  ),
)
export type PinRecoveryBody = Static<typeof PinRecoveryBody>

export const PinRecoveryAccepted = named(
  'PinRecoveryAccepted',
  Type.Object(
    {
      status: Type.Literal('issued', {
        description: 'A new 16-character PIN was sent: first half to one contact, second half to another',
      }),
    },
    { description: 'A new PIN is on its way; activate it with the full 16 characters' },
  ),
)
export type PinRecoveryAccepted = Static<typeof PinRecoveryAccepted>
