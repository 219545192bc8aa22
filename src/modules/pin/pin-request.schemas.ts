import { Type, type Static } from 'typebox'
import { IsoDateTime, IsoDate, named } from '../../lib/schemas.js'
import { Contacts, Residence } from '../../core/archive/persons.schemas.js'

const Text = (examples: string[], maxLength = 120) => Type.String({ minLength: 1, maxLength, examples })

/**
 * Loose on purpose: any malformed code (wrong length, characters or check character) is answered
 * with 400 INVALID_CODICE_FISCALE by the service, as the contract names, not a generic VALIDATION_ERROR.
 */
export const CodiceFiscaleInput = Type.String({
  minLength: 1,
  maxLength: 32,
  description:
    'Codice fiscale (16 characters, check character verified, omocodia accepted; case and surrounding spaces ignored)',
  examples: ['CLMGPP71P08A944C'],
})

/** A request that matches the fixture archive (the address is abbreviated there: normalisation matches it). */
export const PIN_REQUEST_EXAMPLE = {
  codiceFiscale: 'CLMGPP71P08A944C',
  firstName: 'Giuseppe',
  lastName: 'Colombo',
  birthDate: '1971-09-08',
  sex: 'M',
  birthPlace: 'Bologna',
  residence: { street: 'Via Roma, 1', postalCode: '40033', municipality: 'Casalecchio di Reno', province: 'BO' },
  assistancePhone: '+39 335 9000006',
  contacts: { mobile: '+39 335 9000006', email: 'giuseppe.colombo@example.it' },
  firstHalfChannel: 'sms',
}

export const PinRequestBody = named(
  'PinRequestBody',
  Type.Object(
    {
      codiceFiscale: CodiceFiscaleInput,
      firstName: Text(['Giuseppe']),
      lastName: Text(['Colombo']),
      birthDate: IsoDate,
      sex: Type.Enum(['M', 'F']),
      birthPlace: Text(['Bologna']),
      residence: Residence,
      assistancePhone: Type.String({
        pattern: '^\\+?[0-9 ]{6,20}$',
        description: 'Where the Contact Center calls back to validate',
        examples: ['+39 335 9000006'],
      }),
      contacts: Contacts,
      firstHalfChannel: Type.Enum(['sms', 'email'], {
        description: 'Where the first 8 characters go: sms to contacts.mobile, email to contacts.email',
      }),
    },
    {
      additionalProperties: false,
      description:
        "The citizen's data and the contacts where the PIN is sent (at least mobile or email; two or more advised, online recovery needs two)",
      examples: [PIN_REQUEST_EXAMPLE],
    },
  ),
)
export type PinRequestBody = Static<typeof PinRequestBody>

export const PinRequestCreated = named(
  'PinRequestCreated',
  Type.Object(
    {
      id: Type.String({
        format: 'uuid',
        description: 'Quote it to the Contact Center',
        examples: ['0b6f4a52-2d0e-4c43-9a55-6f1f3c1d2e7a'],
      }),
      status: Type.Enum(['issued', 'pending_validation'], {
        description:
          'issued: first half sent now, second half by post; pending_validation: the address did not match the archive, wait for the Contact Center',
      }),
    },
    { description: 'The request, without personal data' },
  ),
)
export type PinRequestCreated = Static<typeof PinRequestCreated>

export const PinRequestState = named(
  'PinRequestState',
  Type.Object(
    {
      id: Type.String({ format: 'uuid' }),
      status: Type.Enum(['issued', 'pending_validation', 'superseded'], {
        description: 'superseded: a newer request for the same person replaced it',
      }),
      requestedAt: IsoDateTime,
    },
    { description: 'Where a PIN request stands; no personal data' },
  ),
)
export type PinRequestState = Static<typeof PinRequestState>

export const PinRequestParams = named(
  'PinRequestParams',
  Type.Object({
    id: Type.String({
      format: 'uuid',
      description: 'The id returned when the request was made',
      examples: ['0b6f4a52-2d0e-4c43-9a55-6f1f3c1d2e7a'],
    }),
  }),
)
