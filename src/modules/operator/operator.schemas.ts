import { Type, type Static } from 'typebox'
import { IsoDateTime } from '../../lib/schemas.js'

export const OperatorRole = Type.Enum(['contact_center', 'patronato', 'intermediario', 'backoffice', 'office'], {
  description: 'contact_center, patronato, intermediario (CAF, commercialista), backoffice, office (INPS sede counter)',
})

export const NewOperatorBody = Type.Object(
  {
    role: OperatorRole,
    organisation: Type.Optional(Type.String({ minLength: 1, maxLength: 120, examples: ['Patronato INCA CGIL Roma'] })),
    officeCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]{2,10}$', description: 'Required for role office', examples: ['1300'] })),
  },
  { additionalProperties: false, examples: [{ role: 'patronato', organisation: 'Patronato INCA CGIL Roma' }] },
)
export type NewOperatorBody = Static<typeof NewOperatorBody>

export const CreatedOperator = Type.Object(
  {
    operatorId: Type.String({ examples: ['PAT1000'] }),
    pin: Type.String({ description: 'The operator PIN, shown once (log in at POST /api/v1/auth/operator)', examples: ['K7PX3MQA'] }),
    role: OperatorRole,
    organisation: Type.Union([Type.String(), Type.Null()]),
    officeCode: Type.Union([Type.String(), Type.Null()]),
    createdAt: IsoDateTime,
  },
  { description: 'The new operator and its PIN' },
)
export type CreatedOperator = Static<typeof CreatedOperator>

export const OperatorSummary = Type.Object({
  operatorId: Type.String(),
  role: OperatorRole,
  organisation: Type.Union([Type.String(), Type.Null()]),
  officeCode: Type.Union([Type.String(), Type.Null()]),
})
export const OperatorList = Type.Object({ items: Type.Array(OperatorSummary) })
