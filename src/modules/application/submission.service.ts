import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { createBatchQueue } from '../../lib/coalesce.js'
import { isItemError } from '../../db/sql-state.js'
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
  const submit = createBatchQueue<NewSubmission, SubmissionOutcome>(
    async (batch) => {
      const outcomes = await insert(
        db,
        batch.map((p) => p.item),
      )
      batch.forEach((p, i) => p.resolve(outcomes[i]))
    },
    // One item's data refused (an idempotency key raced with another body, a value Postgres cannot
    // store): the batch wrote nothing, and alone each item gets its own answer.
    { ...options, retryAlone: isItemError },
  )
  return { submit }
}
