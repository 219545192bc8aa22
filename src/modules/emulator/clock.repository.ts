import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'

export interface ClockState {
  now: Date
  frozen: boolean
}

// The database's clock_timestamp() is the one real time all instances share; the emulated time is
// that plus an offset, or a frozen instant.
const NOW = sql<Date>`coalesce(frozen_at, clock_timestamp() + offset_ms * interval '1 millisecond')`

export async function readClock(db: Executor): Promise<ClockState> {
  return db.selectFrom('emulator_clock').select([NOW.as('now'), sql<boolean>`frozen_at IS NOT NULL`.as('frozen')]).where('id', '=', 1).executeTakeFirstOrThrow()
}

export async function setClock(db: Executor, now: Date, frozen: boolean): Promise<ClockState> {
  const iso = now.toISOString()
  return db
    .updateTable('emulator_clock')
    .set(
      frozen
        ? { frozen_at: iso, offset_ms: 0 }
        : { frozen_at: null, offset_ms: sql<number>`round(extract(epoch FROM (${iso}::timestamptz - clock_timestamp())) * 1000)` },
    )
    .where('id', '=', 1)
    .returning([NOW.as('now'), sql<boolean>`frozen_at IS NOT NULL`.as('frozen')])
    .executeTakeFirstOrThrow()
}

/** One UPDATE, so two instances advancing at once both count. */
export async function advanceClock(db: Executor, seconds: number): Promise<ClockState> {
  const ms = Math.round(seconds * 1000)
  return db
    .updateTable('emulator_clock')
    .set({
      frozen_at: sql`frozen_at + ${ms} * interval '1 millisecond'`,
      offset_ms: sql`CASE WHEN frozen_at IS NULL THEN offset_ms + ${ms} ELSE offset_ms END`,
    })
    .where('id', '=', 1)
    .returning([NOW.as('now'), sql<boolean>`frozen_at IS NOT NULL`.as('frozen')])
    .executeTakeFirstOrThrow()
}

export async function resetClock(db: Executor): Promise<void> {
  await db.updateTable('emulator_clock').set({ frozen_at: null, offset_ms: 0 }).where('id', '=', 1).execute()
}
