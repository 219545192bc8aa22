import { forbidden } from '../../lib/errors.js'
import { requireCodiceFiscale } from '../../core/archive/persons.service.js'
import type { PinLoginService } from '../pin/login.service.js'
import type { ApplicationService, SubmissionResult } from './application.service.js'
import { findBenefit } from './benefits/catalogue.js'
import type { ContactCenterApplicationBody } from './contact-center-enquiries.schemas.js'

export interface ContactCenterFilingDeps {
  callers: Pick<PinLoginService, 'identifyCaller'>
  applications: Pick<ApplicationService, 'submit'>
}

/**
 * docs/rules.md §15: an operator files only for a caller who proved who they are with their PIN (the
 * first half during the emergency, or the personal PIN); the application carries the level that PIN proves.
 */
export function createContactCenterFilingService(deps: ContactCenterFilingDeps) {
  return {
    async file(
      now: Date,
      operatorId: string,
      input: ContactCenterApplicationBody,
      requestId: string,
      idempotencyKey?: string,
    ): Promise<SubmissionResult> {
      const { codiceFiscale: given, callerPin, ...body } = input
      const codiceFiscale = requireCodiceFiscale(given)
      const authLevel = await deps.callers.identifyCaller(now, codiceFiscale, callerPin, operatorId, requestId)
      const benefit = findBenefit(body.benefitCode)
      // messaggio INPS 1381/2020: the first half alone opens only the COVID services.
      if (benefit && !benefit.allowedAuthLevels.includes(authLevel)) {
        throw forbidden(
          'INSUFFICIENT_LEVEL',
          `The caller identified with ${authLevel}, which is not enough for ${benefit.code}`,
          { acceptedLevels: benefit.allowedAuthLevels },
        )
      }
      return deps.applications.submit(
        now,
        {
          codiceFiscale,
          channel: 'contact_center',
          authLevel,
          filedBy: operatorId,
          caller: `contact_center:${operatorId}`,
          requestId,
        },
        body,
        idempotencyKey,
      )
    },
  }
}

export type ContactCenterFilingService = ReturnType<typeof createContactCenterFilingService>
