import { type AppError, forbidden, unauthorized } from '../../lib/errors.js'
import { verifySecret } from '../../lib/secrets.js'
import type { Actor } from '../../core/audit/audit.service.js'
import { CONTACT_CENTER_EN } from '../../core/access/contact-center-info.js'
import type { AuthLevel } from '../../core/auth/auth.types.js'
import { guardedAttempt, citizenSubject, type AttemptResult } from '../../core/attempts/attempt-guard.service.js'
import { PERSONAL_PIN_LENGTH, isPinExpired, normalizePin } from '../../core/auth/pin-secret.rules.js'
import {
  changeRequired,
  withFixedVerifications,
  type LoginOutcome,
  type SecretVerifier,
  type SignInDeps,
} from '../../core/auth/sign-in.service.js'
import { endCitizenSessions, findCredential } from './pin-credential.repository.js'
import { HALF_LENGTH, PIN_LENGTH, semplificatoPeriod } from './pin.rules.js'
import type { Row } from '../../db/database.js'

type SemplificatoPeriod = Parameters<typeof semplificatoPeriod>[1]

export interface LoginDeps extends SignInDeps {
  /** Last day of the emergency (docs/rules.md §15): the first half alone works until then. */
  emergencyEnd: string
  /** First day of the PIN semplificato (docs/rules.md §2, messaggio INPS 1381/2020). */
  semplificatoFrom: string
  /** Defaults to verifySecret. */
  verify?: SecretVerifier
}

type CitizenVerdict =
  | { kind: 'session'; authLevel: AuthLevel; version: number }
  | { kind: 'change'; reason: 'first_use' | 'expired'; version: number }
  | { kind: 'semplificato_unavailable'; why: 'not_yet' | 'over' }

/**
 * The argon2 verifications every citizen login does for a PIN of this length, whatever the credential:
 * the most any path needs (two for the full 16, whose halves are hashed apart). So the time taken tells
 * nothing about whether the codice fiscale has a PIN, or in which state.
 */
export const citizenLoginVerifications = (pinLength: number): number => (pinLength === PIN_LENGTH ? 2 : 1)

export const levelOfCredential = (credential: Pick<Row<'pin_credentials'>, 'level'>): AuthLevel =>
  credential.level === 'dispositivo' ? 'pin_dispositivo' : 'pin_ordinario'

/** docs/rules.md §3, Login: first half alone, full 16 on first use, or the personal PIN. */
async function judgeCitizenPin(
  verify: SecretVerifier,
  credential: Row<'pin_credentials'> | undefined,
  pin: string,
  now: Date,
  period: SemplificatoPeriod,
): Promise<AttemptResult<CitizenVerdict>> {
  if (credential?.state === 'issued' && pin.length === HALF_LENGTH) {
    if (!(await verify(credential.first_half_hash!, pin))) return { ok: false, reason: 'wrong_first_half' }
    // messaggio INPS 1381/2020, DL 23/2020 art. 35: the first half alone works from 26 March 2020 to the end of the emergency.
    const state = semplificatoPeriod(now, period)
    return {
      ok: true,
      value:
        state === 'open'
          ? { kind: 'session', authLevel: 'pin_semplificato', version: credential.version }
          : { kind: 'semplificato_unavailable', why: state },
    }
  }
  if (credential?.state === 'issued' && pin.length === PIN_LENGTH) {
    const [first, second] = await Promise.all([
      verify(credential.first_half_hash!, pin.slice(0, HALF_LENGTH)),
      verify(credential.second_half_hash!, pin.slice(HALF_LENGTH)),
    ])
    if (!first || !second) return { ok: false, reason: 'wrong_full_pin' }
    return { ok: true, value: { kind: 'change', reason: 'first_use', version: credential.version } }
  }
  if (credential?.state === 'active' && pin.length === PERSONAL_PIN_LENGTH) {
    if (!(await verify(credential.pin_hash!, pin))) return { ok: false, reason: 'wrong_pin' }
    if (isPinExpired(credential.pin_set_at, 'citizen', now))
      return { ok: true, value: { kind: 'change', reason: 'expired', version: credential.version } }
    return {
      ok: true,
      value: { kind: 'session', authLevel: levelOfCredential(credential), version: credential.version },
    }
  }
  return { ok: false, reason: credential ? 'wrong_pin_form' : 'unknown_subject' }
}

