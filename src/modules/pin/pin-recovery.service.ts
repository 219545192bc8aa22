import type { Executor } from '../../db/executor.js'
import type { ContactsJson, Row } from '../../db/database.js'
import { auditRefusals, auditableCodiceFiscale, type Actor } from '../../core/audit/audit.service.js'
import { findArchivedPerson, requireCodiceFiscale } from '../../core/archive/persons.service.js'
import { findCredential, lockCredential } from './pin-credential.repository.js'
import { clearCitizenAttempts } from '../../core/attempts/attempt-guard.service.js'
import { preparePin, storeIssuedPin } from './pin-issuer.service.js'
import { planRecovery, trustedContacts } from './pin-recovery.rules.js'
import type { PinRecoveryAccepted, PinRecoveryBody } from './pin-recovery.schemas.js'
import { lockPersonPin } from './pin-request.repository.js'
import { type PinServiceDeps } from './pin-request.service.js'

/**
 * Only an activated credential can be recovered online. One never activated is completed by the letter
 * to the residence, the proof of identity: recovering it would send its second half electronically to
 * whoever typed the request's contacts. It is answered exactly like "no PIN".
 */
async function recoverable(
  db: Executor,
  cf: string,
  credential: Row<'pin_credentials'> | undefined,
): Promise<{ credential: Row<'pin_credentials'>; onFile: ContactsJson } | undefined> {
  const person = await findArchivedPerson(db, cf)
  const active = credential?.state === 'active' ? credential : undefined
  const onFile = trustedContacts(person?.contacts, active)
  return active && onFile ? { credential: active, onFile } : undefined
}

export function createPinRecoveryService(deps: PinServiceDeps) {
  return {
    /**
     * A new 16-character PIN in two halves to two different trusted contacts (archive record, else the
     * activated credential), both delivered now; the credential is back to 'issued' (activate again with
     * the full 16) at the same level, and the lockout is lifted (docs/rules.md §3: "for 24 hours, or until recovery").
     */
    async recover(at: Date, body: PinRecoveryBody, requestId: string): Promise<PinRecoveryAccepted> {
      const actor: Actor = { type: 'anonymous', channel: 'web', requestId }
      return auditRefusals(
        deps,
        at,
        actor,
        { action: 'pin.recovered', codiceFiscale: () => auditableCodiceFiscale(body.codiceFiscale) },
        async () => {
          const cf = requireCodiceFiscale(body.codiceFiscale)
          // Unknown person, no PIN, PIN not activated, too few contacts: one answer, so the route tells
          // nothing about who has a PIN. Checked before hashing, then again under the lock.
          planRecovery((await recoverable(deps.db, cf, await findCredential(deps.db, cf)))?.onFile, body.contacts)
          const prepared = await preparePin()
          return deps.db.transaction().execute(async (trx) => {
            await lockPersonPin(trx, cf)
            const found = await recoverable(trx, cf, await lockCredential(trx, cf))
            const plan = planRecovery(found?.onFile, body.contacts)
            if (!found) throw new Error('unreachable: planRecovery refuses a missing credential')
            const { credential } = found
            await storeIssuedPin(
              trx,
              deps.outbox,
              at,
              {
                codiceFiscale: cf,
                firstName: credential.first_name,
                lastName: credential.last_name,
                contacts: credential.contacts,
              },
              prepared,
              {
                pinRequestId: credential.pin_request_id,
                level: credential.level,
                firstHalfTo: { ...plan.firstHalfTo, deliverAt: at },
                secondHalfTo: { ...plan.secondHalfTo, deliverAt: at },
              },
            )
            await clearCitizenAttempts(trx, cf)
            await deps.audit.record(trx, at, actor, {
              action: 'pin.recovered',
              outcome: 'success',
              codiceFiscale: cf,
              detail: {
                firstHalfChannel: plan.firstHalfTo.channel,
                secondHalfChannel: plan.secondHalfTo.channel,
                level: credential.level,
              },
            })
            return { status: 'issued' as const }
          })
        },
      )
    },
  }
}

export type PinRecoveryService = ReturnType<typeof createPinRecoveryService>
