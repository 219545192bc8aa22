import { appError } from '../lib/errors.js'

/** Seconds a request turned away by a restore is told to wait. */
export const RESTORE_RETRY_AFTER_SECONDS = 1

/**
 * Orders the requests of this instance around a snapshot restore: requests share the gate, a restore
 * holds it alone. A restore waits for the requests in flight to finish; requests that arrive meanwhile
 * wait for it (up to `waitMs`, then 503 RESTORE_IN_PROGRESS with Retry-After). So no request of this
 * instance sees part of the old state and part of the restored one.
 */
export interface RequestGate {
  /** Enter as a request; resolves once no restore is pending or running. */
  enter(): Promise<void>
  leave(): void
  /** Runs `work` with no request inside; requests queue behind it. */
  exclusive<T>(work: () => Promise<T>): Promise<T>
  readonly inFlight: number
}

export function createRequestGate(options: { waitMs: number }): RequestGate {
  let inFlight = 0
  // The restores queued or running, in order; requests wait for the last one.
  let restoring: Promise<unknown> | undefined
  let drained: (() => void) | undefined

  const tryEnterAfter = async (barrier: Promise<unknown>): Promise<void> => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.waitMs)
    })
    const outcome = await Promise.race([
      barrier.then(
        () => 'done' as const,
        () => 'done' as const,
      ),
      timeout,
    ])
    clearTimeout(timer)
    if (outcome === 'timeout') {
      throw appError(
        'RESTORE_IN_PROGRESS',
        'A snapshot is being restored; retry shortly',
        {},
        { 'retry-after': String(RESTORE_RETRY_AFTER_SECONDS) },
      )
    }
  }

  const gate: RequestGate = {
    async enter() {
      while (restoring) await tryEnterAfter(restoring)
      inFlight++
    },
    leave() {
      inFlight--
      if (inFlight === 0) drained?.()
    },
    exclusive(work) {
      const previous = restoring ?? Promise.resolve()
      const run = previous
        .catch(() => {})
        .then(async () => {
          if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve))
          drained = undefined
          return work()
        })
      restoring = run
      void run
        .finally(() => {
          if (restoring === run) restoring = undefined
        })
        .catch(() => {})
      return run
    },
    get inFlight() {
      return inFlight
    },
  }
  return gate
}
