import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { ContactsJson, Database, Row } from '../../db/database.js'
import type { CredentialLevel, PinRequestPersonalData, PinScope } from './pin.table.js'
import { newPinScope, type IssuanceFacts } from './pin-issuance.rules.js'
import { addHours } from '../../lib/clock.js'
import { conflict, notFound } from '../../lib/errors.js'
import { toRomeIso } from '../../lib/rome-time.js'
import { auditRefusals, auditableCodiceFiscale, type Actor, type AuditService } from '../../core/audit/audit.service.js'
import type { OutboxService } from '../../core/outbox/outbox.service.js'
import {
  findArchivedPerson,
  requireCodiceFiscale,
  requireConsistentCodiceFiscale,
} from '../../core/archive/persons.service.js'
import { lockCredential } from './pin-credential.repository.js'
import { postalRecipient, preparePin, storeIssuedPin, type PreparedPin } from './pin-issuer.service.js'
import { sendPinNotice } from './pin-notices.service.js'
import { trustedContacts } from './pin-recovery.rules.js'
import {
  addressMatchesArchive,
  firstHalfRecipient,
  matchesArchive,
  requireDeliveryContact,
  type FirstHalfChannel,
} from './pin-request.rules.js'
import { findPinRequest, insertPinRequest, lockPersonPin, supersedeOpenRequests } from './pin-request.repository.js'
import type { PinRequestBody, PinRequestCreated, PinRequestState } from './pin-request.schemas.js'

/** What the PIN services need, wired once by the routes. */
export interface PinServiceDeps {
  db: Kysely<Database>
  outbox: Pick<OutboxService, 'send' | 'resendPinPart'>
  audit: AuditService
  /** docs/rules.md §3: the letter with the second half arrives after this many hours of emulated time. */
  postalDelayHours: number
  /** docs/rules.md §3 (circ. 87/2020): the last Rome day of new PINs for everyone. */
  pinIssuanceEnd: string
}

/** A request body checked against the rules that need no database. */
export interface CheckedRequest {
  codiceFiscale: string
  personal: PinRequestPersonalData
  contacts: ContactsJson
  firstHalfChannel: FirstHalfChannel
}

/** 400 INVALID_CODICE_FISCALE, 422 CODICE_FISCALE_MISMATCH naming the fields, 400 NO_DELIVERY_CONTACT. */
export function checkRequest(body: PinRequestBody): CheckedRequest {
  const codiceFiscale = requireCodiceFiscale(body.codiceFiscale)
  requireConsistentCodiceFiscale(codiceFiscale, body)
  requireDeliveryContact(body.contacts, body.firstHalfChannel)
  const { firstName, lastName, birthDate, sex, birthPlace, residence, assistancePhone } = body
  return {
    codiceFiscale,
    personal: { firstName, lastName, birthDate, sex, birthPlace, residence, assistancePhone },
    contacts: body.contacts,
    firstHalfChannel: body.firstHalfChannel,
  }
}

/**
 * The common start of every new PIN request (online or at the Contact Center): a refusal is audited under
 * `action` with the codice fiscale the body names, when well formed; `work` gets the checked body and the
 * person's archive record.
 */
export function auditedRequest<T>(
  deps: PinServiceDeps,
  at: Date,
  actor: Actor,
  action: string,
  body: PinRequestBody,
  work: (checked: CheckedRequest, person: Row<'persons'> | undefined) => Promise<T>,
): Promise<T> {
  return auditRefusals(
    deps,
    at,
    actor,
    { action, codiceFiscale: () => auditableCodiceFiscale(body.codiceFiscale) },
    async () => {
      const checked = checkRequest(body)
      return work(checked, await findArchivedPerson(deps.db, checked.codiceFiscale))
    },
  )
}

/** The common start of every new request, inside its transaction: one person's PIN steps run one at a time. */
export async function lockPersonCredential(
  trx: Transaction<Database>,
  codiceFiscale: string,
): Promise<Row<'pin_credentials'> | undefined> {
  await lockPersonPin(trx, codiceFiscale)
  return lockCredential(trx, codiceFiscale)
}

/**
 * A verified request (docs/rules.md §3: its data match the archive, or an operator identified the caller)
 * supersedes the person's open ones; an unverified one supersedes nothing until the Contact Center
 * validates it (`keep` is then the request itself). Replacing a request, or a PIN still waiting for its
 * letter, is never silent: the archive contacts are told. Returns the superseded ids.
 */
export async function supersedeForNewRequest(
  trx: Transaction<Database>,
  deps: Pick<PinServiceDeps, 'outbox'>,
  at: Date,
  codiceFiscale: string,
  credential: Row<'pin_credentials'> | undefined,
  archive: Row<'persons'> | undefined,
  keep?: string,
): Promise<string[]> {
  const superseded = await supersedeOpenRequests(trx, codiceFiscale, keep)
  if (archive && (superseded.length > 0 || credential?.state === 'issued')) {
    await sendPinNotice(trx, deps.outbox, at, codiceFiscale, archive.contacts, 'superseded')
  }
  return superseded
}

/** Only where an identified person is on the other end (the Contact Center): the web answer must not tell who has a PIN. */
export const pinAlreadyActive = () =>
  conflict(
    'PIN_ALREADY_ACTIVE',
    'This person already has an activated PIN: log in with it, or recover it if lost (POST /api/v1/pin-recoveries)',
  )

