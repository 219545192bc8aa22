import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import { addHours } from '../../lib/clock.js'
import { AppError, unauthorized } from '../../lib/errors.js'
import { toRomeIso } from '../../lib/rome-time.js'
import { CONTACT_CENTER_EN } from '../access/contact-center-info.js'
import { clearAttempts, lockAttempts, saveAttempts } from './login-attempts.repository.js'

/** docs/rules.md §3: 5 consecutive wrong PINs lock the credential for 24 hours of emulated time. */
export const MAX_FAILED_ATTEMPTS = 5
export const LOCK_HOURS = 24

export type AttemptResult<T> = { ok: true; value: T } | { ok: false; reason: string }

export const invalidCredentials = () => unauthorized('INVALID_CREDENTIALS', 'The identifier or the PIN is not correct')

export const pinLocked = (until: Date) =>
  new AppError(
    423,
    'PIN_LOCKED',
    'Locked',
    `Too many wrong PINs: locked until ${toRomeIso(until)}, or until the PIN is recovered online or a new one is issued through ${CONTACT_CENTER_EN}`,
    {
      lockedUntil: toRomeIso(until),
    },
  )

export const citizenSubject = (codiceFiscale: string) => `cf:${codiceFiscale}`
export const operatorSubject = (operatorId: string) => `op:${operatorId}`

/** Recovery or a new PIN lifts a lock (docs/rules.md §3: "for 24 hours, or until recovery"). */
export async function clearCitizenAttempts(trx: Transaction<Database>, codiceFiscale: string): Promise<void> {
  await clearAttempts(trx, citizenSubject(codiceFiscale))
}

/**
 * Runs one credential check under the subject's attempt counter (row-locked for the transaction),
 * so concurrent attempts, on one instance or many, are counted one by one and never pass the limit.
 * The counter is committed before the caller sees a 401 or 423. `onOutcome` writes in the same
 * transaction (the audit trail): `locked` is true for the one attempt that locks the credential, and an
 * attempt refused while it is locked has the reason `locked`. `endSessions` runs on a lockout, which also ends the sessions already
 * open on the credential: someone may be guessing it. `refusal` is the 401 a failure answers with (a wrong
 * login by default; the Contact Center's CALLER_NOT_IDENTIFIED counts on the very same counter).
 */
export async function guardedAttempt<T>(
  db: Kysely<Database>,
  subject: string,
  now: Date,
  check: (trx: Transaction<Database>) => Promise<AttemptResult<T>>,
  onOutcome: (trx: Transaction<Database>, outcome: { ok: boolean; reason: string; locked: boolean }) => Promise<void>,
  endSessions: (trx: Transaction<Database>) => Promise<void>,
  refusal: () => AppError = invalidCredentials,
): Promise<T> {
  const result = await db.transaction().execute(async (trx) => {
    const attempts = await lockAttempts(trx, subject)
    if (attempts.locked_until && attempts.locked_until > now) {
      await onOutcome(trx, { ok: false, reason: 'locked', locked: false })
      return { kind: 'locked' as const, until: attempts.locked_until }
    }
    const previousFailures = attempts.locked_until ? 0 : attempts.failed_attempts
    const outcome = await check(trx)
    if (outcome.ok) {
      if (attempts.failed_attempts > 0 || attempts.locked_until) await saveAttempts(trx, subject, 0, null)
      await onOutcome(trx, { ok: true, reason: 'ok', locked: false })
      return { kind: 'ok' as const, value: outcome.value }
    }
    const failures = previousFailures + 1
    const lock = failures >= MAX_FAILED_ATTEMPTS
    await saveAttempts(trx, subject, lock ? 0 : failures, lock ? addHours(now, LOCK_HOURS) : null)
    if (lock) await endSessions(trx)
    await onOutcome(trx, { ok: false, reason: outcome.reason, locked: lock })
    return { kind: 'failed' as const }
  })
  if (result.kind === 'locked') throw pinLocked(result.until)
  if (result.kind === 'failed') throw refusal()
  return result.value
}
