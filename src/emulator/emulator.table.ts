import type { Json } from '../db/database.js'

export interface EmulatorStateTable {
  key: string
  value: Json<unknown>
}

declare module '../db/database.js' {
  interface Database {
    emulator_state: EmulatorStateTable
  }
}
