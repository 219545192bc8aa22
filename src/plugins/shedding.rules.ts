/**
 * When to shed load (docs/running-at-scale.md): only on sustained pressure, and only while enough
 * requests are in flight for turning some away to relieve the rest. One stall of the event loop, or a
 * machine busy for a moment with another program, sheds nothing, and a lone client is never shed.
 */
export function createShedDecision(
  settings: { sustainedMs: number; minInFlight: number },
  now: () => number = () => performance.now(),
) {
  let pressureSince: number | undefined
  let inFlight = 0
  return {
    /** A sample of the pressure (every sampling interval, and at every request found under pressure). */
    sample(underPressure: boolean): void {
      if (!underPressure) pressureSince = undefined
      else pressureSince ??= now()
    },
    started(): void {
      inFlight += 1
    },
    finished(): void {
      inFlight -= 1
    },
    shouldShed(): boolean {
      return (
        pressureSince !== undefined && now() - pressureSince >= settings.sustainedMs && inFlight >= settings.minInFlight
      )
    },
  }
}

export type ShedDecision = ReturnType<typeof createShedDecision>
