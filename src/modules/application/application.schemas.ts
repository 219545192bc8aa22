import { Type, type Static } from 'typebox'
import { CodiceFiscale, IsoDate, IsoDateTime, named } from '../../lib/schemas.js'
import { AUTH_LEVELS } from '../../core/auth/auth.types.js'
import { BENEFIT_CODES, EXCLUSIVE_GROUPS } from './benefits/catalogue.js'

export const BenefitCode = Type.Enum([...BENEFIT_CODES], { examples: ['indennita-professionisti-cococo'] })

export const Benefit = named(
  'Benefit',
  Type.Object({
    code: BenefitCode,
    name: Type.String(),
    legalBasis: Type.String({ examples: ['DL 18/2020 art. 27'] }),
    amountEur: Type.Integer({ examples: [600] }),
    exclusiveGroup: Type.Union([Type.Enum(EXCLUSIVE_GROUPS), Type.Null()], {
      description: 'Benefits of one group exclude each other: one application per person',
    }),
    requiredDeclarations: Type.Array(Type.String(), { description: 'Declarations that must be sent as true' }),
    allowedAuthLevels: Type.Array(Type.Enum([...AUTH_LEVELS])),
    opensAt: Type.String({
      format: 'date-time',
      description: 'When applications open (Rome)',
      examples: ['2020-04-01T00:00:00+02:00'],
    }),
    closesAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'First instant applications are refused (decadenza; later for some applicants, docs/rules.md §11)',
        examples: ['2020-06-04T00:00:00+02:00'],
      }),
    ),
  }),
)
export const BenefitList = named('BenefitList', Type.Object({ items: Type.Array(Benefit) }))

export const Payment = named(
  'Payment',
  Type.Object(
    {
      method: Type.Enum(['iban', 'iban_sepa', 'post_office'], {
        description:
          'Bank transfer to an Italian IBAN, to a foreign SEPA IBAN (from 14 May 2020, documents needed), or cash at the post office',
      }),
      iban: Type.Optional(Type.String({ minLength: 15, maxLength: 42, examples: ['IT60X0542811101000000123456'] })),
    },
    { additionalProperties: false },
  ),
)

export const PaymentChange = named(
  'PaymentChange',
  Type.Object(Payment.properties, {
    $id: 'PaymentChange',
    additionalProperties: false,
    description: 'New payment details for an application',
    examples: [{ method: 'iban', iban: 'IT60X0542811101000000123456' }],
  }),
)

export const DocumentsForm = named(
  'DocumentsForm',
  Type.Object(
    {
      identityDocument: Type.Optional(
        Type.String({
          format: 'binary',
          contentMediaType: 'application/octet-stream',
          description: 'Foreign SEPA IBAN: identity document, PDF, JPEG or PNG, at most 5 MB',
        }),
      ),
      financialIdentification: Type.Optional(
        Type.String({
          format: 'binary',
          contentMediaType: 'application/octet-stream',
          description: 'Foreign SEPA IBAN: modulo di identificazione finanziaria (msg 1981/2020), PDF, at most 5 MB',
        }),
      ),
      enrolmentDocument: Type.Optional(
        Type.String({
          format: 'binary',
          contentMediaType: 'application/octet-stream',
          description:
            'Summer centres (circ. 73/2020): the enrolment, receipt or invoice of the centre, PDF, JPEG or PNG, at most 5 MB',
        }),
      ),
    },
    {
      description:
        'multipart/form-data: identityDocument and financialIdentification for a foreign SEPA IBAN, enrolmentDocument for summer centres',
    },
  ),
)
export const DocumentsResult = named(
  'DocumentsResult',
  Type.Object({ status: Type.Literal('submitted') }, { $id: 'DocumentsResult', examples: [{ status: 'submitted' }] }),
)

export const Reason = named(
  'Reason',
  Type.Object(
    {
      code: Type.String({ examples: ['PENSIONER'] }),
      description: Type.String({
        description: 'The motivazione as INPS worded it (msg 2263/2020)',
        examples: ['titolarità di un trattamento pensionistico diretto'],
      }),
    },
    { $id: 'Reason' },
  ),
)

export const ApplicationPayment = named(
  'ApplicationPayment',
  Type.Object(
    {
      method: Type.Enum(['iban', 'iban_sepa', 'post_office', 'libretto_famiglia'], {
        description: 'libretto_famiglia: the baby-sitting bonus, credited on the Libretto Famiglia',
      }),
      ibanMasked: Type.Optional(Type.String({ examples: ['IT60 **** 3456'] })),
      status: Type.Enum(['scheduled', 'paid', 'failed', 'not_applicable'], {
        description: 'not_applicable until accepted, and for the baby-sitting bonus (paid on the Libretto Famiglia)',
      }),
      failureReason: Type.Optional(Type.String({ examples: ['IBAN_NOT_HELD'] })),
    },
    { $id: 'ApplicationPayment' },
  ),
)

