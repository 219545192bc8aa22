import type { Timestamp } from '../../db/database.js'

/** docs/rules.md §5: each IdP assertion is exchanged once, on any instance. */
export interface UsedAssertionsTable {
  jti: string
  codice_fiscale: string
  provider: string
  expires_at: Timestamp
  used_at: Timestamp
}

declare module '../../db/database.js' {
  interface Database {
    used_assertions: UsedAssertionsTable
  }
}
