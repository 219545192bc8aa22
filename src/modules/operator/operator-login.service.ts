import type { Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import { verifySecret } from '../../lib/secrets.js'
import { guardedAttempt, operatorSubject } from '../../core/attempts/attempt-guard.service.js'
import type { ChangeClaims, SessionClaims } from '../../core/auth/token.service.js'
import { isPinExpired, normalizePin } from '../../core/auth/pin-secret.rules.js'
import {
  burnVerifies,
  changeRequired,
  changeableHolder,
  type LoginOutcome,
  type SignInDeps,
} from '../../core/auth/sign-in.service.js'
import { endOperatorSessions, findOperator, lockOperator, setOperatorPin } from './operator.repository.js'

export type OperatorLoginDeps = SignInDeps

/** Operator login and the operator's part of a PIN change (docs/rules.md §3: operators' PINs expire too). */
export function createOperatorLoginService(deps: OperatorLoginDeps) {
  const verify = deps.verify ?? verifySecret
  return {
    async login(now: Date, operatorId: string, rawPin: string, requestId: string): Promise<LoginOutcome> {
      const pin = normalizePin(rawPin)
      const operator = await guardedAttempt(
        deps.db,
        operatorSubject(operatorId),
        now,
        async (trx) => {
          const row = await findOperator(trx, operatorId)
          if (!row) {
            await burnVerifies(verify, pin, 1)
            return { ok: false, reason: 'unknown_subject' }
          }
          return (await verify(row.pin_hash, pin)) ? { ok: true, value: row } : { ok: false, reason: 'wrong_pin' }
        },
        (trx, outcome) =>
          deps.audit.record(
            trx,
            now,
            { type: outcome.ok ? 'operator' : 'anonymous', id: operatorId, channel: 'operator', requestId },
            {
              action: outcome.locked ? 'operator.locked' : 'operator.login',
              outcome: outcome.ok ? 'success' : 'failure',
              detail: { reason: outcome.reason },
            },
          ),
        (trx) => endOperatorSessions(trx, operatorId),
      )
      if (isPinExpired(operator.pin_set_at, operator.role, now)) {
        return changeRequired(deps.tokens, {
          kind: 'operator',
          subject: operator.id,
          version: operator.version,
          reason: 'expired',
        })
      }
      return deps.tokens.issueSession({
        subject: operator.id,
        role: operator.role,
        authLevel: 'pin_dispositivo',
        version: operator.version,
        organisationId: operator.organisation_id,
        officeCode: operator.office_code ?? undefined,
      })
    },

    /** Sets the operator's new PIN inside the caller's transaction, once per change token (the version check). */
    async changePin(
      trx: Transaction<Database>,
      now: Date,
      claims: ChangeClaims,
      newPin: string,
      newHash: string,
      requestId: string,
    ): Promise<SessionClaims> {
      const operator = await changeableHolder(await lockOperator(trx, claims.subject), claims.version, newPin, (o) => [
        o.pin_hash,
      ])
      const updated = await setOperatorPin(trx, operator.id, newHash, operator.pin_hash, now)
      await deps.audit.record(
        trx,
        now,
        { type: 'operator', id: operator.id, channel: 'operator', requestId },
        {
          action: 'operator.pin_changed',
          outcome: 'success',
          detail: { reason: claims.reason },
        },
      )
      return {
        subject: updated.id,
        role: updated.role,
        authLevel: 'pin_dispositivo',
        version: updated.version,
        organisationId: updated.organisation_id,
        officeCode: updated.office_code ?? undefined,
      }
    },
  }
}

export type OperatorLoginService = ReturnType<typeof createOperatorLoginService>
