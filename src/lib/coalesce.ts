/** One item waiting in a batch queue, and how its caller is answered. */
export interface Pending<I, O> {
  item: I
  resolve(value: O): void
  reject(err: unknown): void
}

/**
 * Items that arrive while `maxInFlight` batches are running wait, and leave together (at most
 * `maxBatch`) in the next one: under load one round trip answers dozens of callers, at low load nobody
 * waits. `run` answers every item of its batch; if it throws, the items it left unanswered get the error.
 */
export function createBatchQueue<I, O>(
  run: (batch: Array<Pending<I, O>>) => Promise<void>,
  options: { maxInFlight: number; maxBatch: number },
): (item: I) => Promise<O> {
  const waiting: Array<Pending<I, O>> = []
  let inFlight = 0
  let flushScheduled = false

  // Items that arrive in the same turn of the event loop go together.
  function scheduleFlush(): void {
    if (flushScheduled) return
    flushScheduled = true
    setImmediate(() => {
      flushScheduled = false
      while (waiting.length > 0 && inFlight < options.maxInFlight) void flush(waiting.splice(0, options.maxBatch))
    })
  }

  async function flush(batch: Array<Pending<I, O>>): Promise<void> {
    inFlight++
    try {
      await run(batch)
    } catch (err) {
      // A promise settles once: the items already answered keep their answer.
      for (const pending of batch) pending.reject(err)
    } finally {
      inFlight--
      if (waiting.length > 0) scheduleFlush()
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject })
      scheduleFlush()
    })
}

/**
 * Reads that arrive while earlier ones are running leave together in the next query, as submissions do
 * in the group commit.
 */
export function createCoalescingLoader<K, V>(
  load: (keys: K[]) => Promise<Map<K, V>>,
  options: { maxInFlight: number; maxBatch: number; missing: () => V },
): { get(key: K): Promise<V> } {
  const get = createBatchQueue<K, V>(async (batch) => {
    const found = await load([...new Set(batch.map((p) => p.item))])
    for (const p of batch) p.resolve(found.get(p.item) ?? options.missing())
  }, options)
  return { get }
}
