import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import { deleteFaults, listFaults, upsertFault } from './faults.repository.js'

export interface ActiveFault {
  matches(method: string, path: string): boolean
  latencyMs: number
  errorRate: number
  overload: boolean
}

/** '*' matches any run of characters; everything else is literal. */
export function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${escaped.join('.*')}$`)
}

function toActive(row: Row<'faults'>): ActiveFault {
  const path = patternToRegExp(row.route_pattern)
  return {
    matches: (method, url) => (row.method === '*' || row.method === method) && path.test(url),
    latencyMs: row.latency_ms,
    errorRate: row.error_rate,
    overload: row.overload,
  }
}

/**
 * The faults in force, read from the database at most once per `ttlMs` per instance (a fault set on
 * one instance reaches the others within that time); `invalidate` makes this instance re-read now.
 */
export function createFaultRegistry(db: Kysely<Database>, ttlMs: number) {
  let cached: { at: number; faults: ActiveFault[] } | undefined
  let loading: Promise<ActiveFault[]> | undefined
  return {
    async active(): Promise<ActiveFault[]> {
      if (cached && Date.now() - cached.at < ttlMs) return cached.faults
      loading ??= listFaults(db)
        .then((rows) => {
          cached = { at: Date.now(), faults: rows.map(toActive) }
          return cached.faults
        })
        .finally(() => {
          loading = undefined
        })
      return loading
    },
    invalidate() {
      cached = undefined
    },
  }
}
export type FaultRegistry = ReturnType<typeof createFaultRegistry>

export interface FaultSpec {
  routePattern: string
  method: string
  latencyMs: number
  errorRate: number
  overload: boolean
}

/** The faults in force, as the control API shows and edits them. */
export function createFaultsService(db: Kysely<Database>) {
  return {
    async list(): Promise<FaultSpec[]> {
      return (await listFaults(db)).map((f) => ({
        routePattern: f.route_pattern,
        method: f.method,
        latencyMs: f.latency_ms,
        errorRate: f.error_rate,
        overload: f.overload,
      }))
    },
    save: (fault: FaultSpec) => upsertFault(db, fault),
    remove: (routePattern?: string) => deleteFaults(db, routePattern),
  }
}

export type FaultsService = ReturnType<typeof createFaultsService>
