import type { Executor } from '../../db/executor.js'
import type { Row } from '../../db/database.js'

export async function listFaults(db: Executor): Promise<Row<'faults'>[]> {
  return db.selectFrom('faults').selectAll().orderBy('route_pattern').orderBy('method').execute()
}

export async function upsertFault(
  db: Executor,
  fault: { routePattern: string; method: string; latencyMs: number; errorRate: number; overload: boolean },
): Promise<void> {
  // error_rate is a `real`: a rate below its smallest normal value (1e-38, say 1e-300) fails the insert, so keep six decimals.
  const values = {
    latency_ms: fault.latencyMs,
    error_rate: Math.round(fault.errorRate * 1e6) / 1e6,
    overload: fault.overload,
  }
  await db
    .insertInto('faults')
    .values({ route_pattern: fault.routePattern, method: fault.method, ...values })
    .onConflict((oc) => oc.columns(['route_pattern', 'method']).doUpdateSet(values))
    .execute()
}

export async function deleteFaults(db: Executor, routePattern?: string): Promise<number> {
  let query = db.deleteFrom('faults')
  if (routePattern) query = query.where('route_pattern', '=', routePattern)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}
