import type { Timestamp } from '../../db/database.js'
import type { Generated } from 'kysely'

export interface LoginAttemptsTable {
  subject: string
  failed_attempts: Generated<number>
  locked_until: Timestamp | null
  updated_at: Generated<Date>
}

declare module '../../db/database.js' {
  interface Database {
    login_attempts: LoginAttemptsTable
  }
}
