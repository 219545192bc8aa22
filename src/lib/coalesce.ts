/** One item waiting in a batch queue, and how its caller is answered. */
export interface Pending<I, O> {
  item: I
  resolve(value: O): void
  reject(err: unknown): void
}

/** Fewer callers are not split: a batch's own costs (a round trip, a commit) would outweigh the overlap. */
const MIN_COHORT = 8

export interface BatchOptions {
  maxInFlight: number
  maxBatch: number
  /** Whether an error is one item's doing (see createBatchQueue). */
  retryAlone?: (err: unknown) => boolean
}

/**
 * Items that arrive while `maxInFlight` batches are running wait, and leave together in the next one:
 * under load one round trip answers dozens of callers, at low load nobody waits. A batch takes at most
 * half of the recent peak of items outstanding, or MIN_COHORT (and at most `maxBatch`), so that a steady crowd of callers
 * splits into two cohorts: while the database works on one, the event loop answers the other and
 * reads its next requests. One batch holding every caller would leave each side idle in turn.
 * `run` answers every item of its batch; if it throws, the items it left unanswered get the error, unless
 * `retryAlone` says the error is one item's doing: then each item runs again in a batch of its own, one
 * after the other, and only the culprit fails. (An error that is everyone's, a lost connection, is not
 * worth a query per item.)
 */
export function createBatchQueue<I, O>(
  run: (batch: Array<Pending<I, O>>) => Promise<void>,
  options: BatchOptions,
): (item: I) => Promise<O> {
  const waiting: Array<Pending<I, O>> = []
  let inFlight = 0
  let flushScheduled = false
  // Items waiting or in a running batch, and their recent peak: it decays by a step a batch, so that a
  // crowd that thins out soon stops being split for callers who are gone.
  let outstanding = 0
  let peak = 0

  // Items that arrive in the same turn of the event loop go together.
  function scheduleFlush(): void {
    if (flushScheduled) return
    flushScheduled = true
    setImmediate(() => {
      flushScheduled = false
      while (waiting.length > 0 && inFlight < options.maxInFlight) {
        const size = Math.min(options.maxBatch, Math.max(MIN_COHORT, Math.ceil(peak / 2)))
        peak = Math.max(outstanding, peak - 1)
        void flush(waiting.splice(0, size))
      }
    })
  }

  async function runIsolating(batch: Array<Pending<I, O>>): Promise<void> {
    try {
      await run(batch)
    } catch (err) {
      if (batch.length === 1 || !options.retryAlone?.(err)) throw err
      for (const pending of batch) await run([pending]).catch(pending.reject)
    }
  }

  async function flush(batch: Array<Pending<I, O>>): Promise<void> {
    inFlight++
    try {
      await runIsolating(batch)
    } catch (err) {
      // A promise settles once: the items already answered keep their answer.
      for (const pending of batch) pending.reject(err)
    } finally {
      inFlight--
      if (waiting.length > 0) scheduleFlush()
    }
  }

  const answered = () => {
    outstanding--
  }
  return (item) => {
    const answer = new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject })
      peak = Math.max(peak, ++outstanding)
      scheduleFlush()
    })
    // Counted off before the caller resumes (reactions run in the order they were added): a caller that
    // submits again at once is then one caller, not two.
    void answer.then(answered, answered)
    return answer
  }
}

/**
 * Reads that arrive while earlier ones are running leave together in the next query, as submissions do
 * in the group commit.
 */
export function createCoalescingLoader<K, V>(
  load: (keys: K[]) => Promise<Map<K, V>>,
  options: BatchOptions & { missing: () => V },
): { get(key: K): Promise<V> } {
  const get = createBatchQueue<K, V>(async (batch) => {
    const found = await load([...new Set(batch.map((p) => p.item))])
    for (const p of batch) p.resolve(found.get(p.item) ?? options.missing())
  }, options)
  return { get }
}