const semplificatoUnavailable = (why: 'not_yet' | 'over', from: string) =>
  forbidden(
    'PIN_SEMPLIFICATO_UNAVAILABLE',
    (why === 'over'
      ? 'The emergency is over: the first half alone no longer gives access. '
      : `The PIN semplificato starts on ${from} (messaggio INPS 1381/2020): until then the first half alone gives no access. `) +
      'Log in with the full 16 characters (the second half came by post) ' +
      `and set a personal PIN, or with SPID, CIE or CNS; a lost PIN is recovered online or reissued by ${CONTACT_CENTER_EN}`,
  )

/** One attempt on the citizen's counter (web and Contact Center share it: docs/rules.md §15). */
function attempt(
  deps: LoginDeps,
  now: Date,
  codiceFiscale: string,
  pin: string,
  actor: (ok: boolean) => Actor,
  action: string,
  refusal?: () => AppError,
) {
  return guardedAttempt(
    deps.db,
    citizenSubject(codiceFiscale),
    now,
    async (trx) => {
      const credential = await findCredential(trx, codiceFiscale)
      const period = { from: deps.semplificatoFrom, emergencyEnd: deps.emergencyEnd }
      // The work done is topped up to the fixed number of verifications for the PIN's length.
      return withFixedVerifications(deps.verify ?? verifySecret, pin, citizenLoginVerifications(pin.length), (verify) =>
        judgeCitizenPin(verify, credential, pin, now, period),
      )
    },
    (trx, outcome) =>
      deps.audit.record(trx, now, actor(outcome.ok), {
        action: outcome.locked ? 'pin.locked' : action,
        outcome: outcome.ok ? 'success' : 'failure',
        codiceFiscale,
        detail: { reason: outcome.reason },
      }),
    (trx) => endCitizenSessions(trx, codiceFiscale),
    refusal,
  )
}

export async function loginCitizen(
  deps: LoginDeps,
  now: Date,
  codiceFiscale: string,
  rawPin: string,
  requestId: string,
): Promise<LoginOutcome> {
  const verdict = await attempt(
    deps,
    now,
    codiceFiscale,
    normalizePin(rawPin),
    (ok) => ({ type: ok ? 'citizen' : 'anonymous', id: ok ? codiceFiscale : undefined, channel: 'web', requestId }),
    'pin.login',
  )
  if (verdict.kind === 'semplificato_unavailable') throw semplificatoUnavailable(verdict.why, deps.semplificatoFrom)
  if (verdict.kind === 'change')
    return changeRequired(deps.tokens, {
      kind: 'citizen',
      subject: codiceFiscale,
      version: verdict.version,
      reason: verdict.reason,
    })
  return deps.tokens.issueSession({
    subject: codiceFiscale,
    role: 'citizen',
    authLevel: verdict.authLevel,
    version: verdict.version,
  })
}

export const callerNotIdentified = () =>
  unauthorized(
    'CALLER_NOT_IDENTIFIED',
    "The caller's codice fiscale and PIN do not match: the caller reads the first 8 characters of the PIN, or the personal PIN",
  )

/**
 * docs/rules.md §15 (circ. 49/2020: "comunicando all'operatore la sola prima parte del PIN"): the operator
 * identifies a caller by the PIN they read out, exactly as a web login checks it: same verifications, same
 * work whatever the codice fiscale, same failed-attempt counter. Returns the level that PIN proves.
 */
export async function identifyCaller(
  deps: LoginDeps,
  now: Date,
  codiceFiscale: string,
  rawPin: string,
  operatorId: string,
  requestId: string,
): Promise<AuthLevel> {
  const verdict = await attempt(
    deps,
    now,
    codiceFiscale,
    normalizePin(rawPin),
    () => ({ type: 'operator', id: operatorId, channel: 'contact_center', requestId }),
    'pin.caller_identified',
    callerNotIdentified,
  )
  if (verdict.kind === 'semplificato_unavailable') throw semplificatoUnavailable(verdict.why, deps.semplificatoFrom)
  if (verdict.kind === 'change') {
    throw forbidden(
      'CALLER_PIN_CHANGE_REQUIRED',
      'The PIN is right, but the caller must first set a personal PIN online (first use of the 16 characters, or an expired PIN): then read that one',
    )
  }
  return verdict.authLevel
}

export function createPinLoginService(deps: LoginDeps) {
  return {
    login: (now: Date, codiceFiscale: string, rawPin: string, requestId: string) =>
      loginCitizen(deps, now, codiceFiscale, rawPin, requestId),
    identifyCaller: (now: Date, codiceFiscale: string, rawPin: string, operatorId: string, requestId: string) =>
      identifyCaller(deps, now, codiceFiscale, rawPin, operatorId, requestId),
  }
}

export type PinLoginService = ReturnType<typeof createPinLoginService>
