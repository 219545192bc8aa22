import { Type, type Static } from 'typebox'
import { IsoDateTime } from '../../lib/schemas.js'

export const ClockState = Type.Object(
  {
    now: Type.String({ format: 'date-time', description: 'Emulated time, Europe/Rome offset', examples: ['2020-04-01T08:00:00+02:00'] }),
    frozen: Type.Boolean({ description: 'true: time stands still until set or advanced' }),
  },
  { examples: [{ now: '2020-04-01T08:00:00+02:00', frozen: true }] },
)
export type ClockState = Static<typeof ClockState>

export const SetClockBody = Type.Object(
  {
    now: IsoDateTime,
    frozen: Type.Optional(Type.Boolean({ default: false, description: 'Stop the clock at `now` (exact edges in tests); otherwise it runs on from there' })),
  },
  { additionalProperties: false, examples: [{ now: '2020-04-01T07:59:00+02:00', frozen: true }] },
)
export type SetClockBody = Static<typeof SetClockBody>

export const AdvanceClockBody = Type.Object(
  { seconds: Type.Number({ minimum: 0, maximum: 10 * 366 * 86400, description: 'How far to move the clock forward', examples: [43200] }) },
  { additionalProperties: false, examples: [{ seconds: 432000 }] },
)
export type AdvanceClockBody = Static<typeof AdvanceClockBody>
