import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { AuditService } from '../../core/audit/audit.service.js'
import { requireCodiceFiscale } from '../../core/archive/persons.service.js'
import type { PinLoginService } from '../pin/login.service.js'
import { toPaymentItem, type PaymentService } from '../payment/payment.service.js'
import type { ApplicationService } from './application.service.js'
import type { EnquiryBody } from './contact-center-enquiries.schemas.js'

export interface EnquiryDeps {
  db: Kysely<Database>
  audit: Pick<AuditService, 'record'>
  callers: Pick<PinLoginService, 'identifyCaller'>
  applications: Pick<ApplicationService, 'pageOwn'>
  payments: Pick<PaymentService, 'listOf'>
}

/** Enough for every application one person can have: one per benefit. */
const MAX_APPLICATIONS = 200

/**
 * docs/rules.md §15: "what happened to my application and my payment", answered on the phone once the
 * caller identified with their PIN; the read is audited as done on the caller's behalf.
 */
export function createContactCenterEnquiryService(deps: EnquiryDeps) {
  return {
    async enquire(now: Date, operatorId: string, body: EnquiryBody, requestId: string) {
      const codiceFiscale = requireCodiceFiscale(body.codiceFiscale)
      await deps.callers.identifyCaller(now, codiceFiscale, body.callerPin, operatorId, requestId)
      const [{ items: applications }, payments] = await Promise.all([
        deps.applications.pageOwn(codiceFiscale, undefined, MAX_APPLICATIONS),
        deps.payments.listOf(codiceFiscale),
      ])
      await deps.audit.record(
        deps.db,
        now,
        { type: 'operator', id: operatorId, channel: 'contact_center', requestId },
        {
          action: 'contact_center.enquiry',
          outcome: 'success',
          codiceFiscale,
          detail: { onBehalfOf: codiceFiscale, applications: applications.length, payments: payments.length },
        },
      )
      return { applications, payments: payments.map(toPaymentItem) }
    },
  }
}

export type ContactCenterEnquiryService = ReturnType<typeof createContactCenterEnquiryService>