export const Riesame = named(
  'Riesame',
  Type.Object(
    { requestedAt: IsoDateTime, outcome: Type.Optional(Type.Enum(['accepted', 'rejected'])) },
    { $id: 'Riesame', description: 'The review asked after a rejection (docs/rules.md §11)' },
  ),
)

export const RiesameBody = named(
  'RiesameBody',
  Type.Object(
    {
      note: Type.String({
        minLength: 1,
        maxLength: 2000,
        examples: ['Non sono titolare di pensione diretta: la mia è una pensione ai superstiti.'],
      }),
    },
    { $id: 'RiesameBody', additionalProperties: false },
  ),
)
export const RiesameResult = named(
  'RiesameResult',
  Type.Object(
    { status: Type.Literal('riesame_requested') },
    { $id: 'RiesameResult', examples: [{ status: 'riesame_requested' }] },
  ),
)

export const Child = named(
  'Child',
  Type.Object(
    {
      codiceFiscale: CodiceFiscale,
      birthDate: IsoDate,
      severeDisability: Type.Optional(
        Type.Boolean({ description: 'Severe disability (legge 104/1992 art. 3 c. 3): the age limit does not apply' }),
      ),
    },
    {
      additionalProperties: false,
      description: 'A child under 12 on 5 March 2020, or of any age with a severe disability',
    },
  ),
)

export const LeavePeriod = named(
  'LeavePeriod',
  Type.Object(
    { from: IsoDate, to: IsoDate },
    {
      additionalProperties: false,
      description: 'Days of leave, both ends included (Rome dates)',
      examples: [{ from: '2020-03-16', to: '2020-03-27' }],
    },
  ),
)

export const CentriEstivi = named(
  'CentriEstivi',
  Type.Object(
    {
      expenseEur: Type.Integer({
        minimum: 1,
        maximum: 100_000,
        description:
          'The enrolment expense declared, in whole euro: the bonus pays it up to what is left of the household maximum',
        examples: [480],
      }),
      periods: Type.Array(
        Type.Object(
          { from: IsoDate, to: IsoDate },
          { additionalProperties: false, description: 'At least a week, within 5 March and 31 August 2020' },
        ),
        { minItems: 1, maxItems: 12, description: 'The periods of enrolment of the child, not overlapping' },
      ),
    },
    {
      $id: 'CentriEstivi',
      additionalProperties: false,
      description:
        'Baby-sitting bonus used for summer centres (circ. 73/2020): the expense and the periods; the enrolment document follows by POST /api/v1/applications/{id}/documents',
      examples: [{ expenseEur: 480, periods: [{ from: '2020-07-06', to: '2020-07-31' }] }],
    },
  ),
)

const applicationFields = {
  benefitCode: BenefitCode,
  // Required, except for the baby-sitting bonus (docs/rules.md §13): checked by the service.
  payment: Type.Optional(Payment),
  use: Type.Optional(
    Type.Enum(['baby_sitting', 'centri_estivi'], {
      description:
        'Baby-sitting bonus only: from 19 May 2020 (DL 34/2020 art. 72) centri_estivi pays summer centres to the applicant (IBAN or post office), with centriEstivi',
    }),
  ),
  centriEstivi: Type.Optional(CentriEstivi),
  declarations: Type.Record(
    Type.String({ pattern: '^[A-Za-z0-9]{1,40}$' }),
    Type.Unsafe<boolean | number>({ type: ['boolean', 'number'], minimum: 0, maximum: 100_000_000 }),
    {
      // One type list, not a union: the validator coerces types, and a union would read 0 as false.
      description:
        'Self-certifications (DPR 445/2000); see requiredDeclarations of each benefit. Amounts in euro for the May indemnity of professionals (incomeMarchApril2019Eur, incomeMarchApril2020Eur)',
      examples: [{ truthfulness: true, notPensioner: true, noCitizenshipIncome: true, noOtherCompulsoryScheme: true }],
    },
  ),
  children: Type.Optional(
    Type.Array(Child, { minItems: 1, maxItems: 10, description: 'Baby-sitting bonus and congedo COVID only' }),
  ),
  periods: Type.Optional(
    Type.Array(LeavePeriod, {
      minItems: 1,
      maxItems: 31,
      description:
        'Congedo COVID only: the days of leave asked for, within the window of the filing day (docs/rules.md §19)',
    }),
  ),
}

