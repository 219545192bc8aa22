import { randomUUID, type KeyObject } from 'node:crypto'
import { importJWK, type CryptoKey, type JWK } from 'jose'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { addSeconds } from '../../lib/clock.js'
import { badRequest } from '../../lib/errors.js'
import { toRomeIso } from '../../lib/rome-time.js'
import type { AuditService } from '../../core/audit/audit.service.js'
import { requireCodiceFiscale } from '../../core/archive/persons.service.js'
import { createKeyStore } from '../../core/keys/keys.service.js'
import { es256PrivateKey, signEs256 } from '../../core/auth/es256.js'

/** The emulator's test identity provider (docs/rules.md §5): its own keys, issuer and audience. */
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
const SPID_ACR = {
  1: 'https://www.spid.gov.it/SpidL1',
  2: 'https://www.spid.gov.it/SpidL2',
  3: 'https://www.spid.gov.it/SpidL3',
} as const

export function createIdentityProvider(db: Kysely<Database>) {
  // Public keys never change for a kid: cached per instance, read from the database on a miss.
  const publicKeys = new Map<string, CryptoKey>()
  const store = createKeyStore(db, {
    table: 'idp_keys',
    lockName: 'inps-emulator-idp-key',
    alg: IDP_ALG,
    kidPrefix: 'idp-',
  })
  let signing: { kid: string; privateKey: KeyObject } | undefined

  /** The key is created once, by whichever instance needs it first, and shared through the database. */
  async function signingKey() {
    if (signing) return signing
    const row = await store.current()
    signing = { kid: row.kid, privateKey: es256PrivateKey(row.private_jwk as JWK) }
    return signing
  }

  return {
    async sign(now: Date, request: AssertionRequest): Promise<SignedAssertion> {
      const key = await signingKey()
      const assertionId = randomUUID()
      const issuedAt = Math.floor(now.getTime() / 1000)
      const expiresAt = addSeconds(new Date(issuedAt * 1000), request.ttlSeconds)
      const claims =
        request.provider === 'spid'
          ? { provider: 'spid', spidLevel: request.spidLevel, acr: SPID_ACR[request.spidLevel ?? 1] }
          : { provider: request.provider }
      const assertion = signEs256(
        { kid: key.kid, typ: 'JWT' },
        {
          ...claims,
          iss: IDP_ISSUER,
          aud: FEDERATED_AUDIENCE,
          sub: request.codiceFiscale,
          jti: assertionId,
          iat: issuedAt,
          exp: Math.floor(expiresAt.getTime() / 1000),
        },
        key.privateKey,
      )
      return { assertion, assertionId, expiresAt }
    },

    /** Public keys only, for relying parties (JWKS). */
    async jwks(): Promise<{ keys: JWK[] }> {
      await signingKey()
      return { keys: (await store.all()).map((row) => row.public_jwk as JWK) }
    },

    async publicKey(kid: string): Promise<CryptoKey | undefined> {
      const cached = publicKeys.get(kid)
      if (cached) return cached
      const row = await store.find(kid)
      if (!row) return undefined
      const key = (await importJWK(row.public_jwk as JWK, IDP_ALG)) as CryptoKey
      publicKeys.set(kid, key)
      return key
    },
  }
}

export type IdentityProvider = ReturnType<typeof createIdentityProvider>

/** The control API's side of the test IdP: signs an assertion on request and records it. */
export function createTestIdpService(deps: {
  db: Kysely<Database>
  audit: Pick<AuditService, 'record'>
  idp: Pick<IdentityProvider, 'sign'>
}) {
  return {
    async issue(
      now: Date,
      body: { codiceFiscale: string; provider: Provider; spidLevel?: SpidLevel; ttlSeconds?: number },
      requestId: string,
    ) {
      const { provider, spidLevel } = body
      const codiceFiscale = requireCodiceFiscale(body.codiceFiscale)
      if (provider === 'spid' && spidLevel === undefined)
        throw badRequest('SPID_LEVEL_REQUIRED', 'A SPID assertion needs spidLevel 1, 2 or 3', {
          errors: [{ field: '/spidLevel', message: 'required for spid' }],
        })
      if (provider !== 'spid' && spidLevel !== undefined)
        throw badRequest('SPID_LEVEL_NOT_APPLICABLE', `spidLevel applies to spid only, not ${provider}`, {
          errors: [{ field: '/spidLevel', message: 'only for spid' }],
        })
      const signed = await deps.idp.sign(now, {
        codiceFiscale,
        provider,
        spidLevel,
        ttlSeconds: body.ttlSeconds ?? 300,
      })
      await deps.audit.record(
        deps.db,
        now,
        { type: 'emulator', channel: 'idp', requestId },
        {
          action: 'idp.assertion_signed',
          outcome: 'success',
          codiceFiscale,
          detail: { provider, spidLevel, assertionId: signed.assertionId },
        },
      )
      return { assertion: signed.assertion, assertionId: signed.assertionId, expiresAt: toRomeIso(signed.expiresAt) }
    },
  }
}
