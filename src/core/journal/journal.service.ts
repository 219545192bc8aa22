import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { toRomeIso } from '../../lib/rome-time.js'
import {
  appendRequests,
  clearRequests,
  copyRequests,
  listRequests,
  trimRequests,
  type CopyFrom,
  type JournalRow,
} from './journal.repository.js'
import type { JournalEntry, JournalQuery } from './journal.schemas.js'
import type { Static } from 'typebox'
import { toPage } from '../../lib/paging.js'

/** Past this many queued requests a write starts at once instead of waiting for the timer. */
export const MAX_BATCH = 500

export interface JournalEntryInput {
  requestId: string
  receivedAt: Date
  /**
   * May still be on its way (the clock read from the database): the entry is queued at once all the
   * same, in answer order, and a flush waits for it, so a read just after the answer lists it. A clock
   * that could not be read leaves the entry without it.
   */
  emulatedAt?: Date | Promise<Date | undefined>
  method: string
  route?: string
  path: string
  status: number
  code?: string
  durationMs: number
  actor: { type: string; id?: string }
  codiceFiscale?: string
}

export interface RequestJournal {
  readonly enabled: boolean
  /** Queues one request; written with the others of the next batch. */
  record(entry: JournalEntryInput): void
  /** Writes what is queued now (reads call it, so that a request just answered is listed). */
  flush(): Promise<void>
  list(query: JournalQuery): Promise<{ items: Array<Static<typeof JournalEntry>>; nextCursor?: string }>
  clear(): Promise<void>
  close(): Promise<void>
}

export interface JournalOptions {
  enabled: boolean
  maxRows: number
  flushMs: number
  /**
   * A batch that could not be written is dropped (the journal is a debugging aid): told here, as is a
   * trim that failed (0 dropped).
   */
  onError?: (error: unknown, dropped: number) => void
  /** The database's COPY, where it has one (Postgres): batches are written with it. */
  copyFrom?: CopyFrom
}

// IBAN-shaped path segments never reach the journal (payment routes may carry one).
const IBAN = /[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}/g
const MAX_PATH = 512

export function journalPath(url: string): string {
  return url.split('?')[0].replace(IBAN, '[IBAN]').slice(0, MAX_PATH)
}

/**
 * The request journal: written off the request path, in batches (one COPY, or INSERT, per `flushMs`, or at
 * once past MAX_BATCH queued). The table is trimmed in steps of a tenth of `maxRows` (one range delete and a
 * vacuum, not a delete per batch), so it holds up to that much more than `maxRows`; lists show the newest
 * `maxRows` alone.
 */
export function createRequestJournal(db: Kysely<Database>, options: JournalOptions): RequestJournal {
  const trimStep = Math.ceil(options.maxRows / 10)
  let queue: JournalRow[] = []
  // The emulated times still on their way, each filling its row's emulated_at when it comes.
  let pending: Array<Promise<void>> = []
  let timer: NodeJS.Timeout | undefined
  let writing: Promise<void> = Promise.resolve()

  const write = async (rows: JournalRow[], times: Array<Promise<void>>) => {
    if (times.length > 0) await Promise.all(times)
    const { copyFrom } = options
    const { firstId, lastId } = copyFrom ? await copyRequests(db, copyFrom, rows) : await appendRequests(db, rows)
    // Stateless, so that it holds across instances and after a reset restarts the ids: the batch that
    // wrote a multiple of the step trims (others' batches interleaved with it may too, harmlessly).
    const crossedStep = Math.floor(lastId / trimStep) > Math.floor((firstId - 1) / trimStep)
    // The rows are written by now: a trim that fails drops none of them (the next step tries again).
    if (crossedStep && lastId > options.maxRows)
      await trimRequests(db, lastId - options.maxRows).catch((error: unknown) => options.onError?.(error, 0))
  }

  const writeQueued = (): Promise<void> => {
    clearTimeout(timer)
    timer = undefined
    const [rows, times] = [queue, pending]
    queue = []
    pending = []
    // One write at a time, in order.
    writing = writing.then(async () => {
      if (rows.length === 0) return
      try {
        await write(rows, times)
      } catch (error) {
        options.onError?.(error, rows.length)
      }
    })
    return writing
  }

  return {
    enabled: options.enabled,
    record(entry) {
      if (!options.enabled) return
      const row: JournalRow = {
        request_id: entry.requestId,
        received_at: entry.receivedAt.getTime(),
        emulated_at: null,
        method: entry.method,
        route: entry.route ?? null,
        path: journalPath(entry.path),
        status: entry.status,
        code: entry.code ?? null,
        duration_ms: Math.round(entry.durationMs * 1000) / 1000,
        actor_type: entry.actor.type,
        actor_id: entry.actor.id ?? null,
        codice_fiscale: entry.codiceFiscale ?? null,
      }
      const { emulatedAt } = entry
      if (emulatedAt instanceof Promise)
        pending.push(
          emulatedAt.then(
            (at) => void (row.emulated_at = at?.getTime() ?? null),
            () => undefined,
          ),
        )
      else row.emulated_at = emulatedAt?.getTime() ?? null
      queue.push(row)
      if (queue.length >= MAX_BATCH) void writeQueued()
      else if (!timer) {
        timer = setTimeout(() => void writeQueued(), options.flushMs)
        timer.unref()
      }
    },
    flush: writeQueued,
    async list(query) {
      await writeQueued()
      const limit = query.limit ?? 50
      const rows = await listRequests(db, {
        method: query.method,
        path: query.path,
        status: query.status,
        code: query.code,
        codiceFiscale: query.codiceFiscale,
        beforeId: query.cursor ? Number(query.cursor) : undefined,
        newest: options.maxRows,
        limit: limit + 1,
      })
      return toPage(
        rows,
        limit,
        (last) => String(last.id),
        (r) => ({
          requestId: r.request_id,
          receivedAt: toRomeIso(r.received_at),
          ...(r.emulated_at ? { emulatedAt: toRomeIso(r.emulated_at) } : {}),
          method: r.method,
          ...(r.route ? { route: r.route } : {}),
          path: r.path,
          status: r.status,
          ...(r.code ? { code: r.code } : {}),
          durationMs: Number(r.duration_ms),
          actor: { type: r.actor_type, ...(r.actor_id ? { id: r.actor_id } : {}) },
          ...(r.codice_fiscale ? { codiceFiscale: r.codice_fiscale } : {}),
        }),
      )
    },
    async clear() {
      queue = []
      pending = []
      await writing
      await clearRequests(db)
    },
    close: writeQueued,
  }
}
