import { AUTH_LEVELS } from '../../../core/auth/auth.types.js'
import { unprocessable } from '../../../lib/errors.js'
import { checkPayment } from '../payment-details.rules.js'
import {
  appropriationDeadline,
  babySittingPaymentRule,
  babySittingUse,
  evaluateBabySitting,
  invalidPeriod,
} from '../baby-sitting.rules.js'
import type { ApplicationDetails } from '../application.table.js'
import { italianDate } from '../../../lib/rome-time.js'
import type { BenefitDefinition } from './definition.js'
import { DL18_RIESAME } from './march-indemnity.js'
import { DL34_FROM } from './positions.rules.js'
import { CONGEDO_COVID_GRANTED_TEXT, CURA_FIGLI, leaveDaysOf } from './cura-figli.rules.js'

const REFUSALS = {
  PAYMENT_NOT_APPLICABLE:
    'The baby-sitting bonus is credited on the Libretto Famiglia: send no payment (except for centri_estivi)',
  PAYMENT_REQUIRED:
    'The bonus for summer centres (centri_estivi) is paid to the applicant: send payment {method: iban, iban} or {method: post_office}',
  PAYMENT_METHOD_NOT_ALLOWED:
    'The bonus for summer centres is paid to an Italian IBAN or by bonifico domiciliato at the post office (post_office)',
  CENTRI_ESTIVI_NOT_AVAILABLE_YET: 'The bonus for summer centres exists from 19 May 2020 (DL 34/2020 art. 72)',
} as const

/** The summer centres' expense kept with the application (undefined: the bonus is used for baby-sitting). */
const expenseOf = (details: ApplicationDetails | null | undefined) =>
  (details?.centriEstivi as { expenseEur: number } | undefined)?.expenseEur

/**
 * DL 18 arts. 23 and 25, DL 34 art. 72 (docs/rules.md §13): a household maximum credited on the Libretto
 * Famiglia, or paid for summer centres from 19 May 2020, when the maximum grew and a household could apply
 * again for the rest.
 */
export const babySitting: BenefitDefinition = {
  code: 'bonus-baby-sitting',
  name: 'Bonus per servizi di baby-sitting',
  legalBasis: 'DL 18/2020 artt. 23 e 25; DL 34/2020 art. 72',
  amountEur: (today) => (today >= DL34_FROM ? 1200 : 600),
  // docs/rules.md §13: 31 July 2020 under DL 34 (circ. 73/2020), 31 August from L. 77/2020 (INPS news of 5/8/2020).
  calendar: { lastDay: '2020-08-31' },
  allowedAuthLevels: [...AUTH_LEVELS],
  declarations: { required: ['truthfulness', 'otherParentNotBenefiting'] },
  exclusiveGroup: null,
  roundOf: (submittedOn) => (submittedOn >= DL34_FROM ? 'dl34' : ''),
  takesChildren: true,
  payment(body, today) {
    const rule = babySittingPaymentRule(body.use, body.payment, today)
    if ('refusal' in rule) {
      const field = rule.refusal === 'CENTRI_ESTIVI_NOT_AVAILABLE_YET' ? '/use' : '/payment'
      throw unprocessable(rule.refusal, REFUSALS[rule.refusal], {
        errors: [{ field, message: rule.refusal.toLowerCase() }],
      })
    }
    return rule.use === 'centri_estivi' ? checkPayment(body.payment!, today) : { method: 'libretto_famiglia' }
  },
  details(body, payment) {
    const { centriEstivi } = body
    if (babySittingUse(payment) === 'baby_sitting') {
      if (centriEstivi)
        throw unprocessable('DETAILS_NOT_ALLOWED', 'centriEstivi goes with use centri_estivi', {
          errors: [{ field: '/centriEstivi', message: 'not expected' }],
        })
      return null
    }
    if (!centriEstivi)
      throw unprocessable(
        'CENTRI_ESTIVI_REQUIRED',
        'Summer centres need centriEstivi {expenseEur, periods} (circ. 73/2020)',
        {
          errors: [{ field: '/centriEstivi', message: 'required' }],
        },
      )
    const bad = invalidPeriod(centriEstivi.periods)
    if (bad >= 0)
      throw unprocessable(
        'INVALID_CENTRI_ESTIVI_PERIOD',
        `centriEstivi.periods[${bad}] must be a week at least, within 5 March and 31 August 2020, and not overlap another`,
        {
          errors: [
            { field: `/centriEstivi/periods/${bad}`, message: 'a week at least, 2020-03-05..2020-08-31, no overlap' },
          ],
        },
      )
    return { centriEstivi: { expenseEur: centriEstivi.expenseEur, periods: centriEstivi.periods } }
  },
  // circ. 73/2020: the enrolment (invoice, receipt) is attached to the application for summer centres.
  documents: (payment) =>
    babySittingUse(payment) === 'centri_estivi'
      ? { enrolmentDocument: ['application/pdf', 'image/jpeg', 'image/png'] }
      : undefined,
  useOf: babySittingUse,
  householdMaximum: true,
  // docs/rules.md §19: the alternative to the congedo COVID (circ. 73/2020).
  alternativeGroup: CURA_FIGLI,
  eligibility({ positions, today, submittedOn, householdGrantedEur, details, alternatives: household }) {
    const leaveDays = leaveDaysOf(household).length
    const verdict = evaluateBabySitting(
      positions,
      true,
      submittedOn,
      householdGrantedEur,
      expenseOf(details),
      leaveDays,
    )
    return verdict.eligible
      ? { eligible: true, months: [{ period: today.slice(0, 7), amountEur: verdict.amountEur }] }
      : verdict
  },
  paid: (payment) => payment.method !== 'libretto_famiglia',
  riesame: DL18_RIESAME,
  reasons: {
    NO_CHILD_UNDER_12: 'assenza di figli di età inferiore a 12 anni al 05/03/2020',
    CATEGORY_NOT_ELIGIBLE:
      'il richiedente non appartiene alle categorie di lavoratori beneficiarie del bonus baby-sitting',
    HOUSEHOLD_LIMIT_REACHED: "raggiunto l'importo massimo del bonus baby-sitting per il nucleo familiare",
    CONGEDO_COVID_GRANTED: CONGEDO_COVID_GRANTED_TEXT,
  },
  acceptedNote: (evaluatedOn) =>
    `Il bonus è accreditato sul Libretto Famiglia: lo accetti online (appropriazione) entro il ${italianDate(appropriationDeadline(evaluatedOn))}.`,
}
