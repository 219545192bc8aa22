import { hash, randomUUID } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { decodeProtectedHeader, type JWK, type JWTPayload, type ProtectedHeaderParameters } from 'jose'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { AppError, unauthorized } from '../../lib/errors.js'
import { createKeyStore } from '../keys/keys.service.js'
import { es256PrivateKey, es256PublicKey, signEs256, verifyEs256 } from './es256.js'
import { AUTH_LEVELS, ROLES, type AuthContext, type AuthLevel, type Role } from './auth.types.js'
import type { SessionKind, SessionVersions } from './session-versions.service.js'

const ALG = 'ES256'
export const ISSUER = 'urn:inps-emulator'
export const ACCESS_AUDIENCE = 'urn:inps-emulator:api'
const CHANGE_AUDIENCE = 'urn:inps-emulator:pin-change'
/** Long enough to type a new PIN, short enough not to linger. */
export const CHANGE_TOKEN_TTL_SECONDS = 600
/** How far ahead of the emulated now a token's iat may be (instances' cached clocks differ a little). */
export const CLOCK_LEEWAY_SECONDS = 5
/** How far ahead of this host's real time a token's real issue time may be (another host's clock). */
const REAL_SKEW_SECONDS = 60
/**
 * Tokens this instance signed or whose signature it checked, at most (docs/decisions.md §15): about
 * 340 bytes each with their claims (160 without), so some 34 MB, enough for the tokens of the last hour
 * or so of a busy instance.
 */
const VERIFIED_TOKENS_MAX = 100_000

/** A session to open: the credential version the login checked; omitted, the current one is read. */
export type SessionClaims = Omit<AuthContext, 'tokenId'> & { version?: number }

export interface IssuedSession {
  status: 'authenticated'
  accessToken: string
  tokenType: 'Bearer'
  expiresIn: number
  authLevel: AuthLevel
}

export interface ChangeClaims {
  kind: 'citizen' | 'operator'
  subject: string
  /** The credential version the token was issued for: a second change with it fails. */
  version: number
  reason: 'first_use' | 'expired'
}

export interface TokenService {
  /** Makes sure a signing key exists (created once, shared through the database). */
  init(): Promise<void>
  issueSession(session: SessionClaims): Promise<IssuedSession>
  /** `now`: the caller's emulated time, when it already has it. */
  verifyAccessToken(token: string, now?: Date): Promise<AuthContext>
  issueChangeToken(claims: ChangeClaims): Promise<string>
  verifyChangeToken(token: string): Promise<ChangeClaims>
  jwks(): Promise<{ keys: JWK[] }>
  /**
   * Drops the keys read from the database: a reset or a restore replaced them. The next token is
   * signed with the key now in the database (made if there is none), and tokens signed with a key that
   * is gone are refused.
   */
  forgetKeys(): void
}

// The claim values every token repeats (issuer, audience, role, level), one copy each.
const SHARED_VALUES = new Map(
  [ISSUER, ACCESS_AUDIENCE, CHANGE_AUDIENCE, ...ROLES, ...AUTH_LEVELS].map((value) => [value, value]),
)

/**
 * A token's claims as the verified-token cache keeps them: shared by every request with the token, so
 * frozen; the values every token repeats point at one copy (340 bytes an entry instead of 450).
 */
function keptClaims(payload: JWTPayload): Readonly<JWTPayload> {
  for (const [name, value] of Object.entries(payload)) {
    const shared = typeof value === 'string' ? SHARED_VALUES.get(value) : undefined
    if (shared !== undefined) payload[name] = shared
  }
  return Object.freeze(payload)
}

interface VerifiedToken {
  key: LoadedKey
  payload: Readonly<JWTPayload>
}

interface LoadedKey {
  kid: string
  publicJwk: JWK
  verifyKey: KeyObject
  privateKey: KeyObject
}

export interface TokenServiceOptions {
  versions: SessionVersions
  /** Real time in milliseconds (Date.now); tests put it elsewhere. */
  realNow?: () => number
}

/**
 * Sessions stand on a credential version: PIN citizens (pin_credentials.version) and operators
 * (operators.version). Federated levels (SPID, CIE, CNS) have no PIN credential behind them and carry none.
 */
