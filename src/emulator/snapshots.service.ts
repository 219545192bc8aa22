import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { conflict, notFound } from '../lib/errors.js'
import type { ClockService } from '../core/clock/clock.service.js'
import { reanchorClock } from '../core/clock/clock.repository.js'
import { notifyStateReplaced } from '../core/auth/session-versions.service.js'
import type { RequestGate } from './request-gate.js'
import type { AuditBatch } from '../core/audit/audit-batch.service.js'
import { stateReplaced } from './state-replaced.js'
import {
  deleteSnapshot,
  listSnapshots,
  lockSnapshots,
  restoreSnapshot,
  saveSnapshot,
  snapshotExists,
  type SnapshotSummary,
} from './snapshots.repository.js'

export interface SnapshotsService {
  save(name: string): Promise<SnapshotSummary>
  list(): Promise<SnapshotSummary[]>
  /** Brings back the state of the snapshot, all or nothing, with no request of this instance in flight. */
  restore(name: string): Promise<SnapshotSummary>
  remove(name: string): Promise<void>
}

export function createSnapshotsService(deps: {
  db: Kysely<Database>
  clock: ClockService
  gate: RequestGate
  audit: Pick<AuditBatch, 'flush'>
}): SnapshotsService {
  const { db, clock, gate } = deps
  const missing = (name: string) => notFound(`Snapshot ${name}`, 'SNAPSHOT_NOT_FOUND')

  return {
    async save(name) {
      const emulatedAt = await clock.now()
      // The refusals audited a moment ago belong to the state being saved.
      await deps.audit.flush()
      // Repeatable read: every table is copied as of one instant, even while requests write.
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          await lockSnapshots(trx)
          if (await snapshotExists(trx, name))
            throw conflict('SNAPSHOT_EXISTS', `A snapshot named ${name} already exists: delete it first`)
          return saveSnapshot(trx, name, new Date(), emulatedAt)
        })
    },

    list: () => listSnapshots(db),

    async restore(name) {
      const summary = (await listSnapshots(db)).find((s) => s.name === name)
      if (!summary) throw missing(name)
      await gate.exclusive(async () => {
        await db.transaction().execute(async (trx) => {
          await lockSnapshots(trx)
          const restored = await restoreSnapshot(trx, name)
          if (!restored) throw missing(name)
          // A running clock goes on from the snapshot's instant, not from its old offset to real time.
          await reanchorClock(trx, restored.emulatedAt)
          await notifyStateReplaced(trx)
        })
        // Before the gate opens: the first request let in reads the restored clock, versions and keys.
        clock.invalidate()
        stateReplaced()
      })
      return summary
    },

    async remove(name) {
      if (!(await deleteSnapshot(db, name))) throw missing(name)
    },
  }
}
