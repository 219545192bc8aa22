import { Type, type Static } from 'typebox'
import { IsoDate, named } from '../../lib/schemas.js'

export const OfficeCode = Type.String({
  pattern: '^[A-Za-z0-9]{2,10}$',
  description: 'Code of the INPS sede',
  examples: ['1300'],
})
export const OfficeParams = named('OfficeParams', Type.Object({ officeCode: OfficeCode }))

export const OfficeUpdate = named(
  'OfficeUpdate',
  Type.Object(
    {
      open: Type.Boolean({ description: 'false: closed to the public (as many sedi from 25 March 2020)' }),
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 120, examples: ['Roma Eur'] })),
    },
    { additionalProperties: false, examples: [{ open: false, name: 'Roma Eur' }] },
  ),
)
export type OfficeUpdate = Static<typeof OfficeUpdate>

export const Office = named(
  'Office',
  Type.Object({
    officeCode: OfficeCode,
    name: Type.String(),
    open: Type.Boolean(),
    closedSince: Type.Union([IsoDate, Type.Null()], { description: 'Emulated date the office closed, when closed' }),
  }),
)
export type Office = Static<typeof Office>
export const OfficeList = named('OfficeList', Type.Object({ items: Type.Array(Office) }))
