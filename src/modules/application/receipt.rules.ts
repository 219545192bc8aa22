import { romeDate } from '../../lib/rome-time.js'
import { findBenefit } from './benefits/catalogue.js'

/** Stands for the protocol number in the receipt's texts; the database fills it in once it assigns one. */
export const PROTOCOL_PLACEHOLDER = '{protocol}'

/** INPS protocol numbers of 2020 read INPS.2020.0000001: the prefix is the year of filing (Rome), the number a sequence. */
export function protocolPrefix(filedAt: Date): string {
  return `INPS.${romeDate(filedAt).slice(0, 4)}.`
}

/** The receipt sent by email (or SMS) when an application is filed (docs/rules.md §6), with the benefit's Italian name. */
export function receiptTemplates(benefitCode: string): { subject: string; body: string } {
  const name = findBenefit(benefitCode)?.name ?? benefitCode
  return {
    subject: `Ricevuta domanda ${PROTOCOL_PLACEHOLDER}`,
    body: `INPS: la domanda di ${name} è stata acquisita con protocollo ${PROTOCOL_PLACEHOLDER}.`,
  }
}