/**
 * Stores the PIN of a request and queues its halves: the first by the request's firstHalfChannel now,
 * the second by post to the residence, delivered after the postal delay (docs/rules.md §3).
 */
export async function issueForRequest(
  trx: Transaction<Database>,
  deps: Pick<PinServiceDeps, 'outbox' | 'postalDelayHours'>,
  at: Date,
  request: Row<'pin_requests'>,
  prepared: PreparedPin,
  level: CredentialLevel,
  scope?: PinScope,
): Promise<void> {
  const p = request.personal_data
  const recipient = firstHalfRecipient(request.contacts, request.first_half_channel)
  if (!recipient) throw new Error(`pin request ${request.id} has no ${request.first_half_channel} contact`)
  await storeIssuedPin(
    trx,
    deps.outbox,
    at,
    { codiceFiscale: request.codice_fiscale, firstName: p.firstName, lastName: p.lastName, contacts: request.contacts },
    prepared,
    {
      pinRequestId: request.id,
      level,
      ...(scope ? { scope } : {}),
      firstHalfTo: { channel: request.first_half_channel, recipient, deliverAt: at },
      secondHalfTo: {
        channel: 'post',
        recipient: postalRecipient(p.residence, `${p.firstName} ${p.lastName}`),
        deliverAt: addHours(at, deps.postalDelayHours),
        province: p.residence.province,
      },
    },
  )
}

/** What the exceptions of circ. 87/2020 are judged on: the archive, else the request's (codice fiscale-checked) birth date. */
export const issuanceFacts = (
  person: Row<'persons'> | undefined,
  request: { personal: Pick<PinRequestPersonalData, 'birthDate'> },
): IssuanceFacts => ({
  birthDate: person?.birth_date ?? request.personal.birthDate,
  positions: person?.positions ?? null,
})

/** A new issue keeps the level of a credential not yet activated (superseding replaces only the halves). */
export const levelFor = (credential: Row<'pin_credentials'> | undefined): CredentialLevel =>
  credential?.level ?? 'ordinario'

export function createPinRequestService(deps: PinServiceDeps) {
  return {
    /**
     * POST /pin-requests: issued at once when the archive agrees, otherwise pending the Contact Center.
     * A person whose PIN is already activated gets the very same answer (status and body), so the route
     * does not tell who has a PIN: the request is recorded as refused and the person is told at their
     * trusted contacts; nothing is issued and nothing is sent to the contacts of the request.
     */
    async request(at: Date, body: PinRequestBody, requestId: string): Promise<PinRequestCreated> {
      const actor: Actor = { type: 'anonymous', channel: 'web', requestId }
      return auditedRequest(deps, at, actor, 'pin.requested', body, async (checked, person) => {
        const cf = checked.codiceFiscale
        // Decided by the archive and the codice fiscale only, never by whether a PIN exists: the answer
        // still tells nobody who has one.
        const scope = newPinScope(at, deps.pinIssuanceEnd, issuanceFacts(person, checked))
        const issue = matchesArchive(person, checked.personal)
        // argon2 is slow: hash before the transaction, which holds the person's lock. A request that turns
        // out refused is hashed too, so the time taken does not tell who has a PIN either.
        const prepared = issue ? await preparePin() : undefined
        return deps.db.transaction().execute(async (trx) => {
          const credential = await lockPersonCredential(trx, cf)
          const refused = credential?.state === 'active'
          const status = prepared ? 'issued' : 'pending_validation'
          // Only a request that matches the archive supersedes: a stranger's made-up data for someone's
          // codice fiscale must not cancel that person's request (docs/security.md). A refused request
          // follows the same rule, so its public status moves on exactly like any other's.
          const superseded = !prepared
            ? []
            : refused
              ? await supersedeOpenRequests(trx, cf)
              : await supersedeForNewRequest(trx, deps, at, cf, credential, person)
          const request = await insertPinRequest(trx, {
            id: randomUUID(),
            codice_fiscale: cf,
            channel: 'web',
            status,
            personal_data: JSON.stringify(checked.personal),
            contacts: JSON.stringify(checked.contacts),
            first_half_channel: checked.firstHalfChannel,
            address_matched: person !== undefined && addressMatchesArchive(person, checked.personal),
            requested_at: at,
            issued_at: prepared && !refused ? at : null,
            refused_reason: refused ? 'pin_already_active' : null,
          })
          if (refused)
            await sendPinNotice(
              trx,
              deps.outbox,
              at,
              cf,
              trustedContacts(person?.contacts, credential),
              'alreadyActive',
            )
          else if (prepared) await issueForRequest(trx, deps, at, request, prepared, levelFor(credential), scope)
          await deps.audit.record(trx, at, actor, {
            action: 'pin.requested',
            outcome: refused ? 'failure' : 'success',
            codiceFiscale: cf,
            detail: {
              pinRequestId: request.id,
              status,
              channel: 'web',
              firstHalfChannel: checked.firstHalfChannel,
              superseded,
              ...(refused ? { code: 'PIN_ALREADY_ACTIVE' } : {}),
            },
          })
          return { id: request.id, status }
        })
      })
    },

    async status(id: string): Promise<PinRequestState> {
      const request = await findPinRequest(deps.db, id)
      if (!request) throw notFound('PIN request', 'PIN_REQUEST_NOT_FOUND')
      return { id: request.id, status: request.status, requestedAt: toRomeIso(request.requested_at) }
    },
  }
}

export type PinRequestService = ReturnType<typeof createPinRequestService>
