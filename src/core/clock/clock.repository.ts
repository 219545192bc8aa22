import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'
// Adds emulator_clock to Database.
import './clock.table.js'

export interface ClockState {
  now: Date
  frozen: boolean
}

/** The stored clock with the database's real time at the moment it was read. */
export interface ClockRecord extends ClockState {
  offsetMs: number
  frozenAt: Date | null
  databaseTime: Date
}

/** Instances listen on this channel to drop their cached clock the moment it changes. */
export const CLOCK_CHANNEL = 'emulator_clock'

// The database's clock_timestamp() is the one real time all instances share; the emulated time is
// that plus an offset, or a frozen instant. Every change notifies CLOCK_CHANNEL on commit.
const RECORD = sql`coalesce(frozen_at, clock_timestamp() + offset_ms * interval '1 millisecond') AS now, frozen_at IS NOT NULL AS frozen,
  offset_ms AS "offsetMs", frozen_at AS "frozenAt", clock_timestamp() AS "databaseTime"`

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

export function setClock(db: Executor, now: Date, frozen: boolean): Promise<ClockRecord> {
  const iso = now.toISOString()
  return updateClock(db, frozen
    ? sql`frozen_at = ${iso}::timestamptz, offset_ms = 0`
    : sql`frozen_at = NULL, offset_ms = round(extract(epoch FROM (${iso}::timestamptz - clock_timestamp())) * 1000)`)
}

/** One UPDATE, so two instances advancing at once both count. */
export function advanceClock(db: Executor, seconds: number): Promise<ClockRecord> {
  const ms = Math.round(seconds * 1000)
  return updateClock(db, sql`frozen_at = frozen_at + ${ms} * interval '1 millisecond',
    offset_ms = CASE WHEN frozen_at IS NULL THEN offset_ms + ${ms} ELSE offset_ms END`)
}

export async function resetClock(db: Executor): Promise<void> {
  await updateClock(db, sql`frozen_at = NULL, offset_ms = 0`)
}
