import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { auditEntry, type Actor, type AuditEvent } from './audit.service.js'
import { insertAuditEvents, type AuditEventInput } from './audit.repository.js'

/** Real milliseconds an entry may wait before its batch is written (what a crash can lose: docs/decisions.md §13). */
export const AUDIT_BATCH_MS = 100
/** Past this many queued entries a write starts at once instead of waiting for the timer. */
export const AUDIT_BATCH_MAX = 500
/** After a failed write, the next try waits this long (a database that is down is not hammered). */
const AUDIT_RETRY_MS = 1_000
/** A database that keeps refusing writes leaves at most this many entries waiting; older ones go first. */
export const AUDIT_QUEUE_LIMIT = 20_000

export interface AuditBatch {
  /** Queues one entry; it is written with the others of its batch, within AUDIT_BATCH_MS. */
  add(at: Date, actor: Actor, event: AuditEvent): void
  /** Writes what is queued now: readers of the trail call it first, so that an entry just queued is listed. */
  flush(): Promise<void>
  /** A reset or a restore replaced the trail: what was queued belonged to the state before. */
  forget(): void
}

export interface AuditBatchOptions {
  batchMs?: number
  /** A batch that could not be written is kept for the next write, and reported here. */
  onError?: (error: unknown, queued: number) => void
}

/**
 * Audit entries that need not share a transaction with the work they record (refusals, whose work wrote
 * nothing): queued in memory and written in one statement per batch, off the request path, in order.
 */
export function createAuditBatch(db: Kysely<Database>, options: AuditBatchOptions = {}): AuditBatch {
  const batchMs = options.batchMs ?? AUDIT_BATCH_MS
  let queue: AuditEventInput[] = []
  let timer: NodeJS.Timeout | undefined
  let writing: Promise<void> = Promise.resolve()

  const schedule = (ms: number) => {
    if (timer) return
    timer = setTimeout(() => void write(), ms)
    timer.unref()
  }
  const write = (): Promise<void> => {
    clearTimeout(timer)
    timer = undefined
    // One write at a time: the batch is taken when its turn comes, so nothing is written twice.
    writing = writing.then(async () => {
      const batch = queue
      queue = []
      if (batch.length === 0) return
      try {
        await insertAuditEvents(db, batch)
      } catch (error) {
        queue = [...batch, ...queue].slice(-AUDIT_QUEUE_LIMIT)
        options.onError?.(error, queue.length)
        schedule(AUDIT_RETRY_MS)
      }
    })
    return writing
  }

  return {
    add(at, actor, event) {
      queue.push(auditEntry(at, actor, event))
      if (queue.length > AUDIT_QUEUE_LIMIT) queue.shift()
      if (queue.length >= AUDIT_BATCH_MAX) void write()
      else schedule(batchMs)
    },
    flush: write,
    forget() {
      queue = []
    },
  }
}
