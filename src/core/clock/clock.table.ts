import type { Timestamp } from '../../db/database.js'
import type { ColumnType, Generated } from 'kysely'

export interface EmulatorClockTable {
  id: Generated<number>
  offset_ms: ColumnType<number, number, number>
  frozen_at: Timestamp | null
  /** Emulated seconds per real second, counted from speed_since (earlier speeds are folded into offset_ms). */
  speed: ColumnType<number, number | undefined, number>
  speed_since: ColumnType<Date, Date | string | undefined, Date | string>
}

declare module '../../db/database.js' {
  interface Database {
    emulator_clock: EmulatorClockTable
  }
}
