import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'

/** Migration 0009's trigger notifies this channel with '<kind>:<subject>' when a version changes. */
export const SESSION_VERSIONS_CHANNEL = 'session_versions'

/** Tells every instance, on commit, that the versions were replaced wholesale (the payload names no subject). */
export async function notifyVersionsReplaced(db: Executor, payload: string): Promise<void> {
  await sql`SELECT pg_notify(${SESSION_VERSIONS_CHANNEL}, ${payload})`.execute(db)
}
