import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { unprocessable } from '../../lib/errors.js'
import {
  advanceClock,
  readClock,
  setClock,
  type ClockChange,
  type ClockRecord,
  type ClockState,
} from './clock.repository.js'

export interface ClockService extends Clock {
  state(): Promise<ClockState>
  set(change: ClockChange): Promise<ClockState>
  advance(seconds: number): Promise<ClockState>
  /** Forget the cached clock (it changed elsewhere: another instance, a reset). */
  invalidate(): void
}

/** How long a cached clock is trusted without a change notification (a missed one heals by then). */
const CACHE_TTL_MS = 1000

interface Cached {
  record: ClockRecord
  /** Database time minus local time when read: instances on other hosts agree on "now". */
  skewMs: number
  readAt: number
}

/** How long the best estimate of the skew is kept before a worse one may replace it (the hosts' clocks drift slowly). */
const SKEW_KEPT_MS = 60_000

interface Skew {
  ms: number
  /** The round trip of the read it came from: the shorter, the closer the estimate. */
  roundTripMs: number
  at: number
}

// One cache per database handle: apps sharing a handle (tests, one process) share the clock.
const caches = new WeakMap<object, { value?: Cached; loading?: Promise<Cached>; skew?: Skew; generation: number }>()

/**
 * The emulated clock, stored in the database so that every instance reads the same time. Reading
 * it on every request would cost a round trip each; instead it is cached for a second and dropped
 * at once when the clock changes (NOTIFY on Postgres, see createDatabase's listen).
 */
export function createClockService(db: Kysely<Database>): ClockService {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = { generation: 0 }))
  const slot = cache

  const remember = (record: ClockRecord, localBefore: number, keep = true): Cached => {
    const localAfter = Date.now()
    // A slow round trip (a busy host, an UPDATE) blurs the estimate: keep the sharpest recent one, so
    // that two reads a moment apart do not disagree by the difference of their round trips.
    const roundTripMs = localAfter - localBefore
    const best = slot.skew
    if (!best || roundTripMs <= best.roundTripMs || localAfter - best.at > SKEW_KEPT_MS) {
      slot.skew = { ms: record.databaseTime.getTime() - (localBefore + localAfter) / 2, roundTripMs, at: localAfter }
    }
    const value = { record, skewMs: slot.skew!.ms, readAt: localAfter }
    if (keep) slot.value = value
    return value
  }
  const load = async (): Promise<Cached> => {
    if (slot.value && Date.now() - slot.value.readAt < CACHE_TTL_MS) return slot.value
    slot.loading ??= (async () => {
      const before = Date.now()
      const generation = slot.generation
      try {
        // A change made while this read ran makes it stale: answer with it, but do not keep it.
        const record = await readClock(db)
        return remember(record, before, generation === slot.generation)
      } finally {
        slot.loading = undefined
      }
    })()
    return slot.loading
  }
  const forget = () => {
    slot.generation++
    slot.value = undefined
  }
  const nowOf = ({ record, skewMs }: Cached): Date => {
    if (record.frozenAt) return new Date(record.frozenAt)
    const databaseNow = Date.now() + skewMs
    return new Date(
      databaseNow +
        Number(record.offsetMs) +
        (databaseNow - new Date(record.speedSince).getTime()) * (Number(record.speed) - 1),
    )
  }
  const changed = async (update: Promise<ClockRecord>): Promise<ClockState> => {
    const before = Date.now()
    const record = await update
    // Concurrent changes answer in any order: the next read goes to the database rather than keep
    // whichever answer came last.
    remember(record, before, false)
    forget()
    return { now: record.now, frozen: record.frozen, speed: Number(record.speed) }
  }

  return {
    now: async () => nowOf(await load()),
    state: async () => {
      const cached = await load()
      return { now: nowOf(cached), frozen: cached.record.frozen, speed: Number(cached.record.speed) }
    },
    set: (change) => {
      if (change.now && Number.isNaN(change.now.getTime()))
        throw unprocessable('INVALID_TIME', 'now is not a valid instant')
      return changed(setClock(db, change))
    },
    advance: (seconds) => changed(advanceClock(db, seconds)),
    invalidate: forget,
  }
}

export { CLOCK_CHANNEL } from './clock.repository.js'
export type { ClockChange, ClockState } from './clock.repository.js'
export { MAX_SPEED, MIN_SPEED } from './clock.repository.js'
