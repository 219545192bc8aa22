import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { purgeRateLimits } from './rate-limit.repository.js'

/** The rate-limit windows as other modules see them (the counting itself is rate-limit.plugin's). */
export function createRateLimitService(db: Kysely<Database>) {
  return {
    /** Drops windows that have ended (the background job). */
    purge: () => purgeRateLimits(db),
  }
}

export type RateLimitService = ReturnType<typeof createRateLimitService>
