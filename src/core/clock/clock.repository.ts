import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'
// Adds emulator_clock to Database.
import './clock.table.js'

export interface ClockState {
  now: Date
  frozen: boolean
  /** Emulated seconds per real second (1–10,000). */
  speed: number
}

/** The stored clock with the database's real time at the moment it was read. */
export interface ClockRecord extends ClockState {
  offsetMs: number
  frozenAt: Date | null
  speedSince: Date
  databaseTime: Date
}

/** What a PUT asks for; a field left out keeps its value (the now included: re-anchored where it is). */
export interface ClockChange {
  now?: Date
  frozen?: boolean
  speed?: number
}

export const MIN_SPEED = 1
export const MAX_SPEED = 10_000

/** Instances listen on this channel to drop their cached clock the moment it changes. */
export const CLOCK_CHANNEL = 'emulator_clock'

// The database's clock_timestamp() is the one real time all instances share; the emulated time is
// that plus an offset plus the extra seconds a faster clock gained since speed_since, or a frozen
// instant. Every change notifies CLOCK_CHANNEL on commit.
const NOW = sql`coalesce(frozen_at, clock_timestamp() + offset_ms * interval '1 millisecond' + (clock_timestamp() - speed_since) * (speed - 1))`
const RECORD = sql`${NOW} AS now, frozen_at IS NOT NULL AS frozen, speed,
  offset_ms AS "offsetMs", frozen_at AS "frozenAt", speed_since AS "speedSince", clock_timestamp() AS "databaseTime"`

export async function readClock(db: Executor): Promise<ClockRecord> {
  const { rows } = await sql<ClockRecord>`SELECT ${RECORD} FROM emulator_clock WHERE id = 1`.execute(db)
  return rows[0]
}

async function updateClock(db: Executor, assignments: ReturnType<typeof sql>): Promise<ClockRecord> {
  const { rows } = await sql<ClockRecord>`
    WITH updated AS (UPDATE emulator_clock SET ${assignments} WHERE id = 1 RETURNING *)
    SELECT ${RECORD}, pg_notify(${CLOCK_CHANNEL}, '') FROM updated`.execute(db)
  return rows[0]
}

/**
 * One UPDATE: the target instant is the given one or the clock's current now (read from the same row),
 * and the speed restarts its count from here, so a change of speed never makes time jump.
 */
export function setClock(db: Executor, change: ClockChange): Promise<ClockRecord> {
  const target = change.now ? sql`${change.now.toISOString()}::timestamptz` : NOW
  // Setting a time without saying "frozen" starts the clock running, as it always did.
  const frozen = change.frozen ?? (change.now ? false : null)
  const isFrozen = sql`coalesce(${frozen}::boolean, frozen_at IS NOT NULL)`
  return updateClock(
    db,
    sql`
    frozen_at = CASE WHEN ${isFrozen} THEN ${target} END,
    offset_ms = CASE WHEN ${isFrozen} THEN 0 ELSE round(extract(epoch FROM (${target} - clock_timestamp())) * 1000) END,
    speed = coalesce(${change.speed ?? null}::double precision, speed),
    speed_since = clock_timestamp()`,
  )
}

/** One UPDATE, so two instances advancing at once both count. */
export function advanceClock(db: Executor, seconds: number): Promise<ClockRecord> {
  const ms = Math.round(seconds * 1000)
  return updateClock(
    db,
    sql`frozen_at = frozen_at + ${ms} * interval '1 millisecond',
    offset_ms = CASE WHEN frozen_at IS NULL THEN offset_ms + ${ms} ELSE offset_ms END`,
  )
}

export async function resetClock(db: Executor): Promise<void> {
  await updateClock(db, sql`frozen_at = NULL, offset_ms = 0, speed = 1, speed_since = clock_timestamp()`)
}

/** Puts a running clock back at `now` keeping its speed (a restored snapshot); a frozen one is left alone. */
export async function reanchorClock(db: Executor, now: Date): Promise<void> {
  await updateClock(
    db,
    sql`
    offset_ms = CASE WHEN frozen_at IS NULL THEN round(extract(epoch FROM (${now.toISOString()}::timestamptz - clock_timestamp())) * 1000) ELSE offset_ms END,
    speed_since = CASE WHEN frozen_at IS NULL THEN clock_timestamp() ELSE speed_since END`,
  )
}
