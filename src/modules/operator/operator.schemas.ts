import { Type, type Static } from 'typebox'
import { IsoDateTime, named } from '../../lib/schemas.js'

export const OperatorRole = Type.Enum(['contact_center', 'patronato', 'intermediario', 'backoffice', 'office', 'caf'], {
  description:
    'contact_center, patronato, intermediario (commercialista, CAF outside its convention), backoffice, office (INPS sede counter), caf (a CAF under convention: files under mandate the benefits open to CAF, the Reddito di Emergenza)',
})

const OrganisationId = Type.String({
  description: 'The organisation the operator belongs to; a patronato is one',
  examples: ['ORG1000'],
})

export const NewOperatorBody = named(
  'NewOperatorBody',
  Type.Object(
    {
      role: OperatorRole,
      organisation: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 120,
          examples: ['Patronato INCA CGIL Roma'],
          description:
            'Name of a NEW organisation for this operator; a name never joins an existing organisation, even an identically named one',
        }),
      ),
      organisationId: Type.Optional(
        Type.String({
          pattern: '^ORG[0-9]{4,}$',
          examples: ['ORG0002'],
          description:
            "Join this existing organisation (same kind as the role): a patronato's operators share its mandates and filings. Not with organisation",
        }),
      ),
      officeCode: Type.Optional(
        Type.String({ pattern: '^[A-Za-z0-9]{2,10}$', description: 'Required for role office', examples: ['1300'] }),
      ),
    },
    { additionalProperties: false, examples: [{ role: 'patronato', organisation: 'Patronato INCA CGIL Roma' }] },
  ),
)

export const CreatedOperator = named(
  'CreatedOperator',
  Type.Object(
    {
      operatorId: Type.String({ examples: ['PAT1000'] }),
      pin: Type.String({
        description: 'The operator PIN, shown once (log in at POST /api/v1/auth/operator)',
        examples: ['K7PX3MQA'],
      }),
      role: OperatorRole,
      organisationId: OrganisationId,
      organisation: Type.Union([Type.String(), Type.Null()], { description: "The organisation's name" }),
      officeCode: Type.Union([Type.String(), Type.Null()]),
      createdAt: IsoDateTime,
    },
    { description: 'The new operator and its PIN' },
  ),
)
export type CreatedOperator = Static<typeof CreatedOperator>

export const OperatorSummary = named(
  'OperatorSummary',
  Type.Object({
    operatorId: Type.String(),
    role: OperatorRole,
    organisationId: OrganisationId,
    organisation: Type.Union([Type.String(), Type.Null()]),
    officeCode: Type.Union([Type.String(), Type.Null()]),
  }),
)
export const OperatorList = named('OperatorList', Type.Object({ items: Type.Array(OperatorSummary) }))

export const OperatorLoginBody = named(
  'OperatorLoginBody',
  Type.Object(
    {
      operatorId: Type.String({ pattern: '^[A-Za-z0-9]{2,20}$', examples: ['PAT0001'] }),
      pin: Type.String({ minLength: 8, maxLength: 8, pattern: '^[A-Za-z0-9]+$', examples: ['PATA2020'] }),
    },
    { additionalProperties: false, examples: [{ operatorId: 'PAT0001', pin: 'PATA2020' }] },
  ),
)
