import type { BankAccountJson } from '../../core/archive/persons.service.js'
import type { PaymentJson } from './application.table.js'
import type { BenefitDefinition } from './benefits/definition.js'
import { describeReason } from './reasons.rules.js'
import { italianDate } from '../../lib/rome-time.js'

/** Circ. 48/2020: from 10 April 2020 INPS checked that the IBAN is held or co-held by the applicant. */
export const IBAN_OWNERSHIP_CHECK_FROM = '2020-04-10'

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Last Rome date on which a riesame of an application rejected on `rejectedOn` may be asked (docs/rules.md §11). */
export function riesameDeadline(benefit: Pick<BenefitDefinition, 'riesame'>, rejectedOn: string): string {
  const { opensOn, days } = benefit.riesame
  return addDays(rejectedOn > opensOn ? rejectedOn : opensOn, days)
}

/**
 * Circ. 48/2020: the payment fails with IBAN_NOT_HELD when, from 10 April 2020, the archive knows the
 * applicant's accounts and none of them is that IBAN with the applicant among its holders. No known
 * accounts: nothing to check against.
 */
export function ibanFailure(
  payment: PaymentJson,
  codiceFiscale: string,
  accounts: readonly BankAccountJson[] | undefined,
  evaluationDate: string,
): string | undefined {
  if (!payment.iban || evaluationDate < IBAN_OWNERSHIP_CHECK_FROM || !accounts || accounts.length === 0)
    return undefined
  const held = accounts.some((a) => a.iban === payment.iban && a.holders.includes(codiceFiscale))
  return held ? undefined : 'IBAN_NOT_HELD'
}

/** The outcome letter (email) in Italian, dates as dd/mm/yyyy. */
export function outcomeMessage(
  benefit: BenefitDefinition | undefined,
  protocolNumber: string,
  outcome: {
    status: 'accepted' | 'rejected'
    evaluatedOn: string
    reasons: string[]
    amountEur: number | null
    paymentDate: string | null
    paymentFailure?: string
    afterRiesame?: boolean
  },
): { subject: string; body: string } {
  const name = benefit?.name ?? 'prestazione'
  const head = `INPS: la domanda ${protocolNumber} di ${name}`
  if (outcome.status === 'rejected') {
    const motivi = outcome.reasons.map((r) => describeReason(r).description).join('; ')
    return {
      subject: `Esito domanda ${protocolNumber}: respinta`,
      // The riesame is asked once: its own outcome offers no other.
      body:
        `${head} è stata respinta il ${italianDate(outcome.evaluatedOn)} con la seguente motivazione: ${motivi}.` +
        (outcome.afterRiesame
          ? ' Esito del riesame: non sono previsti ulteriori ricorsi.'
          : benefit
            ? ` Può chiedere il riesame entro il ${italianDate(riesameDeadline(benefit, outcome.evaluatedOn))}.`
            : ''),
    }
  }
  const paid =
    outcome.paymentFailure === 'IBAN_NOT_HELD'
      ? " Il pagamento non può essere disposto: l'IBAN indicato non risulta intestato o cointestato al richiedente. Indichi un IBAN corretto."
      : outcome.paymentDate
        ? ` Pagamento dal ${italianDate(outcome.paymentDate)}.`
        : benefit?.acceptedNote
          ? ` ${benefit.acceptedNote(outcome.evaluatedOn)}`
          : ''
  return {
    subject: `Esito domanda ${protocolNumber}: accolta`,
    body: `${head} è stata accolta il ${italianDate(outcome.evaluatedOn)}: ${italianEuro(outcome.amountEur)} euro.${paid}`,
  }
}

/** An amount as an Italian letter writes it: whole euro as they are, cents with a comma (283,50). */
const italianEuro = (amount: number | null) =>
  amount === null || Number.isInteger(amount) ? `${amount}` : amount.toFixed(2).replace('.', ',')