const exampleBody = {
  benefitCode: 'indennita-professionisti-cococo',
  payment: { method: 'iban', iban: 'IT60X0542811101000000123456' },
  declarations: { truthfulness: true, notPensioner: true, noCitizenshipIncome: true, noOtherCompulsoryScheme: true },
}

export const ApplicationBody = named(
  'ApplicationBody',
  Type.Object(applicationFields, { additionalProperties: false, examples: [exampleBody] }),
)
export type ApplicationBody = Static<typeof ApplicationBody>

export const OnBehalfApplicationBody = named(
  'OnBehalfApplicationBody',
  Type.Object(
    { codiceFiscale: CodiceFiscale, ...applicationFields },
    { additionalProperties: false, examples: [{ codiceFiscale: 'BNCGLI84H52H501C', ...exampleBody }] },
  ),
)

export const IdempotencyHeaders = named(
  'IdempotencyHeaders',
  Type.Object({
    'idempotency-key': Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        pattern: '^[A-Za-z0-9._:-]+$',
        description: 'Retries with the same key and body return the first answer',
      }),
    ),
  }),
)

export const Application = named(
  'Application',
  Type.Object(
    {
      id: Type.String({ format: 'uuid' }),
      protocolNumber: Type.String({ examples: ['INPS.2020.0000001'] }),
      codiceFiscale: CodiceFiscale,
      benefitCode: BenefitCode,
      status: Type.Enum(['submitted', 'awaiting_documents', 'accepted', 'rejected'], {
        description:
          'awaiting_documents: paid to a foreign SEPA IBAN, or summer centres waiting for the enrolment document; evaluated once the documents arrive',
      }),
      channel: Type.Enum(['web', 'contact_center', 'patronato', 'caf']),
      submittedAt: IsoDateTime,
      payment: ApplicationPayment,
      use: Type.Optional(
        Type.Enum(['baby_sitting', 'centri_estivi'], {
          description: 'Baby-sitting bonus: on the Libretto Famiglia, or summer centres paid to the applicant',
        }),
      ),
      centriEstivi: Type.Optional(CentriEstivi),
      children: Type.Array(Child),
      periods: Type.Optional(Type.Array(LeavePeriod, { description: 'Congedo COVID: the days of leave asked for' })),
      reasons: Type.Optional(Type.Array(Reason, { description: 'One per failed rule, when rejected' })),
      riesame: Type.Optional(Riesame),
      amountEur: Type.Optional(Type.Number({ examples: [600], description: 'Euro; with cents for the congedo COVID' })),
      paymentDate: Type.Optional(IsoDate),
      evaluatedAt: Type.Optional(IsoDateTime),
      librettoFamigliaRegisteredAt: Type.Optional(IsoDateTime),
    },
    {
      examples: [
        {
          id: '3f2a1f6e-8d1c-4f55-9a57-0d9c1c6d2a11',
          protocolNumber: 'INPS.2020.0000001',
          codiceFiscale: 'BNCGLI84H52H501C',
          benefitCode: 'indennita-professionisti-cococo',
          status: 'submitted',
          channel: 'web',
          submittedAt: '2020-04-01T06:30:00.000Z',
          payment: { method: 'iban', ibanMasked: 'IT60 **** 3456', status: 'not_applicable' },
          children: [],
        },
      ],
    },
  ),
)
export type Application = Static<typeof Application>

export const ApplicationPageQuery = named(
  'ApplicationPageQuery',
  Type.Object({
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9_-]{10,200}$', description: 'nextCursor of the previous page' }),
    ),
  }),
)
export const ApplicationPage = named(
  'ApplicationPage',
  Type.Object({
    items: Type.Array(Application),
    nextCursor: Type.Optional(Type.String()),
  }),
)

export const ApplicationParams = named(
  'ApplicationParams',
  Type.Object({ id: Type.String({ format: 'uuid', description: 'Application id' }) }),
)

export const MandateBody = named(
  'MandateBody',
  Type.Object(
    { codiceFiscale: CodiceFiscale },
    { additionalProperties: false, examples: [{ codiceFiscale: 'BNCGLI84H52H501C' }] },
  ),
)
export const Mandate = named(
  'Mandate',
  Type.Object({
    id: Type.String({ format: 'uuid' }),
    codiceFiscale: CodiceFiscale,
    patronato: Type.String(),
    createdAt: IsoDateTime,
  }),
)

export const Stats = named(
  'Stats',
  Type.Object(
    {
      total: Type.Integer(),
      byBenefit: Type.Array(
        Type.Object({
          benefitCode: BenefitCode,
          submitted: Type.Integer(),
          accepted: Type.Integer(),
          rejected: Type.Integer(),
          total: Type.Integer(),
        }),
      ),
      asOf: IsoDateTime,
    },
    { description: 'Public counters, as INPS gave them to the press; no personal data' },
  ),
)
