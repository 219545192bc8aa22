/**
 * The emulated time that every rule reads (windows, expiry, 12-hour rule, postal delay, tokens).
 * Never call Date.now() in a rule: take a Clock.
 */
export interface Clock {
  now(): Promise<Date>
}

/** A clock that stands still: for unit tests of rules. */
export function fixedClock(at: Date | string): Clock {
  const instant = new Date(at)
  return { now: async () => new Date(instant) }
}

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000)
}

export function addHours(date: Date, hours: number): Date {
  return addSeconds(date, hours * 3600)
}
