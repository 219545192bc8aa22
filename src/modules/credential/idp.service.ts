import { randomUUID } from 'node:crypto'
import { SignJWT, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { addSeconds } from '../../lib/clock.js'
import { findIdpKey, insertIdpKey, listIdpKeys, lockIdpKeyCreation } from './idp.repository.js'

/** The emulator's test identity provider (SPEC 5): its own keys, issuer and audience. */
export const IDP_ISSUER = 'urn:inps-emulator:idp'
export const FEDERATED_AUDIENCE = 'urn:inps-emulator:api:federated'
export const IDP_ALG = 'ES256'

export type Provider = 'spid' | 'cie' | 'cns'
export type SpidLevel = 1 | 2 | 3

export interface AssertionRequest {
  codiceFiscale: string
  provider: Provider
  spidLevel?: SpidLevel
  ttlSeconds: number
}

export interface SignedAssertion {
  assertion: string
  assertionId: string
  expiresAt: Date
}

/** SPID's own names for its levels, carried as `acr` as a SPID response would. */
const SPID_ACR = { 1: 'https://www.spid.gov.it/SpidL1', 2: 'https://www.spid.gov.it/SpidL2', 3: 'https://www.spid.gov.it/SpidL3' } as const

export function createIdentityProvider(db: Kysely<Database>) {
  // Public keys never change for a kid: cached per instance, read from the database on a miss.
  const publicKeys = new Map<string, CryptoKey>()
  let signing: { kid: string; privateKey: CryptoKey } | undefined

  /** The key is created once, by whichever instance needs it first, and shared through the database. */
  async function signingKey() {
    if (signing) return signing
    const row = await db.transaction().execute(async (trx) => {
      await lockIdpKeyCreation(trx)
      const [existing] = await listIdpKeys(trx)
      if (existing) return existing
      const { publicKey, privateKey } = await generateKeyPair(IDP_ALG, { extractable: true })
      const kid = `idp-${randomUUID()}`
      const key = {
        kid,
        alg: IDP_ALG,
        public_jwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: IDP_ALG, use: 'sig' }),
        private_jwk: JSON.stringify(await exportJWK(privateKey)),
      }
      await insertIdpKey(trx, key)
      return (await listIdpKeys(trx))[0]
    })
    signing = { kid: row.kid, privateKey: (await importJWK(row.private_jwk as JWK, IDP_ALG)) as CryptoKey }
    return signing
  }

  return {
    async sign(now: Date, request: AssertionRequest): Promise<SignedAssertion> {
      const key = await signingKey()
      const assertionId = randomUUID()
      const issuedAt = Math.floor(now.getTime() / 1000)
      const expiresAt = addSeconds(new Date(issuedAt * 1000), request.ttlSeconds)
      const claims = request.provider === 'spid'
        ? { provider: 'spid', spidLevel: request.spidLevel, acr: SPID_ACR[request.spidLevel ?? 1] }
        : { provider: request.provider }
      const assertion = await new SignJWT(claims)
        .setProtectedHeader({ alg: IDP_ALG, kid: key.kid, typ: 'JWT' })
        .setIssuer(IDP_ISSUER)
        .setAudience(FEDERATED_AUDIENCE)
        .setSubject(request.codiceFiscale)
        .setJti(assertionId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key.privateKey)
      return { assertion, assertionId, expiresAt }
    },

    /** Public keys only, for relying parties (JWKS). */
    async jwks(): Promise<{ keys: JWK[] }> {
      await signingKey()
      return { keys: (await listIdpKeys(db)).map((row) => row.public_jwk as JWK) }
    },

    async publicKey(kid: string): Promise<CryptoKey | undefined> {
      const cached = publicKeys.get(kid)
      if (cached) return cached
      const row = await findIdpKey(db, kid)
      if (!row) return undefined
      const key = (await importJWK(row.public_jwk as JWK, IDP_ALG)) as CryptoKey
      publicKeys.set(kid, key)
      return key
    },
  }
}

export type IdentityProvider = ReturnType<typeof createIdentityProvider>
