import { randomUUID } from 'node:crypto'
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, decodeProtectedHeader, errors, type JWK, type CryptoKey } from 'jose'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { AppError, unauthorized } from '../../lib/errors.js'
import { insertSigningKey, listSigningKeys, lockKeyCreation } from './signing-keys.repository.js'
import { AUTH_LEVELS, ROLES, type AuthContext, type AuthLevel, type Role } from './auth.types.js'

const ALG = 'ES256'
export const ISSUER = 'urn:inps-emulator'
export const ACCESS_AUDIENCE = 'urn:inps-emulator:api'
const CHANGE_AUDIENCE = 'urn:inps-emulator:pin-change'
/** Long enough to type a new PIN, short enough not to linger. */
export const CHANGE_TOKEN_TTL_SECONDS = 600

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
  issueSession(session: Omit<AuthContext, 'tokenId'>): Promise<IssuedSession>
  /** `now`: the caller's emulated time, when it already has it. */
  verifyAccessToken(token: string, now?: Date): Promise<AuthContext>
  issueChangeToken(claims: ChangeClaims): Promise<string>
  verifyChangeToken(token: string): Promise<ChangeClaims>
  jwks(): Promise<{ keys: JWK[] }>
}

interface LoadedKey {
  kid: string
  publicJwk: JWK
  publicKey: CryptoKey
  privateKey: CryptoKey
}

export function createTokenService(db: Kysely<Database>, clock: Clock, accessTtlSeconds: number): TokenService {
  let keys = new Map<string, LoadedKey>()
  let current: LoadedKey | undefined

  async function loadKeys(): Promise<void> {
    const rows = await listSigningKeys(db)
    const loaded = new Map<string, LoadedKey>()
    for (const row of rows) {
      loaded.set(row.kid, {
        kid: row.kid,
        publicJwk: row.public_jwk as JWK,
        publicKey: (await importJWK(row.public_jwk as JWK, ALG)) as CryptoKey,
        privateKey: (await importJWK(row.private_jwk as JWK, ALG)) as CryptoKey,
      })
    }
    keys = loaded
    current = rows[0] ? loaded.get(rows[0].kid) : undefined
  }

  async function sign(payload: Record<string, unknown>, audience: string, ttlSeconds: number): Promise<string> {
    if (!current) await loadKeys()
    if (!current) throw new Error('no signing key: TokenService.init() was not called')
    const now = Math.floor((await clock.now()).getTime() / 1000)
    return new SignJWT(payload)
      .setProtectedHeader({ alg: ALG, kid: current.kid, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(current.privateKey)
  }

  async function verify(token: string, audience: string, invalidCode: string, now?: Date) {
    let kid: string | undefined
    try {
      kid = decodeProtectedHeader(token).kid
    } catch {
      throw unauthorized(invalidCode, 'The token is malformed')
    }
    // A key made by another instance after we loaded ours: read the table again once.
    if (!kid || !keys.has(kid)) await loadKeys()
    const key = kid ? keys.get(kid) : undefined
    if (!key) throw unauthorized(invalidCode, 'The token was not signed by this service')
    try {
      const { payload } = await jwtVerify(token, key.publicKey, { issuer: ISSUER, audience, algorithms: [ALG], currentDate: now ?? (await clock.now()) })
      return payload
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw unauthorized('TOKEN_EXPIRED', 'The token has expired (emulated clock)')
      throw unauthorized(invalidCode, 'The token is not valid')
    }
  }

  return {
    async init() {
      await db.transaction().execute(async (trx) => {
        await lockKeyCreation(trx)
        if ((await listSigningKeys(trx)).length > 0) return
        const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true })
        const kid = randomUUID()
        const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' }
        await insertSigningKey(trx, { kid, alg: ALG, public_jwk: JSON.stringify(publicJwk), private_jwk: JSON.stringify(await exportJWK(privateKey)) })
      })
      await loadKeys()
    },

    async issueSession(session) {
      const accessToken = await sign(
        { sub: session.subject, role: session.role, authLevel: session.authLevel, orgId: session.organisationId, office: session.officeCode },
        ACCESS_AUDIENCE,
        accessTtlSeconds,
      )
      return { status: 'authenticated', accessToken, tokenType: 'Bearer', expiresIn: accessTtlSeconds, authLevel: session.authLevel }
    },

    async verifyAccessToken(token, now) {
      const payload = await verify(token, ACCESS_AUDIENCE, 'INVALID_TOKEN', now)
      const role = payload.role as Role
      const authLevel = payload.authLevel as AuthLevel
      if (typeof payload.sub !== 'string' || !ROLES.includes(role) || !AUTH_LEVELS.includes(authLevel)) {
        throw unauthorized('INVALID_TOKEN', 'The token is not an access token')
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
      sign({ sub: claims.subject, kind: claims.kind, ver: claims.version, reason: claims.reason }, CHANGE_AUDIENCE, CHANGE_TOKEN_TTL_SECONDS),

    async verifyChangeToken(token) {
      const payload = await verify(token, CHANGE_AUDIENCE, 'INVALID_CHANGE_TOKEN')
      const kind = payload.kind
      const reason = payload.reason
      if (typeof payload.sub !== 'string' || (kind !== 'citizen' && kind !== 'operator') || typeof payload.ver !== 'number' || (reason !== 'first_use' && reason !== 'expired')) {
        throw new AppError(401, 'INVALID_CHANGE_TOKEN', 'Unauthorized', 'The change token is not valid')
      }
      return { kind, subject: payload.sub, version: payload.ver, reason }
    },

    async jwks() {
      await loadKeys()
      return { keys: [...keys.values()].map((k) => k.publicJwk) }
    },
  }
}
