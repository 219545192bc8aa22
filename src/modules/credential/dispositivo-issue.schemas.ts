import { Type, type Static } from 'typebox'
import { CodiceFiscale, named } from '../../lib/schemas.js'
import { OfficeCode } from '../../core/offices/offices.schemas.js'
import { Contacts } from '../../core/archive/persons.schemas.js'

export const IdentityDocument = named(
  'IdentityDocument',
  Type.Object(
    {
      type: Type.Enum(['carta_identita', 'passaporto', 'patente'], {
        description: "Checked by the operator: carta d'identità, passport or driving licence",
      }),
      number: Type.String({
        pattern: '^[A-Za-z0-9]{5,20}$',
        description: 'Document number as printed',
        examples: ['CA12345BC'],
      }),
    },
    { additionalProperties: false },
  ),
)

export const IdentifiedCitizen = named(
  'IdentifiedCitizen',
  Type.Object(
    { codiceFiscale: CodiceFiscale, identityDocument: IdentityDocument },
    {
      additionalProperties: false,
      examples: [
        { codiceFiscale: 'BNCGLI84H52H501C', identityDocument: { type: 'carta_identita', number: 'CA12345BC' } },
      ],
    },
  ),
)
export type IdentifiedCitizen = Static<typeof IdentifiedCitizen>

/** docs/rules.md §15: the operator takes the contacts the caller gives on the phone; the archive's fill the gaps. */
export const RemoteIdentificationBody = named(
  'RemoteIdentificationBody',
  Type.Object(
    {
      ...IdentifiedCitizen.properties,
      contacts: Type.Optional(
        Type.Object(
          { mobile: Contacts.properties.mobile, email: Contacts.properties.email },
          {
            additionalProperties: false,
            description:
              'Where the caller wants the two halves (mobile for the first, email for the second); each one missing is taken from the archive',
          },
        ),
      ),
    },
    {
      additionalProperties: false,
      examples: [
        {
          codiceFiscale: 'BNCGLI84H52H501C',
          identityDocument: { type: 'carta_identita', number: 'CA12345BC' },
          contacts: { mobile: '+39 347 1200001', email: 'giulia.bianchi@example.it' },
        },
      ],
    },
  ),
)
export type RemoteIdentificationBody = Static<typeof RemoteIdentificationBody>

export const OfficeCounterParams = named('OfficeCounterParams', Type.Object({ officeCode: OfficeCode }))

export const CounterPin = named(
  'CounterPin',
  Type.Object(
    {
      pin: Type.String({
        minLength: 16,
        maxLength: 16,
        pattern: '^[A-Z0-9]{16}$',
        description: 'The whole PIN, handed over at the counter; on first use the citizen sets a personal one',
      }),
      level: Type.Literal('dispositivo'),
    },
    { examples: [{ pin: 'K7PX3MQAR4TW9HZE', level: 'dispositivo' }] },
  ),
)

export const RemotelyIssued = named(
  'RemotelyIssued',
  Type.Object(
    { status: Type.Literal('issued'), level: Type.Literal('dispositivo') },
    {
      description: 'First half sent by SMS, second half by email, both delivered now',
      examples: [{ status: 'issued', level: 'dispositivo' }],
    },
  ),
)
