import { sql } from 'kysely'
import type { Executor } from '../../db/executor.js'
// Adds rate_limits to Database.
import './rate-limit.table.js'

/**
 * Counts one hit on each key in one statement (fixed windows, database time), so every instance
 * shares the counters. Returns each key's hits in its window and the seconds until the window ends.
 */
export async function hitRateLimits(
  db: Executor,
  keys: string[],
  windowSeconds: number,
): Promise<Array<{ key: string; hits: number; retryAfter: number }>> {
  const { rows } = await sql<{ key: string; hits: number; retry_after: number }>`
    INSERT INTO rate_limits (key, hits, window_ends_at)
    VALUES ${sql.join(keys.map((key) => sql`(${key}, 1, clock_timestamp() + ${windowSeconds} * interval '1 second')`))}
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN rate_limits.window_ends_at <= clock_timestamp() THEN 1 ELSE rate_limits.hits + 1 END,
      window_ends_at = CASE WHEN rate_limits.window_ends_at <= clock_timestamp() THEN EXCLUDED.window_ends_at ELSE rate_limits.window_ends_at END
    RETURNING key, hits, ceil(extract(epoch FROM (window_ends_at - clock_timestamp())))::int AS retry_after`.execute(db)
  return rows.map((r) => ({ key: r.key, hits: r.hits, retryAfter: Math.max(1, r.retry_after) }))
}

/** Windows that ended an hour ago are of no use to anyone. */
export async function purgeRateLimits(db: Executor): Promise<void> {
  await db
    .deleteFrom('rate_limits')
    .where('window_ends_at', '<', sql<Date>`clock_timestamp() - interval '1 hour'`)
    .execute()
}
