import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { decodeJwt, type JWK, type JWTPayload } from 'jose'

/** A compact JWS part: base64url, no padding (Buffer.from alone would skip stray characters). */
const BASE64URL = /^[A-Za-z0-9_-]+$/
/** An ES256 signature is r and s side by side, 32 bytes each (RFC 7518 §3.4), never DER. */
const SIGNATURE_BYTES = 64

export const es256PublicKey = (jwk: JWK): KeyObject => createPublicKey({ key: jwk as object, format: 'jwk' } as never)
export const es256PrivateKey = (jwk: JWK): KeyObject => createPrivateKey({ key: jwk as object, format: 'jwk' } as never)

const base64urlJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * A compact ES256 JWT of `payload` (claims left undefined are left out, as JSON leaves them), signed
 * with node:crypto: 29 µs of CPU, where jose's SignJWT goes through WebCrypto on Node 20 (docs/decisions.md §17).
 */
export function signEs256(
  header: { kid: string; typ: 'JWT' },
  payload: Record<string, unknown>,
  key: KeyObject,
): string {
  const signingInput = `${base64urlJson({ alg: 'ES256', ...header })}.${base64urlJson(payload)}`
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' })
  return `${signingInput}.${signature.toString('base64url')}`
}

/**
 * Checks the ES256 signature of a compact JWT with node:crypto and returns its payload, or undefined
 * when the token is malformed, uses another algorithm or is not signed by `key`. Claims are not checked
 * here. Why not jose's jwtVerify, which signs our tokens: on Node 20 it goes through WebCrypto, which
 * cost 166 µs of CPU a token against 61 µs here (docs/decisions.md, "Access tokens are checked with
 * node:crypto"), and each new token is checked once per instance.
 */
export function verifyEs256(token: string, header: { alg?: string; crit?: unknown; b64?: unknown }, key: KeyObject) {
  if (header.alg !== 'ES256' || header.crit !== undefined || header.b64 !== undefined) return undefined
  const parts = token.split('.')
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return undefined
  const signature = Buffer.from(parts[2], 'base64url')
  if (signature.length !== SIGNATURE_BYTES) return undefined
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`)
  if (!verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature)) return undefined
  try {
    return decodeJwt(token) as JWTPayload
  } catch {
    return undefined
  }
}
