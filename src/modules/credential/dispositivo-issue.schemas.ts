import { Type, type Static } from 'typebox'
import { CodiceFiscale } from '../../lib/schemas.js'
import { OfficeCode } from '../../core/offices/offices.schemas.js'

export const IdentityDocument = Type.Object(
  {
    type: Type.Enum(['carta_identita', 'passaporto', 'patente'], { description: "Checked by the operator: carta d'identità, passport or driving licence" }),
    number: Type.String({ pattern: '^[A-Za-z0-9]{5,20}$', description: 'Document number as printed', examples: ['CA12345BC'] }),
  },
  { additionalProperties: false },
)

export const IdentifiedCitizen = Type.Object(
  { codiceFiscale: CodiceFiscale, identityDocument: IdentityDocument },
  { additionalProperties: false, examples: [{ codiceFiscale: 'BNCGLI84H52H501C', identityDocument: { type: 'carta_identita', number: 'CA12345BC' } }] },
)
export type IdentifiedCitizen = Static<typeof IdentifiedCitizen>

export const OfficeCounterParams = Type.Object({ officeCode: OfficeCode })

export const CounterPin = Type.Object(
  {
    pin: Type.String({ minLength: 16, maxLength: 16, pattern: '^[A-Z0-9]{16}$', description: 'The whole PIN, handed over at the counter; on first use the citizen sets a personal one' }),
    level: Type.Literal('dispositivo'),
  },
  { examples: [{ pin: 'K7PX3MQAR4TW9HZE', level: 'dispositivo' }] },
)

export const RemotelyIssued = Type.Object(
  { status: Type.Literal('issued'), level: Type.Literal('dispositivo') },
  { description: 'First half sent by SMS, second half by email, both delivered now', examples: [{ status: 'issued', level: 'dispositivo' }] },
)
