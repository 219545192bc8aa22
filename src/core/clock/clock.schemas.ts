import { Type } from 'typebox'
import { IsoDateTime, named } from '../../lib/schemas.js'

export const ClockState = named(
  'ClockState',
  Type.Object(
    {
      now: Type.String({
        format: 'date-time',
        description: 'Emulated time, Europe/Rome offset',
        examples: ['2020-04-01T08:00:00+02:00'],
      }),
      frozen: Type.Boolean({ description: 'true: time stands still until set or advanced' }),
      speed: Type.Number({
        minimum: 1,
        maximum: 10_000,
        description: 'Emulated seconds per real second while the clock runs',
        examples: [1],
      }),
    },
    { examples: [{ now: '2020-04-01T08:00:00+02:00', frozen: true, speed: 1 }] },
  ),
)

export const SetClockBody = named(
  'SetClockBody',
  Type.Object(
    {
      now: Type.Optional(IsoDateTime),
      frozen: Type.Optional(
        Type.Boolean({
          description:
            'Stop the clock (exact edges in tests); `false` lets it run. Left out: `false` when `now` is given, otherwise unchanged',
        }),
      ),
      speed: Type.Optional(
        Type.Number({
          minimum: 1,
          maximum: 10_000,
          description:
            'Emulated seconds per real second (1–10,000), shared by every instance: at 3600 an emulated hour passes each real second. Left out: unchanged',
          examples: [3600],
        }),
      ),
    },
    { additionalProperties: false, examples: [{ now: '2020-04-01T07:59:00+02:00', frozen: true }, { speed: 3600 }] },
  ),
)

export const AdvanceClockBody = named(
  'AdvanceClockBody',
  Type.Object(
    {
      seconds: Type.Number({
        minimum: 0,
        maximum: 10 * 366 * 86400,
        description: 'How far to move the clock forward',
        examples: [43200],
      }),
    },
    { additionalProperties: false, examples: [{ seconds: 432000 }] },
  ),
)
