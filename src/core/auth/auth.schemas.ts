import { named } from '../../lib/schemas.js'
import { Type } from 'typebox'
import { AUTH_LEVELS } from './auth.types.js'

/** What every login answers, citizen, operator or federated. */
export const AuthLevel = Type.Enum([...AUTH_LEVELS])

export const Session = named(
  'Session',
  Type.Object(
    {
      status: Type.Literal('authenticated'),
      accessToken: Type.String({ description: 'JWT (ES256) to send as Authorization: Bearer' }),
      tokenType: Type.Literal('Bearer'),
      expiresIn: Type.Integer({ description: 'Seconds of emulated time', examples: [900] }),
      authLevel: AuthLevel,
    },
    { description: 'Authenticated' },
  ),
)

export const ChangeRequired = named(
  'ChangeRequired',
  Type.Object(
    {
      status: Type.Literal('pin_change_required'),
      reason: Type.Enum(['first_use', 'expired']),
      changeToken: Type.String({ description: 'Send with the new PIN to POST /api/v1/auth/pin/change' }),
      expiresIn: Type.Integer({ examples: [600] }),
    },
    { description: 'The PIN must be changed first (first use of the 16 characters, or expired)' },
  ),
)

export const LoginResult = named(
  'LoginResult',
  Type.Union([Session, ChangeRequired], {
    description: 'A session, or a request to set a personal PIN',
    examples: [
      {
        status: 'authenticated',
        accessToken: 'eyJhbGciOiJFUzI1NiIs...',
        tokenType: 'Bearer',
        expiresIn: 900,
        authLevel: 'pin_semplificato',
      },
      { status: 'pin_change_required', reason: 'first_use', changeToken: 'eyJhbGciOiJFUzI1NiIs...', expiresIn: 600 },
    ],
  }),
)
