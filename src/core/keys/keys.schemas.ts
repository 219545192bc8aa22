import { Type } from 'typebox'
import { named } from '../../lib/schemas.js'

/** One public key of a JWKS (an EC P-256 key, as every signer here uses). */
export const PublicJwk = named(
  'PublicJwk',
  Type.Object({
    kty: Type.String(),
    kid: Type.String(),
    alg: Type.String(),
    use: Type.String(),
    crv: Type.String(),
    x: Type.String(),
    y: Type.String(),
  }),
)
