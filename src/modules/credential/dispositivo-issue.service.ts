import { forbidden, notFound, unprocessable } from '../../lib/errors.js'
import type { AuthContext } from '../../core/auth/auth.types.js'
import type { Actor } from '../../core/audit/audit.service.js'
import { findOfficeByCode } from '../../core/offices/offices.service.js'
import { findArchivedPerson, requireCodiceFiscale } from '../../core/archive/persons.service.js'
import { preparePin, storeHandedOverPin, storeIssuedPin } from '../pin/pin-issuer.service.js'
import { findPinCredential, replacePin } from '../pin/pin-credential.service.js'
import { newPinScope } from '../pin/pin-issuance.rules.js'
import type { PinScope } from '../pin/pin-credential.service.js'
import { auditRefusals, auditableCodiceFiscale } from '../../core/audit/audit.service.js'
import type { CredentialDeps } from './dispositivo-request.service.js'
import { requireElectronicContacts } from './credential.rules.js'
import type { IdentifiedCitizen, RemoteIdentificationBody } from './dispositivo-issue.schemas.js'
import type { Row } from '../../db/database.js'

async function requireArchivedPerson(deps: CredentialDeps, codiceFiscale: string): Promise<Row<'persons'>> {
  const person = await findArchivedPerson(deps.db, codiceFiscale)
  if (!person) {
    throw unprocessable(
      'PERSON_NOT_IN_ARCHIVE',
      'This codice fiscale is not in the INPS archive: a PIN dispositivo can only be issued to a registered person',
    )
  }
  return person
}

/**
 * A PIN dispositivo for someone without any PIN is a new PIN: after the end of new PINs only the
 * exceptions of circ. 87/2020 get one, for their own services (docs/rules.md §3). Someone who has a PIN
 * has it renewed, as before.
 */
async function scopeOfNewPin(deps: IssueDeps, at: Date, person: Row<'persons'>): Promise<PinScope | undefined> {
  if (await findPinCredential(deps.db, person.codice_fiscale)) return undefined
  return newPinScope(at, deps.pinIssuanceEnd, { birthDate: person.birth_date, positions: person.positions })
}

export interface IssueDeps extends CredentialDeps {
  /** docs/rules.md §3 (circ. 87/2020): the last Rome day of new PINs for everyone. */
  pinIssuanceEnd: string
}

export function createDispositivoIssueService(deps: IssueDeps) {
  return {
    /**
     * docs/rules.md §4, at an INPS office: the operator has checked the identity document and hands the whole
     * 16-character PIN over at once; offices closed to the public (from 25 March 2020) refuse.
     */
    async atCounter(at: Date, operator: AuthContext, officeCode: string, body: IdentifiedCitizen, requestId: string) {
      const actor: Actor = { type: 'operator', id: operator.subject, channel: 'office', requestId }
      return auditRefusals(
        deps,
        at,
        actor,
        {
          action: 'dispositivo.issued_at_office',
          codiceFiscale: () => auditableCodiceFiscale(body.codiceFiscale),
          detail: { officeCode },
        },
        async () => {
          if (operator.officeCode?.toUpperCase() !== officeCode.toUpperCase()) {
            throw forbidden(
              'WRONG_OFFICE',
              `This operator works at office ${operator.officeCode ?? '(none)'} and cannot issue PINs for office ${officeCode}`,
            )
          }
          const office = await findOfficeByCode(deps.db, operator.officeCode)
          if (!office) throw notFound(`Office ${officeCode}`, 'OFFICE_NOT_FOUND')
          if (!office.open) {
            throw forbidden(
              'OFFICE_CLOSED',
              `${office.name} is closed to the public${office.closed_since ? ` since ${office.closed_since}` : ''}: use the Contact Center's remote recognition`,
              {
                closedSince: office.closed_since,
              },
            )
          }
          const cf = requireCodiceFiscale(body.codiceFiscale)
          const person = await requireArchivedPerson(deps, cf)
          const scope = await scopeOfNewPin(deps, at, person)
          const prepared = await preparePin()
          return deps.db.transaction().execute(async (trx) => {
            const { superseded } = await replacePin(trx, person, (holder) =>
              storeHandedOverPin(trx, at, holder, prepared, {
                pinRequestId: null,
                level: 'dispositivo',
                ...(scope ? { scope } : {}),
              }),
            )
            await deps.audit.record(trx, at, actor, {
              action: 'dispositivo.issued_at_office',
              outcome: 'success',
              codiceFiscale: person.codice_fiscale,
              detail: { officeCode: office.code, identityDocumentType: body.identityDocument.type, superseded },
            })
            return { pin: prepared.pin, level: 'dispositivo' as const }
          })
        },
      )
    },

    /**
     * docs/rules.md §4, remote recognition: the Contact Center identifies the caller and issues, in one step, a PIN
     * dispositivo with both halves sent electronically now (first by SMS, second by email), no letter.
     */
    async remotely(at: Date, operatorId: string, body: RemoteIdentificationBody, requestId: string) {
      const actor: Actor = { type: 'operator', id: operatorId, channel: 'contact_center', requestId }
      return auditRefusals(
        deps,
        at,
        actor,
        { action: 'dispositivo.issued_remotely', codiceFiscale: () => auditableCodiceFiscale(body.codiceFiscale) },
        async () => {
          const cf = requireCodiceFiscale(body.codiceFiscale)
          const person = await requireArchivedPerson(deps, cf)
          // docs/rules.md §15: the contacts the recognised caller gives on the phone, the archive's where none is given.
          const contacts = { ...person.contacts, ...body.contacts }
          const { mobile, email } = requireElectronicContacts(contacts)
          const scope = await scopeOfNewPin(deps, at, person)
          const prepared = await preparePin()
          return deps.db.transaction().execute(async (trx) => {
            const { superseded } = await replacePin(trx, person, (holder) =>
              storeIssuedPin(trx, deps.outbox, at, { ...holder, contacts }, prepared, {
                pinRequestId: null,
                level: 'dispositivo',
                ...(scope ? { scope } : {}),
                firstHalfTo: { channel: 'sms', recipient: mobile, deliverAt: at },
                secondHalfTo: { channel: 'email', recipient: email, deliverAt: at },
              }),
            )
            await deps.audit.record(trx, at, actor, {
              action: 'dispositivo.issued_remotely',
              outcome: 'success',
              codiceFiscale: person.codice_fiscale,
              detail: {
                identityDocumentType: body.identityDocument.type,
                firstHalfChannel: 'sms',
                secondHalfChannel: 'email',
                contactsGiven: Object.keys(body.contacts ?? {}),
                superseded,
              },
            })
            return { status: 'issued' as const, level: 'dispositivo' as const }
          })
        },
      )
    },
  }
}

export type DispositivoIssueService = ReturnType<typeof createDispositivoIssueService>
