import type { ApplicationRow } from './application.table.js'
import type { Month } from './benefits/definition.js'

/** DL 34 art. 84 c. 13: a top-up of the citizenship income is paid on the RdC card, not to the application's IBAN. */
export const THROUGH_CITIZENSHIP_INCOME = 'reddito_di_cittadinanza'

/** The payment of one month of an application, failed at once when its IBAN is known to be unusable. */
export function paymentOfMonth(application: ApplicationRow, month: Month, ibanFailure: string | undefined) {
  const rdc = month.throughCitizenshipIncome === true
  return {
    codiceFiscale: application.codice_fiscale,
    applicationId: application.id,
    benefitCode: application.benefit_code,
    period: month.period,
    amountEur: month.amountEur,
    method: rdc ? THROUGH_CITIZENSHIP_INCOME : application.payment.method,
    iban: rdc ? undefined : application.payment.iban,
    failureReason: rdc ? undefined : ibanFailure,
  }
}
