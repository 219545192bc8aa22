import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { hashSecret } from '../../lib/secrets.js'
import type { AuditService } from '../../core/audit/audit.service.js'
import type { IssuedSession, SessionClaims, TokenService } from '../../core/auth/token.service.js'
import { normalizePin, personalPinWeakness } from '../../core/auth/pin-secret.rules.js'
import { changeableHolder, weakPin } from '../../core/auth/sign-in.service.js'
import type { OperatorLoginService } from '../operator/operator-login.service.js'
import { lockCredential, setPersonalPin } from './pin-credential.repository.js'
import { levelOfCredential } from './login.service.js'

export interface PinChangeDeps {
  db: Kysely<Database>
  tokens: Pick<TokenService, 'verifyChangeToken' | 'issueSession'>
  audit: Pick<AuditService, 'record'>
  operators: Pick<OperatorLoginService, 'changePin'>
}

/**
 * docs/rules.md §3: the personal 8-character PIN replaces the 16 characters (first use) or the expired PIN,
 * keeping the same level and services. One change per change token (the version check). An operator's
 * change token is handed to the operator module.
 */
export function createPinChangeService(deps: PinChangeDeps) {
  return {
    async change(now: Date, changeToken: string, rawNewPin: string, requestId: string): Promise<IssuedSession> {
      const claims = await deps.tokens.verifyChangeToken(changeToken)
      const newPin = normalizePin(rawNewPin)
      const weakness = personalPinWeakness(newPin, claims.kind === 'citizen' ? claims.subject : null)
      if (weakness) throw weakPin(weakness)
      const newHash = await hashSecret(newPin)

      const session = await deps.db.transaction().execute(async (trx): Promise<SessionClaims> => {
        if (claims.kind === 'operator') return deps.operators.changePin(trx, now, claims, newPin, newHash, requestId)
        const credential = await changeableHolder(
          await lockCredential(trx, claims.subject),
          claims.version,
          newPin,
          (c) => (c.state === 'issued' ? [c.first_half_hash, c.second_half_hash] : [c.pin_hash]),
        )
        const updated = await setPersonalPin(trx, claims.subject, newHash, credential.pin_hash, now)
        await deps.audit.record(
          trx,
          now,
          { type: 'citizen', id: claims.subject, channel: 'web', requestId },
          {
            action: 'pin.changed',
            outcome: 'success',
            codiceFiscale: claims.subject,
            detail: { reason: claims.reason },
          },
        )
        return {
          subject: claims.subject,
          role: 'citizen',
          authLevel: levelOfCredential(updated),
          version: updated.version,
        }
      })
      return deps.tokens.issueSession(session)
    },
  }
}

export type PinChangeService = ReturnType<typeof createPinChangeService>
