/**
 * Reads that arrive while earlier ones are running leave together in the next query, as submissions do
 * in the group commit: under load one query answers dozens of callers, at low load nobody waits.
 */
export function createCoalescingLoader<K, V>(
  load: (keys: K[]) => Promise<Map<K, V>>,
  options: { maxInFlight: number; maxBatch: number; missing: () => V },
): { get(key: K): Promise<V> } {
  const waiting: Array<{ key: K; resolve: (value: V) => void; reject: (err: unknown) => void }> = []
  let inFlight = 0
  let flushScheduled = false

  function scheduleFlush(): void {
    if (flushScheduled) return
    flushScheduled = true
    setImmediate(() => {
      flushScheduled = false
      while (waiting.length > 0 && inFlight < options.maxInFlight) void run(waiting.splice(0, options.maxBatch))
    })
  }

  async function run(batch: typeof waiting): Promise<void> {
    inFlight++
    try {
      const found = await load([...new Set(batch.map((w) => w.key))])
      for (const w of batch) w.resolve(found.get(w.key) ?? options.missing())
    } catch (err) {
      for (const w of batch) w.reject(err)
    } finally {
      inFlight--
      if (waiting.length > 0) scheduleFlush()
    }
  }

  return {
    get: (key) =>
      new Promise<V>((resolve, reject) => {
        waiting.push({ key, resolve, reject })
        scheduleFlush()
      }),
  }
}
