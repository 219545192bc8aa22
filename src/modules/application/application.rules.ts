import { electronicFormatIBAN, isSEPACountry, isValidIBAN } from 'ibantools'
import { badRequest, unprocessable } from '../../lib/errors.js'
import { birthDateMatches, isWellFormedCodiceFiscale, normalizeCodiceFiscale } from '../../lib/codice-fiscale.js'
import type { ChildJson, PaymentJson } from './application.table.js'
import type { ApplicationBody } from './application.schemas.js'
import type { Benefit } from './benefits.rules.js'
import { babySittingPaymentRule, isEligibleChild } from './baby-sitting.rules.js'
import { SEPA_IBAN_FROM } from './outcome.rules.js'

/**
 * docs/rules.md §6 and §12: an IBAN with valid mod-97 check digits, Italian for `iban`; for `iban_sepa`
 * (from 14 May 2020, msg 1981/2020) of another SEPA country (ibantools' SEPA list); or the post office.
 * `today` is the Rome date of the request.
 */
export function checkPayment(payment: NonNullable<ApplicationBody['payment']>, today: string): PaymentJson {
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

export function checkDeclarations(benefit: Benefit, declarations: Record<string, boolean | number>): void {
  const missing = benefit.requiredDeclarations.filter((name) => declarations[name] !== true)
  if (missing.length > 0) {
    throw unprocessable('MISSING_DECLARATION', `These declarations must be made (true): ${missing.join(', ')}`, {
      errors: missing.map((name) => ({ field: `/declarations/${name}`, message: 'must be true' })),
    })
  }
}

/**
 * The payment of an application: required, except for the baby-sitting bonus, which is credited on the
 * Libretto Famiglia (stored as method libretto_famiglia) unless used for summer centres (docs/rules.md §13).
 */
export function checkApplicationPayment(
  benefit: Benefit,
  body: Pick<ApplicationBody, 'payment' | 'use'>,
  today: string,
): PaymentJson {
  if (benefit.code !== 'bonus-baby-sitting') {
    if (body.use)
      throw unprocessable('USE_NOT_ALLOWED', 'Only the baby-sitting bonus takes a use', {
        errors: [{ field: '/use', message: 'not expected' }],
      })
    if (!body.payment)
      throw unprocessable('PAYMENT_REQUIRED', 'This benefit is paid: send payment {method, iban?}', {
        errors: [{ field: '/payment', message: 'required' }],
      })
    return checkPayment(body.payment, today)
  }
  const rule = babySittingPaymentRule(body.use, body.payment, today)
  if ('refusal' in rule) {
    const details = {
      PAYMENT_NOT_APPLICABLE:
        'The baby-sitting bonus is credited on the Libretto Famiglia: send no payment (except for centri_estivi)',
      IBAN_REQUIRED:
        'The bonus for summer centres (centri_estivi) is paid to an IBAN: send payment {method: iban, iban}',
      CENTRI_ESTIVI_NOT_AVAILABLE_YET: 'The bonus for summer centres exists from 19 May 2020 (DL 34/2020 art. 72)',
    }
    throw unprocessable(rule.refusal, details[rule.refusal], {
      errors: [
        {
          field: rule.refusal === 'CENTRI_ESTIVI_NOT_AVAILABLE_YET' ? '/use' : '/payment',
          message: rule.refusal.toLowerCase(),
        },
      ],
    })
  }
  return rule.use === 'centri_estivi' ? checkPayment(body.payment!, today) : { method: 'libretto_famiglia' }
}

/** docs/rules.md §13: children under 12 on 5 March 2020 (any age with a severe disability), each with a codice fiscale that encodes the birth date. */
export function checkChildren(benefit: Benefit, children: ApplicationBody['children']): ChildJson[] {
  if (benefit.code !== 'bonus-baby-sitting') {
    if (children && children.length > 0)
      throw unprocessable('CHILDREN_NOT_ALLOWED', 'Only the baby-sitting bonus takes children')
    return []
  }
  if (!children || children.length === 0) {
    throw unprocessable('CHILDREN_REQUIRED', 'The baby-sitting bonus needs at least one child', {
      errors: [{ field: '/children', message: 'required' }],
    })
  }
  return children.map((child, i) => {
    const codiceFiscale = normalizeCodiceFiscale(child.codiceFiscale)
    if (!isWellFormedCodiceFiscale(codiceFiscale)) {
      throw badRequest('INVALID_CODICE_FISCALE', `children[${i}].codiceFiscale is not a valid codice fiscale`, {
        errors: [{ field: `/children/${i}/codiceFiscale`, message: 'invalid codice fiscale' }],
      })
    }
    if (!birthDateMatches(codiceFiscale, child.birthDate)) {
      throw unprocessable(
        'CODICE_FISCALE_MISMATCH',
        `children[${i}]: the codice fiscale does not encode the birth date`,
        { errors: [{ field: `/children/${i}/birthDate`, message: 'does not agree with the codice fiscale' }] },
      )
    }
    if (!isEligibleChild(child)) {
      throw unprocessable(
        'CHILD_NOT_ELIGIBLE',
        `children[${i}] was not under 12 on 5 March 2020 (and has no severe disability)`,
        { errors: [{ field: `/children/${i}/birthDate`, message: 'not under 12 on 2020-03-05' }] },
      )
    }
    return { codiceFiscale, birthDate: child.birthDate, ...(child.severeDisability ? { severeDisability: true } : {}) }
  })
}

export function maskIban(iban: string): string {
  return `${iban.slice(0, 4)} **** ${iban.slice(-4)}`
}
