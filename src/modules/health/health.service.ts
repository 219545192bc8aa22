import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { pingDatabase } from './health.repository.js'

export function createHealthService(db: Kysely<Database>) {
  return { ping: () => pingDatabase(db) }
}

export type HealthService = ReturnType<typeof createHealthService>
