import { randomInt, timingSafeEqual, createHash } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

/** No look-alikes (0/O, 1/I/L): INPS PINs were read aloud on the phone and copied from letters. */
export const PIN_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

export function generatePin(length: number): string {
  let pin = ''
  for (let i = 0; i < length; i++) pin += PIN_ALPHABET[randomInt(PIN_ALPHABET.length)]
  return pin
}

// OWASP's argon2id baseline (19 MiB, 2 passes): slow for a guesser, affordable at login rates.
const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id: the enum is an ambient const enum */, memoryCost: 19456, timeCost: 2, parallelism: 1 }

export function hashSecret(secret: string): Promise<string> {
  return hash(secret, ARGON2_OPTIONS)
}

export async function verifySecret(storedHash: string, candidate: string): Promise<boolean> {
  try {
    return await verify(storedHash, candidate)
  } catch {
    return false
  }
}

/** Compares tokens without leaking their length or content through timing. */
export function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest()
  const db = createHash('sha256').update(b).digest()
  return timingSafeEqual(da, db)
}
