import { badRequest, unprocessable } from '../../lib/errors.js'
import { birthDateMatches, isWellFormedCodiceFiscale, normalizeCodiceFiscale } from '../../lib/codice-fiscale.js'
import type { ApplicationDetails, ChildJson, PaymentJson, PeriodJson } from './application.table.js'
import type { ApplicationBody } from './application.schemas.js'
import type { BenefitDefinition } from './benefits/definition.js'
import { isEligibleChild } from './baby-sitting.rules.js'
import { checkPayment } from './payment-details.rules.js'

/** The declarations the benefit asks for: true for each self-certification, numbers for its amounts when sent (422 otherwise). */
export function checkDeclarations(benefit: BenefitDefinition, declarations: Record<string, boolean | number>): void {
  const missing = benefit.declarations.required.filter((name) => declarations[name] !== true)
  if (missing.length > 0) {
    throw unprocessable('MISSING_DECLARATION', `These declarations must be made (true): ${missing.join(', ')}`, {
      errors: missing.map((name) => ({ field: `/declarations/${name}`, message: 'must be true' })),
    })
  }
  // Amounts are sent together or not at all (the benefit's eligibility says who must send them).
  const amountNames = benefit.declarations.amounts ?? []
  const sent = amountNames.some((name) => declarations[name] !== undefined)
  const amounts = sent ? amountNames.filter((name) => typeof declarations[name] !== 'number') : []
  if (amounts.length > 0) {
    throw unprocessable('MISSING_DECLARATION', `These declarations must be amounts in euro: ${amounts.join(', ')}`, {
      errors: amounts.map((name) => ({ field: `/declarations/${name}`, message: 'must be a number' })),
    })
  }
}

/** The payment of an application: the benefit's own rule, or a payment {method, iban?} (docs/rules.md §6, §12). */
export function checkApplicationPayment(
  benefit: BenefitDefinition,
  body: Pick<ApplicationBody, 'payment' | 'use'>,
  today: string,
): PaymentJson {
  if (benefit.payment) return benefit.payment(body, today)
  if (body.use)
    throw unprocessable('USE_NOT_ALLOWED', 'This benefit takes no use', {
      errors: [{ field: '/use', message: 'not expected' }],
    })
  if (!body.payment)
    throw unprocessable('PAYMENT_REQUIRED', 'This benefit is paid: send payment {method, iban?}', {
      errors: [{ field: '/payment', message: 'required' }],
    })
  return checkPayment(body.payment, today)
}

/** The body's sections only some benefits take, checked and kept by the definition (docs/rules.md §13). */
export function checkDetails(
  benefit: BenefitDefinition,
  body: ApplicationBody,
  payment: PaymentJson,
): ApplicationDetails | null {
  if (benefit.details) return benefit.details(body, payment)
  if (body.centriEstivi)
    throw unprocessable('DETAILS_NOT_ALLOWED', 'This benefit takes no centriEstivi', {
      errors: [{ field: '/centriEstivi', message: 'not expected' }],
    })
  return null
}

/** docs/rules.md §13: children under 12 on 5 March 2020 (any age with a severe disability), each with a codice fiscale that encodes the birth date. */
export function checkChildren(benefit: BenefitDefinition, children: ApplicationBody['children']): ChildJson[] {
  if (!benefit.takesChildren) {
    if (children && children.length > 0) throw unprocessable('CHILDREN_NOT_ALLOWED', 'This benefit takes no children')
    return []
  }
  if (!children || children.length === 0) {
    throw unprocessable('CHILDREN_REQUIRED', 'This benefit needs at least one child', {
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

/**
 * docs/rules.md §19: the days of leave of a benefit that takes periods, each from <= to, within the window
 * of the filing day and apart from the others (422 otherwise); none for the other benefits. Sorted.
 */
export function checkPeriods(
  benefit: BenefitDefinition,
  periods: ApplicationBody['periods'],
  submittedOn: string,
): PeriodJson[] {
  if (!benefit.takesPeriods) {
    if (periods && periods.length > 0) throw unprocessable('PERIODS_NOT_ALLOWED', 'This benefit takes no periods')
    return []
  }
  if (!periods || periods.length === 0) {
    throw unprocessable('PERIODS_REQUIRED', 'This benefit needs the days of leave: periods [{from, to}]', {
      errors: [{ field: '/periods', message: 'required' }],
    })
  }
  const window = benefit.takesPeriods.window(submittedOn)
  periods.forEach((p, i) => {
    if (p.from > p.to) {
      throw unprocessable('INVALID_PERIOD', `periods[${i}] ends before it starts`, {
        errors: [{ field: `/periods/${i}/to`, message: 'before from' }],
      })
    }
    if (p.from < window.from || p.to > window.to) {
      throw unprocessable(
        'PERIOD_OUTSIDE_WINDOW',
        `periods[${i}] is outside the days that can be asked for on ${submittedOn}: ${window.from} to ${window.to}`,
        { errors: [{ field: `/periods/${i}`, message: `not within ${window.from}..${window.to}` }] },
      )
    }
  })
  const sorted = periods.map((p) => ({ from: p.from, to: p.to })).sort((a, b) => a.from.localeCompare(b.from))
  sorted.slice(1).forEach((p, i) => {
    if (p.from <= sorted[i]!.to) {
      throw unprocessable(
        'INVALID_PERIOD',
        `The periods ${sorted[i]!.from}..${sorted[i]!.to} and ${p.from}..${p.to} overlap`,
        {
          errors: [{ field: '/periods', message: 'overlapping periods' }],
        },
      )
    }
  })
  return sorted
}

export function maskIban(iban: string): string {
  return `${iban.slice(0, 4)} **** ${iban.slice(-4)}`
}
