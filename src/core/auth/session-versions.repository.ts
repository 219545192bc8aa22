import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'

/** Whose credential a session stands on: a citizen's PIN (pin_credentials) or an operator (operators). */
export type SessionKind = 'citizen' | 'operator'

/** Migration 0009's trigger notifies this channel with '<kind>:<subject>' when a version changes. */
export const SESSION_VERSIONS_CHANNEL = 'session_versions'

export interface ChangedVersion {
  kind: SessionKind
  subject: string
  version: number
  /** Real seconds since the change, by the database's clock (the one all instances share). */
  ageSeconds: number
}

/** The current version, or undefined when the subject has no credential (any more). */
export async function readSessionVersion(
  db: Executor,
  kind: SessionKind,
  subject: string,
): Promise<number | undefined> {
  const row =
    kind === 'citizen'
      ? await db
          .selectFrom('pin_credentials')
          .select('version')
          .where('codice_fiscale', '=', subject)
          .executeTakeFirst()
      : await db.selectFrom('operators').select('version').where('id', '=', subject).executeTakeFirst()
  return row?.version
}

/** Versions that changed in the last `seconds` of real time (partial indexes on version_changed_at). */
export async function versionsChangedWithin(db: Executor, seconds: number): Promise<ChangedVersion[]> {
  const since = sql`clock_timestamp() - ${seconds} * interval '1 second'`
  const age = (column: string) => sql<number>`extract(epoch FROM clock_timestamp() - ${sql.ref(column)})::float8`
  const { rows } = await sql<ChangedVersion>`
    SELECT 'citizen' AS kind, codice_fiscale AS subject, version, ${age('version_changed_at')} AS "ageSeconds"
    FROM pin_credentials WHERE version_changed_at > ${since}
    UNION ALL
    SELECT 'operator', id, version, ${age('version_changed_at')} FROM operators WHERE version_changed_at > ${since}`.execute(
    db,
  )
  return rows
}
