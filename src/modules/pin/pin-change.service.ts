import { badRequest, unauthorized } from '../../lib/errors.js'
import { hashSecret, verifySecret } from '../../lib/secrets.js'
import type { IssuedSession } from '../../core/auth/token.service.js'
import { lockOperator, setOperatorPin } from '../operator/operator.repository.js'
import { lockCredential, setPersonalPin } from './pin-credential.repository.js'
import { normalizePin, personalPinWeakness } from './pin.rules.js'
import { levelOfCredential, type LoginDeps } from './login.service.js'

const weakPin = (why: string) => badRequest('WEAK_PIN', `The new PIN ${why}`, { errors: [{ field: '/newPin', message: why }] })
const staleToken = () => unauthorized('INVALID_CHANGE_TOKEN', 'The change token was already used or the PIN changed since; log in again')

/** True when the candidate equals any of the secrets the holder had until now. */
async function reusesOld(candidate: string, hashes: Array<string | null>): Promise<boolean> {
  const results = await Promise.all(hashes.filter((h): h is string => h !== null).map((h) => verifySecret(h, candidate)))
  return results.some(Boolean)
}

/**
 * SPEC 3: the personal 8-character PIN replaces the 16 characters (first use) or the expired PIN,
 * keeping the same level and services. One change per change token (the version check).
 */
export async function changePin(deps: LoginDeps, now: Date, changeToken: string, rawNewPin: string, requestId: string): Promise<IssuedSession> {
  const claims = await deps.tokens.verifyChangeToken(changeToken)
  const newPin = normalizePin(rawNewPin)
  const weakness = personalPinWeakness(newPin, claims.kind === 'citizen' ? claims.subject : null)
  if (weakness) throw weakPin(weakness)
  const newHash = await hashSecret(newPin)

  const session = await deps.db.transaction().execute(async (trx) => {
    if (claims.kind === 'citizen') {
      const credential = await lockCredential(trx, claims.subject)
      if (!credential || credential.version !== claims.version) throw staleToken()
      const old = credential.state === 'issued' ? [credential.first_half_hash, credential.second_half_hash] : [credential.pin_hash]
      if (await reusesOld(newPin, old)) throw weakPin('must differ from the previous PIN')
      const updated = await setPersonalPin(trx, claims.subject, newHash, credential.pin_hash, now)
      await deps.audit.record(trx, now, { type: 'citizen', id: claims.subject, channel: 'web', requestId }, {
        action: 'pin.changed', outcome: 'success', codiceFiscale: claims.subject, detail: { reason: claims.reason },
      })
      return { subject: claims.subject, role: 'citizen' as const, authLevel: levelOfCredential(updated), version: updated.version }
    }
    const operator = await lockOperator(trx, claims.subject)
    if (!operator || operator.version !== claims.version) throw staleToken()
    if (await reusesOld(newPin, [operator.pin_hash])) throw weakPin('must differ from the previous PIN')
    const updated = await setOperatorPin(trx, operator.id, newHash, operator.pin_hash, now)
    await deps.audit.record(trx, now, { type: 'operator', id: operator.id, channel: 'operator', requestId }, {
      action: 'operator.pin_changed', outcome: 'success', detail: { reason: claims.reason },
    })
    return {
      subject: updated.id,
      role: updated.role,
      authLevel: 'pin_dispositivo' as const,
      version: updated.version,
      organisationId: updated.organisation_id,
      officeCode: updated.office_code ?? undefined,
    }
  })
  return deps.tokens.issueSession(session)
}
