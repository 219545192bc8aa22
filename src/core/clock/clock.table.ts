import type { Timestamp } from '../../db/database.js'
import type { ColumnType, Generated } from 'kysely'

export interface EmulatorClockTable {
  id: Generated<number>
  offset_ms: ColumnType<number, number, number>
  frozen_at: Timestamp | null
}

declare module '../../db/database.js' {
  interface Database {
    emulator_clock: EmulatorClockTable
  }
}
