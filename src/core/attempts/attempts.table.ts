import type { Timestamp } from '../../db/database.js'
import type { Generated, Selectable } from 'kysely'

export interface LoginAttemptsTable {
  subject: string
  failed_attempts: Generated<number>
  locked_until: Timestamp | null
  updated_at: Generated<Date>
}

export type LoginAttemptRow = Selectable<LoginAttemptsTable>

declare module '../../db/database.js' {
  interface Database {
    login_attempts: LoginAttemptsTable
  }
}
