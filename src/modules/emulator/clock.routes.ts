import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { toRomeIso } from '../../lib/rome-time.js'
import { AdvanceClockBody, ClockState, SetClockBody } from './clock.schemas.js'
import type { ClockState as State } from './clock.repository.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]
const present = (s: State) => ({ now: toRomeIso(s.now), frozen: s.frozen })

const clockRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/clock', {
    schema: { operationId: 'getClock', tags: TAGS, security: SECURITY, summary: 'Read the emulated clock', response: { 200: ClockState, ...problemResponses(401) } },
  }, async () => present(await app.clock.state()))

  app.put('/clock', {
    schema: {
      operationId: 'setClock', tags: TAGS, security: SECURITY,
      summary: 'Set the emulated clock',
      description: 'Every rule (access windows, PIN expiry, 12-hour rule, postal delay, token lifetimes) reads this clock. Running by default; `frozen: true` stops it.',
      body: SetClockBody, response: { 200: ClockState, ...problemResponses(400, 401) },
    },
  }, async (request) => present(await app.clock.set(new Date(request.body.now), request.body.frozen ?? false)))

  app.post('/clock/advance', {
    schema: {
      operationId: 'advanceClock', tags: TAGS, security: SECURITY,
      summary: 'Move the emulated clock forward', body: AdvanceClockBody, response: { 200: ClockState, ...problemResponses(400, 401) },
    },
  }, async (request) => present(await app.clock.advance(request.body.seconds)))
}

export default clockRoutes
