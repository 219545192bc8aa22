import { electronicFormatIBAN, isValidIBAN } from 'ibantools'
import { badRequest, unprocessable } from '../../lib/errors.js'
import { birthDateMatches, isWellFormedCodiceFiscale, normalizeCodiceFiscale } from '../../lib/codice-fiscale.js'
import type { ChildJson, PaymentJson } from './application.table.js'
import type { ApplicationBody } from './application.schemas.js'
import type { Benefit } from './benefits.rules.js'
import { isUnder12OnReferenceDate } from './eligibility.rules.js'

/** docs/rules.md §6: an Italian IBAN with valid mod-97 check digits, or the post office. */
export function checkPayment(payment: ApplicationBody['payment']): PaymentJson {
  if (payment.method === 'post_office') {
    if (payment.iban) throw unprocessable('IBAN_NOT_EXPECTED', 'Payment at the post office takes no IBAN', { errors: [{ field: '/payment/iban', message: 'not expected' }] })
    return { method: 'post_office' }
  }
  const iban = electronicFormatIBAN(payment.iban ?? '') ?? ''
  if (!iban || !isValidIBAN(iban)) {
    throw unprocessable('INVALID_IBAN', 'The IBAN is missing or its check digits are wrong', { errors: [{ field: '/payment/iban', message: 'invalid IBAN' }] })
  }
  if (!iban.startsWith('IT')) {
    throw unprocessable('INVALID_IBAN', 'An Italian IBAN (IT...) is expected', { errors: [{ field: '/payment/iban', message: 'not an Italian IBAN' }] })
  }
  return { method: 'iban', iban }
}

export function checkDeclarations(benefit: Benefit, declarations: Record<string, boolean>): void {
  const missing = benefit.requiredDeclarations.filter((name) => declarations[name] !== true)
  if (missing.length > 0) {
    throw unprocessable('MISSING_DECLARATION', `These declarations must be made (true): ${missing.join(', ')}`, {
      errors: missing.map((name) => ({ field: `/declarations/${name}`, message: 'must be true' })),
    })
  }
}

/** Art. 23: children under 12 on 5 March 2020, each with a codice fiscale that encodes the birth date. */
export function checkChildren(benefit: Benefit, children: ApplicationBody['children']): ChildJson[] {
  if (benefit.code !== 'bonus-baby-sitting') {
    if (children && children.length > 0) throw unprocessable('CHILDREN_NOT_ALLOWED', 'Only the baby-sitting bonus takes children')
    return []
  }
  if (!children || children.length === 0) {
    throw unprocessable('CHILDREN_REQUIRED', 'The baby-sitting bonus needs at least one child', { errors: [{ field: '/children', message: 'required' }] })
  }
  return children.map((child, i) => {
    const codiceFiscale = normalizeCodiceFiscale(child.codiceFiscale)
    if (!isWellFormedCodiceFiscale(codiceFiscale)) {
      throw badRequest('INVALID_CODICE_FISCALE', `children[${i}].codiceFiscale is not a valid codice fiscale`, { errors: [{ field: `/children/${i}/codiceFiscale`, message: 'invalid codice fiscale' }] })
    }
    if (!birthDateMatches(codiceFiscale, child.birthDate)) {
      throw unprocessable('CODICE_FISCALE_MISMATCH', `children[${i}]: the codice fiscale does not encode the birth date`, { errors: [{ field: `/children/${i}/birthDate`, message: 'does not agree with the codice fiscale' }] })
    }
    if (!isUnder12OnReferenceDate(child.birthDate)) {
      throw unprocessable('CHILD_NOT_ELIGIBLE', `children[${i}] was not under 12 on 5 March 2020`, { errors: [{ field: `/children/${i}/birthDate`, message: 'not under 12 on 2020-03-05' }] })
    }
    return { codiceFiscale, birthDate: child.birthDate }
  })
}

export function maskIban(iban: string): string {
  return `${iban.slice(0, 4)} **** ${iban.slice(-4)}`
}
