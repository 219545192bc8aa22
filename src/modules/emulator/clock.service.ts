import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { unprocessable } from '../../lib/errors.js'
import { advanceClock, readClock, setClock, type ClockState } from './clock.repository.js'

export interface ClockService extends Clock {
  state(): Promise<ClockState>
  set(now: Date, frozen: boolean): Promise<ClockState>
  advance(seconds: number): Promise<ClockState>
}

/** The emulated clock, stored in the database so that every instance reads the same time. */
export function createClockService(db: Kysely<Database>): ClockService {
  return {
    now: async () => (await readClock(db)).now,
    state: () => readClock(db),
    set: (now, frozen) => {
      if (Number.isNaN(now.getTime())) throw unprocessable('INVALID_TIME', 'now is not a valid instant')
      return setClock(db, now, frozen)
    },
    advance: (seconds) => advanceClock(db, seconds),
  }
}
