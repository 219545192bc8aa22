import { findArchivedPerson } from '../../core/archive/persons.service.js'
import { randomUUID } from 'node:crypto'
import { addHours } from '../../lib/clock.js'
import { conflict, notFound, unprocessable } from '../../lib/errors.js'
import { romeDate, toRomeIso } from '../../lib/rome-time.js'
import { auditRefusals, auditableCodiceFiscale, type Actor } from '../../core/audit/audit.service.js'
import { lockCredential } from './pin-credential.repository.js'
import { preparePin } from './pin-issuer.service.js'
import { addressMatchesArchive } from './pin-request.rules.js'
import { clearCitizenAttempts } from '../../core/attempts/attempt-guard.service.js'
import {
  findPinRequest,
  insertPinRequest,
  listPendingValidation,
  lockPersonPin,
  lockPinRequest,
  markRequestIssued,
  markRequestValidated,
  supersedeOpenRequests,
} from './pin-request.repository.js'
import { sendPinNotice } from './pin-notices.service.js'
import { trustedContacts } from './pin-recovery.rules.js'
import type { PinRequestBody } from './pin-request.schemas.js'
import {
  auditedRequest,
  issuanceFacts,
  issueForRequest,
  levelFor,
  lockPersonCredential,
  pinAlreadyActive,
  supersedeForNewRequest,
  type CheckedRequest,
  type PinServiceDeps,
} from './pin-request.service.js'
import { VALIDATION_WAIT_HOURS, startOfDayAfter } from './pin.rules.js'
import { PIN_ISSUANCE_ENDED_IT, isPinIssuanceOver, newPinScope } from './pin-issuance.rules.js'
import { contactCenterInfo } from '../../core/access/contact-center-info.js'
import { decodeKeysetCursor, encodeKeysetCursor, toPage } from '../../lib/paging.js'
import type { NewRow } from '../../db/database.js'

const operatorActor = (operatorId: string, requestId: string): Actor => ({
  type: 'operator',
  id: operatorId,
  channel: 'contact_center',
  requestId,
})

type ArchivedPerson = Awaited<ReturnType<typeof findArchivedPerson>>

/**
 * The row of a request the operator registers and validates in one step (a new PIN, or a new PIN for
 * someone whose PIN is active). The address check is recorded for the trail only: the operator's
 * identification of the caller replaces it.
 */
function issuedByOperator(
  checked: CheckedRequest,
  person: ArchivedPerson,
  operatorId: string,
  at: Date,
): NewRow<'pin_requests'> {
  return {
    id: randomUUID(),
    codice_fiscale: checked.codiceFiscale,
    channel: 'contact_center',
    status: 'issued',
    personal_data: JSON.stringify(checked.personal),
    contacts: JSON.stringify(checked.contacts),
    first_half_channel: checked.firstHalfChannel,
    address_matched: person !== undefined && addressMatchesArchive(person, checked.personal),
    operator_id: operatorId,
    requested_at: at,
    issued_at: at,
    validated_at: at,
    validated_by: operatorId,
  }
}

