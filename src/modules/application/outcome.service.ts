import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import { conflict } from '../../lib/errors.js'
import { romeDate } from '../../lib/rome-time.js'
import type { AuditService, Actor } from '../../core/audit/audit.service.js'
import { findArchivedPerson } from '../../core/archive/persons.service.js'
import { checkUploadedFile } from '../../lib/uploaded-file.js'
import type { PaymentService } from '../payment/payment.service.js'
import {
  findOwnApplication,
  findPatronatoApplication,
  markDocumentsReceived,
  reopenForRiesame,
  updateApplicationPayment,
} from './application.repository.js'
import type { ApplicationBody } from './application.schemas.js'
import { checkPayment } from './payment-details.rules.js'
import { addDays, ibanFailure, riesameDeadline } from './outcome.rules.js'
import { receiptPdf } from './receipt-pdf.rules.js'
import { findBenefit } from './benefits/catalogue.js'
import { awaitsDocuments, requireFound } from './application.service.js'
import { claimChildrenAgain } from './baby-sitting.service.js'
import { claimHouseholdAgain } from './household.service.js'

export interface OutcomeDeps {
  db: Kysely<Database>
  audit: Pick<AuditService, 'record'>
  payments: Pick<PaymentService, 'ofApplications' | 'redirect'>
}

/** Who acts on an application: its owner, or the patronato that filed it (anyone else finds nothing: 404). */
export type Owner = { codiceFiscale: string } | { patronato: string; operatorId: string }

/** msg 1981/2020: an identity document and the modulo di identificazione finanziaria. */
const SEPA_ACCEPTED: Readonly<Record<string, readonly string[]>> = {
  identityDocument: ['application/pdf', 'image/jpeg', 'image/png'],
  financialIdentification: ['application/pdf'],
}

async function findFor(deps: OutcomeDeps, id: string, owner: Owner): Promise<Row<'applications'>> {
  return requireFound(
    'codiceFiscale' in owner
      ? await findOwnApplication(deps.db, id, owner.codiceFiscale)
      : await findPatronatoApplication(deps.db, id, owner.patronato),
  )
}

const actorOf = (owner: Owner, requestId: string): Actor =>
  'codiceFiscale' in owner
    ? { type: 'citizen', id: owner.codiceFiscale, channel: 'web', requestId }
    : { type: 'operator', id: owner.operatorId, channel: 'patronato', requestId }

