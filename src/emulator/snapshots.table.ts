import type { ColumnType } from 'kysely'
import type { Json, Timestamp } from '../db/database.js'

export interface EmulatorSnapshotsTable {
  name: string
  created_at: Timestamp
  /** The emulated now when it was taken: a running clock restarts from here on restore. */
  emulated_at: Timestamp
  /** Bytes the saved rows take in the database. */
  size: ColumnType<number, number, number>
  /** Each sequence's last_value and is_called. */
  sequences: Json<Record<string, { lastValue: number; isCalled: boolean }>>
}

export interface EmulatorSnapshotTablesTable {
  snapshot: string
  table_name: string
  row_count: number
  rows: Json<unknown[]>
}

declare module '../db/database.js' {
  interface Database {
    emulator_snapshots: EmulatorSnapshotsTable
    emulator_snapshot_tables: EmulatorSnapshotTablesTable
  }
}
