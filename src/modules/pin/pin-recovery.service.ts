import { auditRefusals, auditableCodiceFiscale, type Actor } from '../emulator/audit.service.js'
import { requireCodiceFiscale } from '../emulator/persons.service.js'
import { findCredential, lockCredential } from './credential.repository.js'
import { clearAttempts, citizenSubject } from './login-attempts.repository.js'
import { preparePin, storeIssuedPin } from './pin-issuer.js'
import { planRecovery } from './pin-recovery.rules.js'
import type { PinRecoveryAccepted, PinRecoveryBody } from './pin-recovery.schemas.js'
import { lockPersonPin } from './pin-request.repository.js'
import { type PinServiceDeps } from './pin-request.service.js'

export function createPinRecoveryService(deps: PinServiceDeps) {
  return {
    /**
     * A new 16-character PIN in two halves to two different contacts on file, both delivered now; the
     * credential is back to 'issued' (activate again with the full 16) at the same level, and the
     * lockout is lifted (SPEC 3: "for 24 hours, or until recovery").
     */
    async recover(at: Date, body: PinRecoveryBody, requestId: string): Promise<PinRecoveryAccepted> {
      const actor: Actor = { type: 'anonymous', channel: 'web', requestId }
      return auditRefusals(deps, at, actor, { action: 'pin.recovered', codiceFiscale: () => auditableCodiceFiscale(body.codiceFiscale) }, async () => {
        const cf = requireCodiceFiscale(body.codiceFiscale)
        // Unknown person, no PIN, too few contacts: one answer, so the route tells nothing about who has a PIN.
        planRecovery((await findCredential(deps.db, cf))?.contacts, body.contacts)
        const prepared = await preparePin()
        return deps.db.transaction().execute(async (trx) => {
          await lockPersonPin(trx, cf)
          const credential = await lockCredential(trx, cf)
          const plan = planRecovery(credential?.contacts, body.contacts)
          if (!credential) throw new Error('unreachable: planRecovery refuses a missing credential')
          await storeIssuedPin(
            trx,
            deps.outbox,
            at,
            { codiceFiscale: cf, firstName: credential.first_name, lastName: credential.last_name, contacts: credential.contacts },
            prepared,
            {
              pinRequestId: credential.pin_request_id,
              level: credential.level,
              firstHalfTo: { ...plan.firstHalfTo, deliverAt: at },
              secondHalfTo: { ...plan.secondHalfTo, deliverAt: at },
            },
          )
          await clearAttempts(trx, citizenSubject(cf))
          await deps.audit.record(trx, at, actor, {
            action: 'pin.recovered',
            outcome: 'success',
            codiceFiscale: cf,
            detail: { firstHalfChannel: plan.firstHalfTo.channel, secondHalfChannel: plan.secondHalfTo.channel, level: credential.level },
          })
          return { status: 'issued' as const }
        })
      })
    },
  }
}

export type PinRecoveryService = ReturnType<typeof createPinRecoveryService>
