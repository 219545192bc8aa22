import type { AppliedFor } from './application.repository.js'

/** People remembered at most; past it the oldest are forgotten (they are read again when needed). */
export const MAX_KNOWN_APPLICANTS = 100_000

/**
 * What this instance knows people applied for: the applications it wrote, and those a refusal made it
 * read. A submission that conflicts with them is refused without a database round trip; any other goes
 * straight to the group commit, whose unique constraints stay the guard on every instance (a refusal
 * there reads what the person applied for). Knowing too little only costs that read. Knowing too much
 * would refuse a valid application, but applications are never deleted, except by a reset or a restore,
 * which call forget() on every instance. A write or read that started before a forget() is not kept.
 */
export function createKnownApplications(maxPeople = MAX_KNOWN_APPLICANTS) {
  let known = new Map<string, AppliedFor[]>()
  let generation = 0

  function keep(codiceFiscale: string, applied: AppliedFor[]): void {
    known.delete(codiceFiscale)
    if (known.size >= maxPeople) known.delete(known.keys().next().value!)
    known.set(codiceFiscale, applied)
  }

  return {
    /** Taken before the work whose result is then remembered. */
    generation: () => generation,
    of: (codiceFiscale: string): readonly AppliedFor[] => known.get(codiceFiscale) ?? [],
    /** The person applied for one more benefit (this instance wrote it). */
    add(codiceFiscale: string, applied: AppliedFor, since: number): void {
      if (since !== generation) return
      keep(codiceFiscale, [...(known.get(codiceFiscale) ?? []), applied])
    },
    /** Everything the person applied for, as just read from the database. */
    replace(codiceFiscale: string, applied: AppliedFor[], since: number): void {
      if (since === generation) keep(codiceFiscale, applied)
    },
    forget(): void {
      known = new Map()
      generation++
    },
  }
}

export type KnownApplications = ReturnType<typeof createKnownApplications>
