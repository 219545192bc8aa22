import { Type, type Static } from 'typebox'
import { CodiceFiscale } from '../../lib/schemas.js'
import { AUTH_LEVELS } from '../../core/auth/auth.types.js'

const Pin = Type.String({
  minLength: 8,
  maxLength: 16,
  pattern: '^[A-Za-z0-9]+$',
  description: 'The first 8 characters (PIN semplificato), the full 16 on first use, or the personal 8-character PIN. Case-insensitive.',
  examples: ['K7PX3MQA'],
})

export const PinLoginBody = Type.Object(
  { codiceFiscale: CodiceFiscale, pin: Pin },
  { additionalProperties: false, examples: [{ codiceFiscale: 'BNCGLI84H52H501C', pin: 'K7PX3MQA' }] },
)
export type PinLoginBody = Static<typeof PinLoginBody>

export const OperatorLoginBody = Type.Object(
  { operatorId: Type.String({ pattern: '^[A-Za-z0-9]{2,20}$', examples: ['PAT0001'] }), pin: Type.String({ minLength: 8, maxLength: 8, pattern: '^[A-Za-z0-9]+$', examples: ['PATA2020'] }) },
  { additionalProperties: false, examples: [{ operatorId: 'PAT0001', pin: 'PATA2020' }] },
)
export type OperatorLoginBody = Static<typeof OperatorLoginBody>

export const AuthLevel = Type.Enum([...AUTH_LEVELS])

export const Session = Type.Object(
  {
    status: Type.Literal('authenticated'),
    accessToken: Type.String({ description: 'JWT (ES256) to send as Authorization: Bearer' }),
    tokenType: Type.Literal('Bearer'),
    expiresIn: Type.Integer({ description: 'Seconds of emulated time', examples: [900] }),
    authLevel: AuthLevel,
  },
  { description: 'Authenticated' },
)

export const ChangeRequired = Type.Object(
  {
    status: Type.Literal('pin_change_required'),
    reason: Type.Enum(['first_use', 'expired']),
    changeToken: Type.String({ description: 'Send with the new PIN to POST /api/v1/auth/pin/change' }),
    expiresIn: Type.Integer({ examples: [600] }),
  },
  { description: 'The PIN must be changed first (first use of the 16 characters, or expired)' },
)

export const LoginResult = Type.Union([Session, ChangeRequired], {
  description: 'A session, or a request to set a personal PIN',
  examples: [
    { status: 'authenticated', accessToken: 'eyJhbGciOiJFUzI1NiIs...', tokenType: 'Bearer', expiresIn: 900, authLevel: 'pin_semplificato' },
    { status: 'pin_change_required', reason: 'first_use', changeToken: 'eyJhbGciOiJFUzI1NiIs...', expiresIn: 600 },
  ],
})

export const PinChangeBody = Type.Object(
  {
    changeToken: Type.String({ minLength: 10, maxLength: 4096 }),
    newPin: Type.String({ minLength: 1, maxLength: 64, description: '8 letters or digits; not the previous PIN, not one repeated character, not 8 consecutive characters of the codice fiscale', examples: ['R0MA2020'] }),
  },
  { additionalProperties: false, examples: [{ changeToken: 'eyJhbGciOiJFUzI1NiIs...', newPin: 'R0MA2020' }] },
)
export type PinChangeBody = Static<typeof PinChangeBody>

export const Me = Type.Object(
  {
    codiceFiscale: CodiceFiscale,
    firstName: Type.Union([Type.String(), Type.Null()]),
    lastName: Type.Union([Type.String(), Type.Null()]),
    authLevel: AuthLevel,
    credential: Type.Union([
      Type.Object({
        level: Type.Enum(['ordinario', 'dispositivo']),
        activated: Type.Boolean({ description: 'false until the personal PIN replaces the 16 characters' }),
        expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the personal PIN expires (6 months after it was set)' }),
      }),
      Type.Null(),
    ], { description: 'The INPS PIN, if the citizen has one (SPID/CIE/CNS users may not)' }),
  },
  { examples: [{ codiceFiscale: 'BNCGLI84H52H501C', firstName: 'Giulia', lastName: 'Bianchi', authLevel: 'pin_ordinario', credential: { level: 'ordinario', activated: true, expiresAt: '2020-10-01T08:00:00.000Z' } }] },
)
export type Me = Static<typeof Me>