export function sessionKindOf(role: Role, authLevel: AuthLevel): SessionKind | undefined {
  if (role !== 'citizen') return 'operator'
  return authLevel.startsWith('pin_') ? 'citizen' : undefined
}

/**
 * Tokens carry two clocks: iat/exp in emulated time (the rules' time) and `rat`, the real time of
 * issue. A token is refused once its lifetime has passed on either, and when it was issued after the
 * emulated now (the clock was moved back), so neither a frozen clock nor a clock set back keeps one alive.
 */
export function createTokenService(
  db: Kysely<Database>,
  clock: Clock,
  accessTtlSeconds: number,
  options: TokenServiceOptions,
): TokenService {
  const { versions } = options
  const realNow = options.realNow ?? Date.now
  const store = createKeyStore(db, { table: 'signing_keys', lockName: 'inps-emulator-signing-key', alg: ALG })
  let keys = new Map<string, LoadedKey>()
  let current: LoadedKey | undefined
  /**
   * The key and the claims of each token this instance signed or whose ES256 signature it checked, by the
   * token's SHA-256: the signature is checked and the claims decoded at most once per token and instance,
   * never for the tokens the instance issued itself. The claims are still checked on every request
   * (expiry on both clocks, audience, issuer). An entry counts only while its key is still one of ours,
   * so a reset (new key, keys forgotten) ends it too.
   */
  let verified = new Map<string, VerifiedToken>()
  const digestOf = (token: string) => hash('sha256', token, 'base64')
  function remember(digest: string, key: LoadedKey, payload: JWTPayload): void {
    if (verified.size >= VERIFIED_TOKENS_MAX) verified.delete(verified.keys().next().value!)
    verified.set(digest, { key, payload: keptClaims(payload) })
  }

  async function loadKeys(): Promise<void> {
    const rows = await store.all()
    const loaded = new Map<string, LoadedKey>()
    for (const row of rows) {
      loaded.set(row.kid, {
        kid: row.kid,
        publicJwk: row.public_jwk as JWK,
        verifyKey: es256PublicKey(row.public_jwk as JWK),
        privateKey: es256PrivateKey(row.private_jwk as JWK),
      })
    }
    keys = loaded
    current = rows[0] ? loaded.get(rows[0].kid) : undefined
  }

  async function sign(payload: Record<string, unknown>, audience: string, ttlSeconds: number): Promise<string> {
    if (!current) {
      await store.current()
      await loadKeys()
    }
    if (!current) throw new Error('no signing key could be made')
    const now = Math.floor((await clock.now()).getTime() / 1000)
    const claims = {
      ...payload,
      rat: Math.floor(realNow() / 1000),
      iss: ISSUER,
      aud: audience,
      jti: randomUUID(),
      iat: now,
      exp: now + ttlSeconds,
    }
    const token = signEs256({ kid: current.kid, typ: 'JWT' }, claims, current.privateKey)
    // What the token's payload decodes to: JSON drops the claims left undefined (federated sessions' ver).
    remember(digestOf(token), current, JSON.parse(JSON.stringify(claims)) as JWTPayload)
    return token
  }

  async function verify(
    token: string,
    audience: string,
    invalidCode: 'INVALID_TOKEN' | 'INVALID_CHANGE_TOKEN',
    ttlSeconds: number,
    now?: Date,
  ) {
    const digest = digestOf(token)
    const known = verified.get(digest)
    let payload: JWTPayload | undefined
    // The same token as one checked before (its digest): signed with that key, whose kid its header names.
    if (known && keys.get(known.key.kid) === known.key) {
      payload = known.payload
    } else {
      let header: ProtectedHeaderParameters
      try {
        header = decodeProtectedHeader(token)
      } catch {
        throw unauthorized(invalidCode, 'The token is malformed')
      }
      const kid = header.kid
      // A key made by another instance after we loaded ours: read the table again once.
      if (!kid || !keys.has(kid)) await loadKeys()
      const key = kid ? keys.get(kid) : undefined
      if (!key) throw unauthorized(invalidCode, 'The token was not signed by this service')
      payload = verifyEs256(token, header, key.verifyKey)
      if (payload) remember(digest, key, payload)
    }
    const emulatedNow = now ?? (await clock.now())
    if (!payload || payload.iss !== ISSUER || payload.aud !== audience)
      throw unauthorized(invalidCode, 'The token is not valid')
    if (typeof payload.exp !== 'number' || payload.exp <= Math.floor(emulatedNow.getTime() / 1000))
      throw unauthorized('TOKEN_EXPIRED', 'The token has expired (emulated clock)')
    const realSeconds = realNow() / 1000
    if (
      typeof payload.iat !== 'number' ||
      typeof payload.rat !== 'number' ||
      payload.rat > realSeconds + REAL_SKEW_SECONDS
    ) {
      throw unauthorized(invalidCode, 'The token is not valid')
    }
    if (payload.iat > emulatedNow.getTime() / 1000 + CLOCK_LEEWAY_SECONDS) {
      throw unauthorized(
        'TOKEN_ISSUED_IN_FUTURE',
        'The token was issued after the current emulated time (the clock was moved back): log in again',
      )
    }
    if (realSeconds - payload.rat > ttlSeconds)
      throw unauthorized(
        'TOKEN_EXPIRED',
        'The token has expired (real time: the emulated clock stood still or ran slow)',
      )
    return payload
  }

  return {
    async init() {
      await store.current()
      await loadKeys()
    },

    forgetKeys() {
      keys = new Map()
      current = undefined
      verified = new Map()
    },

    async issueSession({ version, ...session }) {
      const kind = sessionKindOf(session.role, session.authLevel)
      const ver = kind ? (version ?? (await versions.current(kind, session.subject))) : undefined
      const accessToken = await sign(
        {
          ver: ver || undefined,
          sub: session.subject,
          role: session.role,
          authLevel: session.authLevel,
          orgId: session.organisationId,
          office: session.officeCode,
        },
        ACCESS_AUDIENCE,
        accessTtlSeconds,
      )
      return {
        status: 'authenticated',
        accessToken,
        tokenType: 'Bearer',
        expiresIn: accessTtlSeconds,
        authLevel: session.authLevel,
      }
    },

    async verifyAccessToken(token, now) {
      const payload = await verify(token, ACCESS_AUDIENCE, 'INVALID_TOKEN', accessTtlSeconds, now)
      const role = payload.role as Role
      const authLevel = payload.authLevel as AuthLevel
      if (
        typeof payload.sub !== 'string' ||
        !ROLES.includes(role) ||
        !AUTH_LEVELS.includes(authLevel) ||
        (payload.ver !== undefined && typeof payload.ver !== 'number')
      ) {
        throw unauthorized('INVALID_TOKEN', 'The token is not an access token')
      }
      // No version: a federated session, or a subject without a credential when the token was issued.
      const kind = sessionKindOf(role, authLevel)
      if (kind && typeof payload.ver === 'number' && !(await versions.isCurrent(kind, payload.sub, payload.ver))) {
        throw unauthorized(
          'SESSION_REVOKED',
          'The credential changed since this session was opened (new PIN, recovery, lockout or PIN change): log in again',
        )
      }
      return {
        subject: payload.sub,
        role,
        authLevel,
        tokenId: String(payload.jti),
        organisationId: typeof payload.orgId === 'string' ? payload.orgId : undefined,
        officeCode: typeof payload.office === 'string' ? payload.office : undefined,
      }
    },

    issueChangeToken: (claims) =>
      sign(
        { sub: claims.subject, kind: claims.kind, ver: claims.version, reason: claims.reason },
        CHANGE_AUDIENCE,
        CHANGE_TOKEN_TTL_SECONDS,
      ),

    async verifyChangeToken(token) {
      const payload = await verify(token, CHANGE_AUDIENCE, 'INVALID_CHANGE_TOKEN', CHANGE_TOKEN_TTL_SECONDS)
      const kind = payload.kind
      const reason = payload.reason
      if (
        typeof payload.sub !== 'string' ||
        (kind !== 'citizen' && kind !== 'operator') ||
        typeof payload.ver !== 'number' ||
        (reason !== 'first_use' && reason !== 'expired')
      ) {
        throw new AppError(401, 'INVALID_CHANGE_TOKEN', 'Unauthorized', 'The change token is not valid')
      }
      return { kind, subject: payload.sub, version: payload.ver, reason }
    },

    async jwks() {
      await store.current()
      await loadKeys()
      return { keys: [...keys.values()].map((k) => k.publicJwk) }
    },
  }
}
