import type { Month } from './benefits/definition.js'
import { CITIZENSHIP_INCOME_METHOD } from '../payment/payment.schemas.js'
import type { Row } from '../../db/database.js'

/**
 * The payment of one month of an application, failed at once when its IBAN is known to be unusable; a
 * benefit paying through another's application (DL 104, DL 137) names itself as `payingBenefit`.
 */
export function paymentOfMonth(
  application: Row<'applications'>,
  month: Month,
  ibanFailure: string | undefined,
  payingBenefit = application.benefit_code,
) {
  const rdc = month.throughCitizenshipIncome === true
  return {
    codiceFiscale: application.codice_fiscale,
    applicationId: application.id,
    benefitCode: payingBenefit,
    period: month.period,
    amountEur: month.amountEur,
    method: rdc ? CITIZENSHIP_INCOME_METHOD : application.payment.method,
    iban: rdc ? undefined : application.payment.iban,
    failureReason: rdc ? undefined : ibanFailure,
  }
}
