import type { Generated } from 'kysely'

export interface OfficesTable {
  code: string
  name: string
  open: boolean
  closed_since: string | null
  updated_at: Generated<Date>
}

declare module '../../db/database.js' {
  interface Database {
    offices: OfficesTable
  }
}
