import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose'
import { AppError, forbidden, unauthorized } from '../../lib/errors.js'
import { isWellFormedCodiceFiscale } from '../../lib/codice-fiscale.js'
import type { AuthLevel } from '../../core/auth/auth.types.js'
import type { IssuedSession, TokenService } from '../../core/auth/token.service.js'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Actor, AuditService } from '../../core/audit/audit.service.js'
import { consumeAssertion } from './federated.repository.js'
import { FEDERATED_AUDIENCE, IDP_ALG, IDP_ISSUER, type IdentityProvider, type Provider } from './idp.service.js'

export interface VerifiedAssertion {
  assertionId: string
  codiceFiscale: string
  provider: Provider
  spidLevel?: number
  expiresAt: Date
}

const invalid = (detail: string, reason: string) =>
  new AppError(401, 'INVALID_ASSERTION', 'Unauthorized', detail, { reason })

/** docs/rules.md §2 and §5: SPID 2-3, CIE 3.0 and CNS are worth a PIN dispositivo; SPID level 1 is refused (null). */
export function federatedLevel(provider: Provider, spidLevel: number | undefined): AuthLevel | null {
  if (provider === 'cie' || provider === 'cns') return provider
  if (spidLevel === 2) return 'spid_l2'
  if (spidLevel === 3) return 'spid_l3'
  return null
}

function claimsOf(payload: JWTPayload): VerifiedAssertion {
  const provider = payload.provider
  const spidLevel = payload.spidLevel
  if (typeof payload.sub !== 'string' || !isWellFormedCodiceFiscale(payload.sub))
    throw invalid('The assertion does not name a valid codice fiscale', 'bad_subject')
  if (provider !== 'spid' && provider !== 'cie' && provider !== 'cns')
    throw invalid('The assertion names no known provider', 'bad_provider')
  if (provider === 'spid' && spidLevel !== 1 && spidLevel !== 2 && spidLevel !== 3)
    throw invalid('A SPID assertion must carry spidLevel 1, 2 or 3', 'bad_spid_level')
  return {
    assertionId: String(payload.jti),
    codiceFiscale: payload.sub,
    provider,
    spidLevel: provider === 'spid' ? (spidLevel as number) : undefined,
    expiresAt: new Date((payload.exp ?? 0) * 1000),
  }
}

/** Signature (the IdP's keys only), issuer, audience and expiry on the emulated clock. */
export async function verifyAssertion(
  idp: Pick<IdentityProvider, 'publicKey'>,
  assertion: string,
  now: Date,
): Promise<VerifiedAssertion> {
  let kid: string | undefined
  try {
    kid = decodeProtectedHeader(assertion).kid
  } catch {
    throw invalid('The assertion is not a JWT', 'malformed')
  }
  const key = kid ? await idp.publicKey(kid) : undefined
  if (!key) throw invalid('The assertion was not signed by the emulator identity provider', 'unknown_key')
  try {
    const { payload } = await jwtVerify(assertion, key, {
      issuer: IDP_ISSUER,
      audience: FEDERATED_AUDIENCE,
      algorithms: [IDP_ALG],
      currentDate: now,
      requiredClaims: ['sub', 'jti', 'exp'],
    })
    return claimsOf(payload)
  } catch (err) {
    if (err instanceof AppError) throw err
    if (err instanceof errors.JWTExpired) throw invalid('expired', 'expired')
    if (err instanceof errors.JWTClaimValidationFailed)
      throw invalid(`The assertion's ${err.claim} claim is not acceptable`, `bad_${err.claim}`)
    throw invalid('The assertion signature is not valid', 'bad_signature')
  }
}

export interface FederatedDeps {
  db: Kysely<Database>
  audit: Pick<AuditService, 'record'>
  tokens: Pick<TokenService, 'issueSession'>
  idp: Pick<IdentityProvider, 'publicKey'>
}

/** docs/rules.md §5: a valid assertion, used once, becomes a session at the matching level. */
async function loginFederated(
  deps: FederatedDeps,
  now: Date,
  assertion: string,
  requestId: string,
): Promise<IssuedSession> {
  let verified: VerifiedAssertion | undefined
  // Like PIN logins: only a success is the citizen's act; a refusal is an anonymous attempt about them.
  const actor = (ok: boolean): Actor => ({
    type: ok ? 'citizen' : 'anonymous',
    id: ok ? verified?.codiceFiscale : undefined,
    channel: verified?.provider ?? 'federated',
    requestId,
  })
  const detail = () => ({
    provider: verified?.provider,
    spidLevel: verified?.spidLevel,
    assertionId: verified?.assertionId,
  })
  try {
    verified = await verifyAssertion(deps.idp, assertion, now)
    const v = verified
    // Single use, enforced by the primary key: a replay fails on every instance sharing the database.
    const fresh = await consumeAssertion(deps.db, {
      jti: v.assertionId,
      codice_fiscale: v.codiceFiscale,
      provider: v.provider,
      expires_at: v.expiresAt,
      used_at: now,
    })
    if (!fresh)
      throw unauthorized(
        'ASSERTION_REPLAYED',
        'This assertion was already used: ask the identity provider for a new one',
      )
    const authLevel = federatedLevel(v.provider, v.spidLevel)
    if (!authLevel) {
      throw forbidden(
        'INSUFFICIENT_LEVEL',
        'SPID level 1 is not accepted by INPS: authenticate with SPID level 2 or 3, CIE or CNS',
        { acceptedLevels: ['spid_l2', 'spid_l3', 'cie', 'cns'] },
      )
    }
    const session = await deps.tokens.issueSession({ subject: v.codiceFiscale, role: 'citizen', authLevel })
    await deps.audit.record(deps.db, now, actor(true), {
      action: 'federated.login',
      outcome: 'success',
      codiceFiscale: v.codiceFiscale,
      detail: { ...detail(), authLevel },
    })
    return session
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      await deps.audit.record(deps.db, now, actor(false), {
        action: 'federated.login',
        outcome: 'failure',
        codiceFiscale: verified?.codiceFiscale ?? null,
        detail: { ...detail(), code: err.code, reason: err.extensions.reason },
      })
    }
    throw err
  }
}

export function createFederatedService(deps: FederatedDeps) {
  return { login: (now: Date, assertion: string, requestId: string) => loginFederated(deps, now, assertion, requestId) }
}

export type FederatedService = ReturnType<typeof createFederatedService>
