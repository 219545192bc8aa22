import { Type } from 'typebox'
import { CodiceFiscale, IsoDateTime, named } from '../../lib/schemas.js'
import { PublicJwk } from '../../core/keys/keys.schemas.js'

export const FederatedLoginBody = named(
  'FederatedLoginBody',
  Type.Object(
    {
      assertion: Type.String({
        minLength: 20,
        maxLength: 8192,
        description: 'The JWT from POST /emulator/idp/assertions; each one is accepted once',
      }),
    },
    { additionalProperties: false, examples: [{ assertion: 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImlkcC0uLi4ifQ...' }] },
  ),
)

export const AssertionRequestBody = named(
  'AssertionRequestBody',
  Type.Object(
    {
      codiceFiscale: CodiceFiscale,
      provider: Type.Enum(['spid', 'cie', 'cns'], { description: 'SPID, CIE 3.0 or CNS' }),
      spidLevel: Type.Optional(
        Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)], {
          description: 'Required for spid, not allowed otherwise. Level 1 is signed, but the API refuses it',
        }),
      ),
      ttlSeconds: Type.Optional(
        Type.Integer({ minimum: 1, maximum: 3600, default: 300, description: 'Lifetime in seconds of emulated time' }),
      ),
    },
    {
      additionalProperties: false,
      examples: [
        { codiceFiscale: 'BNCGLI84H52H501C', provider: 'spid', spidLevel: 2 },
        { codiceFiscale: 'BNCGLI84H52H501C', provider: 'cie' },
      ],
    },
  ),
)

export const AssertionIssued = named(
  'AssertionIssued',
  Type.Object(
    {
      assertion: Type.String({
        description: 'JWT (ES256) signed by the IdP key; send it to POST /api/v1/auth/federated',
      }),
      assertionId: Type.String({ description: 'The jti: usable once' }),
      expiresAt: IsoDateTime,
    },
    {
      examples: [
        {
          assertion: 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImlkcC0uLi4ifQ...',
          assertionId: '9d7c1a36-0f2b-4b8e-9c55-3e4f6a7b8c9d',
          expiresAt: '2020-04-01T10:05:00+02:00',
        },
      ],
    },
  ),
)

export const IdpJwks = named(
  'IdpJwks',
  Type.Object(
    {
      keys: Type.Array(PublicJwk),
    },
    {
      description:
        "Public keys of the emulator's identity provider: they verify federated assertions, not access tokens",
    },
  ),
)
