import { randomInt, timingSafeEqual, createHash } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { createConcurrencyLimit } from './concurrency.js'
import { hash, verify } from '@node-rs/argon2'
import { argon2Cost } from '../config.js'

/** No look-alikes (0/O, 1/I/L): INPS PINs were read aloud on the phone and copied from letters. */
export const PIN_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

export function generatePin(length: number): string {
  let pin = ''
  for (let i = 0; i < length; i++) pin += PIN_ALPHABET[randomInt(PIN_ALPHABET.length)]
  return pin
}

let argon2Options: { algorithm: 2; memoryCost: number; timeCost: number; parallelism: 1 } | undefined

/**
 * OWASP's argon2id baseline by default (19 MiB, 2 passes): slow for a guesser, affordable at login
 * rates. ARGON2_MEMORY_KIB / ARGON2_TIME_COST lower it for tests; read once, at the first hash.
 */
export function hashSecret(secret: string): Promise<string> {
  argon2Options ??= { algorithm: 2 /* Argon2id: the enum is an ambient const enum */, ...argon2Cost(), parallelism: 1 }
  return withArgon2Slot(() => hash(secret, argon2Options!))
}

/**
 * argon2 runs on libuv's pool (4 threads): more verifications at once than CPUs add no throughput, only
 * a 19 MiB buffer each while they run. The rest wait here (issue 22).
 */
const withArgon2Slot = createConcurrencyLimit(availableParallelism())

export async function verifySecret(storedHash: string, candidate: string): Promise<boolean> {
  try {
    return await withArgon2Slot(() => verify(storedHash, candidate))
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