export function createOutcomeService(deps: OutcomeDeps) {
  const { db } = deps
  return {
    /**
     * docs/rules.md §11: a rejected application may be reviewed once, within 20 days of the later of
     * 1 June 2020 and the rejection; the worker then decides it on the archive as it is.
     */
    async requestRiesame(now: Date, owner: Owner, id: string, note: string, requestId: string) {
      const row = await findFor(deps, id, owner)
      if (row.status !== 'rejected' || row.riesame_requested_at) {
        throw conflict(
          'RIESAME_NOT_ALLOWED',
          row.status === 'rejected'
            ? 'A riesame of this application was asked already'
            : `Only a rejected application can be reviewed; this one is ${row.status}`,
        )
      }
      const benefit = findBenefit(row.benefit_code)
      if (!benefit) throw conflict('RIESAME_NOT_ALLOWED', 'This benefit has no riesame')
      const today = romeDate(now)
      if (today < benefit.riesame.opensOn)
        throw conflict('RIESAME_NOT_OPEN', `The riesame of this benefit opens on ${benefit.riesame.opensOn}`, {
          opensOn: benefit.riesame.opensOn,
        })
      const deadline = riesameDeadline(benefit, romeDate(row.evaluated_at ?? row.submitted_at))
      if (today > deadline)
        throw conflict('RIESAME_DEADLINE_PASSED', `The riesame had to be asked by ${deadline}`, { deadline })
      await db.transaction().execute(async (trx) => {
        // A concurrent request may have reopened it first.
        if (!(await reopenForRiesame(trx, row.id, now, note)))
          throw conflict('RIESAME_NOT_ALLOWED', 'A riesame of this application was asked already')
        // docs/rules.md §13: the rejection let its children go; reopened, it takes them back or stays rejected.
        if (benefit.takesChildren) await claimChildrenAgain(trx, row, now)
        // docs/rules.md §16: likewise the household of a household benefit.
        if (benefit.onePerHousehold) await claimHouseholdAgain(trx, row, now)
        await deps.audit.record(trx, now, actorOf(owner, requestId), {
          action: 'application.riesame_requested',
          outcome: 'success',
          codiceFiscale: row.codice_fiscale,
          detail: { applicationId: row.id },
        })
      })
      return { status: 'riesame_requested' as const }
    },

    /**
     * docs/rules.md §12: new payment details, by the owner. An instalment already paid cannot be
     * redirected (409); one that failed (IBAN_NOT_HELD) is scheduled again when the new IBAN is held.
     */
    async changePayment(
      now: Date,
      codiceFiscale: string,
      id: string,
      body: NonNullable<ApplicationBody['payment']>,
      requestId: string,
    ) {
      const row = requireFound(await findOwnApplication(db, id, codiceFiscale))
      const today = romeDate(now)
      const payment = checkPayment(body, today)
      if (row.payment.method === 'libretto_famiglia')
        throw conflict('PAYMENT_NOT_CHANGEABLE', 'The baby-sitting bonus is credited on the Libretto Famiglia')
      const current = (await deps.payments.ofApplications([row.id])).get(row.id) ?? []
      if (current.some((p) => p.status === 'paid'))
        throw conflict('PAYMENT_NOT_CHANGEABLE', 'The payment has already been made: its details cannot change')
      await db.transaction().execute(async (trx) => {
        await updateApplicationPayment(trx, row.id, payment)
        if (current.length > 0) {
          const person = await findArchivedPerson(trx, codiceFiscale)
          const failureReason = ibanFailure(payment, codiceFiscale, person?.bank_accounts, today)
          const tomorrow = addDays(today, 1)
          const valueDate = row.payment_date && row.payment_date > tomorrow ? row.payment_date : tomorrow
          await deps.payments.redirect(trx, row.id, {
            method: payment.method,
            iban: payment.iban,
            valueDate,
            failureReason,
          })
        }
        await deps.audit.record(trx, now, actorOf({ codiceFiscale }, requestId), {
          action: 'application.payment_changed',
          outcome: 'success',
          codiceFiscale,
          detail: { applicationId: row.id, method: payment.method },
        })
      })
    },

    /**
     * The documents an application waits for: the two of a foreign SEPA IBAN (msg 1981/2020), or those its
     * benefit's definition asks for (the enrolment in summer centres); then it is evaluated.
     */
    async submitDocuments(
      now: Date,
      codiceFiscale: string,
      id: string,
      read: (files: readonly string[]) => Promise<{ files: ReadonlyMap<string, { content: Buffer }> }>,
      requestId: string,
    ) {
      const row = requireFound(await findOwnApplication(db, id, codiceFiscale))
      if (!awaitsDocuments(row))
        throw conflict('DOCUMENTS_NOT_REQUIRED', 'This application is not waiting for documents')
      const accepted =
        (row.documents_required && findBenefit(row.benefit_code)?.documents?.(row.payment)) || SEPA_ACCEPTED
      const { files } = await read(Object.keys(accepted))
      const checked = []
      // Types by content (magic bytes), as for the PIN dispositivo documents: 415 names the field.
      for (const [field, types] of Object.entries(accepted))
        checked.push(await checkUploadedFile(field, files.get(field)?.content, types))
      if (!(await markDocumentsReceived(db, row.id, now)))
        throw conflict('DOCUMENTS_NOT_REQUIRED', 'This application is not waiting for documents')
      await deps.audit.record(db, now, actorOf({ codiceFiscale }, requestId), {
        action: 'application.documents_received',
        outcome: 'success',
        codiceFiscale,
        detail: { applicationId: row.id, documents: checked },
      })
      return { status: 'submitted' as const }
    },

    /** The ricevuta of an application (docs/rules.md §11), for its owner or the patronato that filed it. */
    receipt: async (id: string, owner: Owner) => receiptPdf(await findFor(deps, id, owner)),
  }
}

export type OutcomeService = ReturnType<typeof createOutcomeService>
