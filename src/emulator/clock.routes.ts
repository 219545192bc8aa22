import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { unprocessable } from '../lib/errors.js'
import { problemResponses } from '../lib/schemas.js'
import { romeInstant, toRomeIso } from '../lib/rome-time.js'
import { AdvanceClockBody, ClockState, SetClockBody } from '../core/clock/clock.schemas.js'
import type { ClockState as State } from '../core/clock/clock.service.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]
const present = (s: State) => ({ now: toRomeIso(s.now), frozen: s.frozen, speed: s.speed })

// Beyond four-digit years an ISO date no longer reads back (+010000-...), and Postgres has no year 0. The
// bounds hold in Rome time, which every answer shows: 9999-12-31T23:59:59Z is already year 10000 there.
const EARLIEST = romeInstant('1900-01-01', '00:00').getTime()
const LATEST = romeInstant('9999-12-31', '23:59').getTime() + 59_999

function assertInRange(instant: number, field: string): void {
  if (!(instant >= EARLIEST && instant <= LATEST)) {
    throw unprocessable(
      'CLOCK_OUT_OF_RANGE',
      'The emulated clock must stay between 1900-01-01T00:00:00 and 9999-12-31T23:59:59.999, Europe/Rome time',
      {
        errors: [{ field, message: 'would put the clock out of range' }],
      },
    )
  }
}

const clockRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/clock',
    {
      schema: {
        operationId: 'getClock',
        tags: TAGS,
        security: SECURITY,
        summary: 'Read the emulated clock',
        description: 'The emulated now (Europe/Rome offset) that every rule reads, and whether the clock is frozen.',
        response: { 200: ClockState, ...problemResponses(401) },
      },
    },
    async () => present(await app.services.clock.state()),
  )

  app.put(
    '/clock',
    {
      schema: {
        operationId: 'setClock',
        tags: TAGS,
        security: SECURITY,
        summary: 'Set the emulated clock',
        description:
          'Every rule (access windows, PIN expiry, 12-hour rule, postal delay, token lifetimes) reads this clock. Running by default; `frozen: true` stops it; `speed` makes it run faster (emulated seconds per real second), for every instance. Fields left out keep their value.',
        body: SetClockBody,
        response: { 200: ClockState, ...problemResponses(400, 401, 422) },
      },
    },
    async (request) => {
      const { frozen, speed } = request.body
      const now = request.body.now === undefined ? undefined : new Date(request.body.now)
      if (now) assertInRange(now.getTime(), '/now')
      return present(await app.services.clock.set({ now, frozen, speed }))
    },
  )

  app.post(
    '/clock/advance',
    {
      schema: {
        operationId: 'advanceClock',
        tags: TAGS,
        security: SECURITY,
        summary: 'Move the emulated clock forward',
        description:
          'Adds `seconds` to the emulated now, whether the clock runs or is frozen (it stays as it was). 422 CLOCK_OUT_OF_RANGE if the result would pass 9999-12-31 in Rome time.',
        body: AdvanceClockBody,
        response: { 200: ClockState, ...problemResponses(400, 401, 422) },
      },
    },
    async (request) => {
      const { now } = await app.services.clock.state()
      assertInRange(now.getTime() + request.body.seconds * 1000, '/seconds')
      return present(await app.services.clock.advance(request.body.seconds))
    },
  )
}

export default clockRoutes
