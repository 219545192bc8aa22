import { Type, type Static } from 'typebox'
import { IsoDate, named } from '../../lib/schemas.js'

/**
 * DL 34 art. 84 c. 13: the indemnity of a citizenship-income recipient is a top-up paid on the RdC card: it has
 * no IBAN, and new payment details never redirect it (docs/rules.md §12).
 */
export const CITIZENSHIP_INCOME_METHOD = 'reddito_di_cittadinanza'

export const PaymentItem = named(
  'PaymentItem',
  Type.Object(
    {
      applicationId: Type.Optional(Type.String({ format: 'uuid' })),
      benefitCode: Type.String({ examples: ['indennita-professionisti-cococo'] }),
      period: Type.String({
        pattern: '^[0-9]{4}-[0-9]{2}$',
        description: 'The month the instalment is for',
        examples: ['2020-03'],
      }),
      amountEur: Type.Number({
        examples: [600],
        description: 'Euro; cents for the work paid through the Libretto Famiglia',
      }),
      method: Type.Optional(
        Type.String({
          examples: ['iban', CITIZENSHIP_INCOME_METHOD],
          description:
            'How it is paid: iban, iban_sepa, post_office (bonifico domiciliato), or reddito_di_cittadinanza (a top-up on the RdC card, DL 34 art. 84 c. 13)',
        }),
      ),
      status: Type.Enum(['scheduled', 'paid', 'failed']),
      valueDate: Type.Optional(IsoDate),
      failureReason: Type.Optional(
        Type.String({
          examples: ['IBAN_NOT_HELD'],
          description: 'Why the payment failed (IBAN_NOT_HELD: the IBAN is not held by the applicant)',
        }),
      ),
    },
    { $id: 'PaymentItem', additionalProperties: false },
  ),
)
export type PaymentItem = Static<typeof PaymentItem>

export const PaymentList = named(
  'PaymentList',
  Type.Object(
    { items: Type.Array(PaymentItem) },
    {
      $id: 'PaymentList',
      examples: [
        {
          items: [
            {
              applicationId: '3f2a1f6e-8d1c-4f55-9a57-0d9c1c6d2a11',
              benefitCode: 'indennita-professionisti-cococo',
              period: '2020-03',
              amountEur: 600,
              method: 'iban',
              status: 'paid',
              valueDate: '2020-04-16',
            },
          ],
        },
      ],
    },
  ),
)

export const Budget = named(
  'Budget',
  Type.Object(
    {
      benefitCode: Type.String({ examples: ['indennita-spettacolo'] }),
      capEur: Type.Integer({ minimum: 0, examples: [48_600_000] }),
      grantedEur: Type.Integer({ minimum: 0, examples: [600] }),
    },
    { $id: 'Budget', additionalProperties: false },
  ),
)
export type Budget = Static<typeof Budget>

export const BudgetBody = named(
  'BudgetBody',
  Type.Object(
    { capEur: Type.Integer({ minimum: 0, maximum: 100_000_000_000 }) },
    { $id: 'BudgetBody', additionalProperties: false, examples: [{ capEur: 1200 }] },
  ),
)
export const BudgetList = named('BudgetList', Type.Object({ items: Type.Array(Budget) }, { $id: 'BudgetList' }))