export function createContactCenterPinService(deps: PinServiceDeps) {
  return {
    /** GET /contact-center/info: from the end of new PINs (circ. 87/2020) it says so, in Italian. */
    info(at: Date) {
      const end = deps.pinIssuanceEnd
      return contactCenterInfo(
        isPinIssuanceOver(at, end)
          ? { since: romeDate(startOfDayAfter(end)), message: PIN_ISSUANCE_ENDED_IT }
          : undefined,
      )
    },

    /**
     * The operator registers the caller and validates on the phone in one step: issued at once,
     * whatever the archive says, and the operator reads the first half to the caller.
     */
    async register(at: Date, operatorId: string, body: PinRequestBody, requestId: string) {
      const actor = operatorActor(operatorId, requestId)
      return auditedRequest(deps, at, actor, 'pin.requested', body, async (checked, person) => {
        const scope = newPinScope(at, deps.pinIssuanceEnd, issuanceFacts(person, checked))
        const prepared = await preparePin()
        return deps.db.transaction().execute(async (trx) => {
          const credential = await lockPersonCredential(trx, checked.codiceFiscale)
          // The operator has the caller on the phone: telling them about the activated PIN is safe here.
          if (credential?.state === 'active') throw pinAlreadyActive()
          const superseded = await supersedeForNewRequest(trx, deps, at, checked.codiceFiscale, credential, person)
          const request = await insertPinRequest(trx, issuedByOperator(checked, person, operatorId, at))
          await issueForRequest(trx, deps, at, request, prepared, levelFor(credential), scope)
          await deps.audit.record(trx, at, actor, {
            action: 'pin.requested',
            outcome: 'success',
            codiceFiscale: checked.codiceFiscale,
            detail: {
              pinRequestId: request.id,
              status: 'issued',
              channel: 'contact_center',
              firstHalfChannel: checked.firstHalfChannel,
              superseded,
            },
          })
          return { id: request.id, status: 'issued' as const, firstHalf: prepared.firstHalf }
        })
      })
    },

    /** docs/rules.md §15: "il Contact Center chiama l'utente" — the requests to call back, oldest first. */
    async worklist(cursor: string | undefined, limit: number) {
      const after = decodeKeysetCursor(cursor)
      const rows = await listPendingValidation(deps.db, after && { requestedAt: after.at, id: after.id }, limit + 1)
      return toPage(
        rows,
        limit,
        (last) => encodeKeysetCursor(last.requested_at, last.id),
        (r) => ({
          id: r.id,
          codiceFiscale: r.codice_fiscale,
          firstName: r.personal_data.firstName,
          lastName: r.personal_data.lastName,
          assistancePhone: r.personal_data.assistancePhone,
          channel: r.channel,
          requestedAt: toRomeIso(r.requested_at),
        }),
      )
    },

    /**
     * docs/rules.md §15 (seed 003): a new PIN for a caller whose PIN is active but lost, forgotten or locked.
     * The operator identified the caller as for a new request; the old PIN stops working at once (its
     * sessions end with the credential version), the lock is lifted, and the person hears of it at the
     * contacts INPS already had. The new PIN is ordinario: a phone call does not prove what a PIN
     * dispositivo needed (the signed form and the identity document).
     */
    async reissue(at: Date, operatorId: string, body: PinRequestBody, requestId: string) {
      const actor = operatorActor(operatorId, requestId)
      return auditedRequest(deps, at, actor, 'pin.reissued', body, async (checked, person) => {
        const cf = checked.codiceFiscale
        const prepared = await preparePin()
        return deps.db.transaction().execute(async (trx) => {
          const credential = await lockPersonCredential(trx, cf)
          if (credential?.state !== 'active') {
            throw unprocessable(
              'NO_ACTIVE_PIN',
              'This person has no activated PIN to replace: register a request with POST /api/v1/contact-center/pin-requests',
            )
          }
          const onFile = trustedContacts(person?.contacts, credential)
          const superseded = await supersedeOpenRequests(trx, cf)
          const request = await insertPinRequest(trx, issuedByOperator(checked, person, operatorId, at))
          await issueForRequest(trx, deps, at, request, prepared, 'ordinario')
          await clearCitizenAttempts(trx, cf)
          await sendPinNotice(trx, deps.outbox, at, cf, onFile, 'reissued')
          await deps.audit.record(trx, at, actor, {
            action: 'pin.reissued',
            outcome: 'success',
            codiceFiscale: cf,
            detail: {
              pinRequestId: request.id,
              previousLevel: credential.level,
              firstHalfChannel: checked.firstHalfChannel,
              superseded,
            },
          })
          return { id: request.id, status: 'issued' as const, firstHalf: prepared.firstHalf }
        })
      })
    },

    /**
     * A pending request is issued now. An issued one may be validated only 12 hours after the request
     * (docs/rules.md §3): its first half is sent again, unchanged, and both halves stay valid.
     */
    async validate(at: Date, operatorId: string, id: string, requestId: string) {
      const actor = operatorActor(operatorId, requestId)
      const seen = await findPinRequest(deps.db, id)
      return auditRefusals(
        deps,
        at,
        actor,
        { action: 'pin.validated', codiceFiscale: () => auditableCodiceFiscale(seen?.codice_fiscale) },
        async () => {
          if (!seen) throw notFound('PIN request', 'PIN_REQUEST_NOT_FOUND')
          const prepared = await preparePin()
          return deps.db.transaction().execute(async (trx) => {
            const cf = seen.codice_fiscale
            await lockPersonPin(trx, cf)
            const request = await lockPinRequest(trx, id)
            if (!request) throw notFound('PIN request', 'PIN_REQUEST_NOT_FOUND')
            if (request.status === 'superseded') {
              throw conflict(
                'REQUEST_SUPERSEDED',
                'A newer PIN request for this person replaced this one: validate the newer request',
              )
            }
            const credential = await lockCredential(trx, cf)
            // A web request refused because the PIN was active is never issued, even if that PIN was since recovered.
            if (credential?.state === 'active' || request.refused_reason === 'pin_already_active')
              throw pinAlreadyActive()

            if (request.status === 'pending_validation' || !credential) {
              // Validated, the request is verified: now it replaces the person's other open requests. Issuing
              // now is a new PIN: after the end of new PINs only the exceptions of circ. 87/2020 get it.
              const person = await findArchivedPerson(trx, cf)
              const scope = newPinScope(
                at,
                deps.pinIssuanceEnd,
                issuanceFacts(person, { personal: request.personal_data }),
              )
              await supersedeForNewRequest(trx, deps, at, cf, credential, person, id)
              await issueForRequest(trx, deps, at, request, prepared, levelFor(credential), scope)
              await markRequestIssued(trx, id, at, operatorId)
            } else {
              const validatableFrom = addHours(request.requested_at, VALIDATION_WAIT_HOURS)
              if (at < validatableFrom) {
                throw conflict(
                  'TOO_EARLY_TO_VALIDATE',
                  `An issued request can be validated only ${VALIDATION_WAIT_HOURS} hours after it was made`,
                  {
                    validatableFrom: toRomeIso(validatableFrom),
                  },
                )
              }
              // "Validazione della richiesta": the first half already sent goes again, the same one, so one
              // that arrives late still works; the PIN is not changed (docs/rules.md §3).
              const since = request.issued_at ?? request.requested_at
              if (!(await deps.outbox.resendPinPart(trx, at, cf, 'first', since)))
                throw new Error(`pin request ${id}: no first half was sent`)
              await markRequestValidated(trx, id, at, operatorId)
            }
            await deps.audit.record(trx, at, actor, {
              action: 'pin.validated',
              outcome: 'success',
              codiceFiscale: cf,
              detail: {
                pinRequestId: id,
                previousStatus: request.status,
                firstHalfResent: request.status === 'issued' && credential !== undefined,
              },
            })
            return { id, status: 'issued' as const }
          })
        },
      )
    },
  }
}

export type ContactCenterPinService = ReturnType<typeof createContactCenterPinService>
