import { electronicFormatIBAN, isSEPACountry, isValidIBAN } from 'ibantools'
import { unprocessable } from '../../lib/errors.js'
import type { PaymentJson } from './application.table.js'
import type { PaymentRequest } from './benefits/definition.js'

/** Msg 1981/2020: foreign SEPA IBANs accepted from 14 May 2020. */
export const SEPA_IBAN_FROM = '2020-05-14'

/**
 * docs/rules.md §6 and §12: an IBAN with valid mod-97 check digits, Italian for `iban`; for `iban_sepa`
 * (from 14 May 2020, msg 1981/2020) of another SEPA country (ibantools' SEPA list); or the post office.
 * `today` is the Rome date of the request.
 */
export function checkPayment(payment: NonNullable<PaymentRequest['payment']>, today: string): PaymentJson {
  if (payment.method === 'post_office') {
    if (payment.iban)
      throw unprocessable('IBAN_NOT_EXPECTED', 'Payment at the post office takes no IBAN', {
        errors: [{ field: '/payment/iban', message: 'not expected' }],
      })
    return { method: 'post_office' }
  }
  const iban = electronicFormatIBAN(payment.iban ?? '') ?? ''
  if (!iban || !isValidIBAN(iban)) {
    throw unprocessable('INVALID_IBAN', 'The IBAN is missing or its check digits are wrong', {
      errors: [{ field: '/payment/iban', message: 'invalid IBAN' }],
    })
  }
  if (payment.method === 'iban_sepa' && !iban.startsWith('IT')) {
    if (!isSEPACountry(iban.slice(0, 2))) {
      throw unprocessable('INVALID_IBAN', 'The IBAN is not of a SEPA country', {
        errors: [{ field: '/payment/iban', message: 'not a SEPA IBAN' }],
      })
    }
    if (today < SEPA_IBAN_FROM)
      throw unprocessable(
        'SEPA_IBAN_NOT_ACCEPTED_YET',
        'Foreign SEPA IBANs are accepted from 14 May 2020 (msg 1981/2020)',
      )
    return { method: 'iban_sepa', iban }
  }
  if (!iban.startsWith('IT')) {
    throw unprocessable('INVALID_IBAN', 'An Italian IBAN (IT...) is expected', {
      errors: [{ field: '/payment/iban', message: 'not an Italian IBAN' }],
    })
  }
  return { method: 'iban', iban }
}
