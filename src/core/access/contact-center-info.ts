/**
 * docs/rules.md §15: how citizens reach the INPS Contact Center (circ. 49/2020 and the seeds): the numbers
 * every Italian text that sends someone to the Contact Center cites.
 */
export const CONTACT_CENTER_NUMBERS = Object.freeze({
  landline: '803 164',
  mobile: '06 164164',
  fax: '800 803 164',
})

export const CONTACT_CENTER_HOURS_TEXT = 'dal lunedì al venerdì dalle 8 alle 20, il sabato dalle 8 alle 14'

/** For a message to a citizen: "chiami il Contact Center al numero 803 164 …". */
export const CONTACT_CENTER_IT =
  `il Contact Center al numero verde ${CONTACT_CENTER_NUMBERS.landline} (gratuito da rete fissa) o al numero ${CONTACT_CENTER_NUMBERS.mobile} ` +
  `(da rete mobile, a pagamento secondo la tariffa del gestore), ${CONTACT_CENTER_HOURS_TEXT}`

/** The same, for the detail of an English problem+json. */
export const CONTACT_CENTER_EN = `the Contact Center (${CONTACT_CENTER_NUMBERS.landline} free from landlines, ${CONTACT_CENTER_NUMBERS.mobile} from mobiles)`

/**
 * GET /api/v1/contact-center/info: the numbers and the opening hours, as the seeds give them; from the end
 * of new PINs (circ. 87/2020, docs/rules.md §3), `pinIssuanceEnded` says so.
 */
export function contactCenterInfo(pinIssuanceEnded?: { since: string; message: string }) {
  return {
    ...CONTACT_CENTER_NUMBERS,
    hours: [
      { days: 'Monday–Friday', open: '08:00', close: '20:00' },
      { days: 'Saturday', open: '08:00', close: '14:00' },
    ],
    ...(pinIssuanceEnded ? { pinIssuanceEnded: { ...pinIssuanceEnded, alternatives: ['SPID', 'CIE', 'CNS'] } } : {}),
  }
}
