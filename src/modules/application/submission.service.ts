import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { createBatchQueue } from '../../lib/coalesce.js'
import { insertSubmissions, type NewSubmission, type SubmissionOutcome } from './application.repository.js'

export interface SubmissionBatcher {
  /** Writes one submission, possibly in the same statement as others; resolves with its own outcome. */
  submit(submission: NewSubmission): Promise<SubmissionOutcome>
}

export interface BatcherOptions {
  /** Batches running at once: the rest of the connection pool stays free for reads and logins. */
  maxInFlight: number
  maxBatch: number
}

type Insert = typeof insertSubmissions

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): caused by an item. */
function isItemError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'))
}

/**
 * Group commit for submissions. A submission leaves at once when a batch slot is free; those that
 * arrive while every slot is busy wait and leave together in the next statement, so under load one
 * commit carries many submissions and at low load nothing waits. Each submission keeps its own
 * outcome: the statement treats the items as concurrent statements would (see migrations/0007).
 */
export function createSubmissionBatcher(
  db: Kysely<Database>,
  options: BatcherOptions,
  insert: Insert = insertSubmissions,
): SubmissionBatcher {
  const submit = createBatchQueue<NewSubmission, SubmissionOutcome>(async (batch) => {
    try {
      const outcomes = await insert(
        db,
        batch.map((p) => p.item),
      )
      batch.forEach((p, i) => p.resolve(outcomes[i]))
    } catch (err) {
      // One item's data refused (an idempotency key raced with another body, a value Postgres cannot
      // store): the batch wrote nothing. Alone, each item gets its own answer and only the culprit
      // fails. A lost connection or a timeout is everyone's answer: retrying one by one would not help.
      if (batch.length === 1 || !isItemError(err)) throw err
      for (const p of batch) await insert(db, [p.item]).then(([outcome]) => p.resolve(outcome), p.reject)
    }
  }, options)
  return { submit }
}
