import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { badRequest, unauthorized } from '../../lib/errors.js'
import type { AuditService } from '../audit/audit.service.js'
import { hashSecret, verifySecret } from '../../lib/secrets.js'
import { CHANGE_TOKEN_TTL_SECONDS, type IssuedSession, type TokenService } from './token.service.js'

/** What citizen and operator logins share: equal work for every attempt, and the change-token answer. */

/** argon2 verification of a candidate against a stored hash; injectable so tests can count the work done. */
export type SecretVerifier = (storedHash: string, candidate: string) => Promise<boolean>

/** What a login service needs, citizen's or operator's. */
export interface SignInDeps {
  db: Kysely<Database>
  tokens: Pick<TokenService, 'issueSession' | 'issueChangeToken'>
  audit: Pick<AuditService, 'record'>
  /** Defaults to verifySecret. */
  verify?: SecretVerifier
}

export interface ChangeRequired {
  status: 'pin_change_required'
  reason: 'first_use' | 'expired'
  changeToken: string
  expiresIn: number
}

export type LoginOutcome = IssuedSession | ChangeRequired

let dummyHash: Promise<string> | undefined
/** Verifications against a hash of nothing: work that looks like a real check and can never succeed. */
export async function burnVerifies(verify: SecretVerifier, pin: string, count: number): Promise<void> {
  if (count <= 0) return
  dummyHash ??= hashSecret(`no-such-credential-${Math.random()}`)
  const hash = await dummyHash
  await Promise.all(Array.from({ length: count }, () => verify(hash, pin)))
}

/**
 * Runs `judge` with a verifier that counts, then burns verifications up to `total`: the time a login takes
 * tells nothing of the path the judging took.
 */
export async function withFixedVerifications<R>(
  verify: SecretVerifier,
  pin: string,
  total: number,
  judge: (verify: SecretVerifier) => Promise<R>,
): Promise<R> {
  let done = 0
  const counted: SecretVerifier = (hash, candidate) => {
    done++
    return verify(hash, candidate)
  }
  const result = await judge(counted)
  await burnVerifies(verify, pin, total - done)
  return result
}

export async function changeRequired(
  tokens: Pick<TokenService, 'issueChangeToken'>,
  claims: Parameters<TokenService['issueChangeToken']>[0],
): Promise<ChangeRequired> {
  return {
    status: 'pin_change_required',
    reason: claims.reason,
    changeToken: await tokens.issueChangeToken(claims),
    expiresIn: CHANGE_TOKEN_TTL_SECONDS,
  }
}

export const weakPin = (why: string) =>
  badRequest('WEAK_PIN', `The new PIN ${why}`, { errors: [{ field: '/newPin', message: why }] })
const staleChangeToken = () =>
  unauthorized('INVALID_CHANGE_TOKEN', 'The change token was already used or the PIN changed since; log in again')

/** True when the candidate equals any of the secrets the holder had until now. */
async function reusesOld(candidate: string, hashes: Array<string | null>): Promise<boolean> {
  const results = await Promise.all(
    hashes.filter((h): h is string => h !== null).map((h) => verifySecret(h, candidate)),
  )
  return results.some(Boolean)
}

/**
 * docs/rules.md §3, one change per change token: the holder of the PIN (citizen credential or operator, read
 * under its lock) must still stand on the token's version, and the new PIN must differ from its old secrets.
 */
export async function changeableHolder<T extends { version: number }>(
  holder: T | undefined,
  tokenVersion: number,
  newPin: string,
  oldSecrets: (holder: T) => Array<string | null>,
): Promise<T> {
  if (!holder || holder.version !== tokenVersion) throw staleChangeToken()
  if (await reusesOld(newPin, oldSecrets(holder))) throw weakPin('must differ from the previous PIN')
  return holder
}
