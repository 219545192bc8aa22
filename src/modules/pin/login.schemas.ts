import { Type, type Static } from 'typebox'
import { CodiceFiscale, named } from '../../lib/schemas.js'
import { AuthLevel } from '../../core/auth/auth.schemas.js'

const Pin = Type.String({
  minLength: 8,
  maxLength: 16,
  pattern: '^[A-Za-z0-9]+$',
  description:
    'The first 8 characters (PIN semplificato), the full 16 on first use, or the personal 8-character PIN. Case-insensitive.',
  examples: ['K7PX3MQA'],
})

export const PinLoginBody = named(
  'PinLoginBody',
  Type.Object(
    { codiceFiscale: CodiceFiscale, pin: Pin },
    { additionalProperties: false, examples: [{ codiceFiscale: 'BNCGLI84H52H501C', pin: 'K7PX3MQA' }] },
  ),
)

export const PinChangeBody = named(
  'PinChangeBody',
  Type.Object(
    {
      changeToken: Type.String({ minLength: 10, maxLength: 4096 }),
      newPin: Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          '8 letters or digits; not the previous PIN, not one repeated character, not 8 consecutive characters of the codice fiscale',
        examples: ['R0MA2020'],
      }),
    },
    { additionalProperties: false, examples: [{ changeToken: 'eyJhbGciOiJFUzI1NiIs...', newPin: 'R0MA2020' }] },
  ),
)

export const Me = named(
  'Me',
  Type.Object(
    {
      codiceFiscale: CodiceFiscale,
      firstName: Type.Union([Type.String(), Type.Null()]),
      lastName: Type.Union([Type.String(), Type.Null()]),
      authLevel: AuthLevel,
      credential: Type.Union(
        [
          Type.Object({
            level: Type.Enum(['ordinario', 'dispositivo']),
            activated: Type.Boolean({ description: 'false until the personal PIN replaces the 16 characters' }),
            expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
              description: 'When the personal PIN expires (6 months after it was set)',
            }),
            scope: Type.Enum(['all_services', 'own_services'], {
              description:
                'own_services: a PIN issued after 30 September 2020 to someone who cannot have SPID (circ. 87/2020), for their own services only',
            }),
          }),
          Type.Null(),
        ],
        { description: 'The INPS PIN, if the citizen has one (SPID/CIE/CNS users may not)' },
      ),
    },
    {
      examples: [
        {
          codiceFiscale: 'BNCGLI84H52H501C',
          firstName: 'Giulia',
          lastName: 'Bianchi',
          authLevel: 'pin_ordinario',
          credential: {
            level: 'ordinario',
            activated: true,
            expiresAt: '2020-10-01T08:00:00.000Z',
            scope: 'all_services',
          },
        },
      ],
    },
  ),
)
export type Me = Static<typeof Me>
