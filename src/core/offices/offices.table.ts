import type { Generated, Selectable } from 'kysely'

export interface OfficesTable {
  code: string
  name: string
  open: boolean
  closed_since: string | null
  updated_at: Generated<Date>
}

export type OfficeRow = Selectable<OfficesTable>

declare module '../../db/database.js' {
  interface Database {
    offices: OfficesTable
  }
}
