import type { Executor } from '../../db/executor.js'
import { notifyVersionsReplaced } from './session-versions.repository.js'

/** Whose credential a session stands on: a citizen's PIN (module pin) or an operator (module operator). */
export type SessionKind = 'citizen' | 'operator'

export interface ChangedVersion {
  subject: string
  version: number
  /** Real seconds since the change, by the database's clock (the one all instances share). */
  ageSeconds: number
}

/**
 * The versions of one kind of credential, read by the module that owns its table: this module keeps
 * the memory of them, never their SQL.
 */
export interface VersionSource {
  /** The current version, or undefined when the subject has no credential (any more). */
  read(subject: string): Promise<number | undefined>
  /** Versions that changed in the last `seconds` of real time. */
  changedWithin(seconds: number): Promise<ChangedVersion[]>
}

/** How often, at most, an instance reads the recent changes again: a missed notification heals by then. */
const REFRESH_MS = 2000
/** Each refresh looks this far behind the previous one, so a change committed late is still caught. */
const REFRESH_OVERLAP_SECONDS = 10
/** Hosts may disagree this much on real time: a change is remembered that much longer. */
const SKEW_ALLOWANCE_MS = 60_000
/** Past this many remembered changes, subjects not remembered are read from the database instead. */
export const MAX_REMEMBERED = 100_000

/**
 * Which sessions are still current, checked without a database round trip in the steady state.
 *
 * A token carries the version its credential had at login. It can only be stale if the version
 * changed after the token was issued, and a token lives at most the token lifetime in real time.
 * So an instance only has to remember the subjects whose version changed within that lifetime
 * (learned at start, from NOTIFY on every instance, from its own writes at once, and by a small
 * periodic read as a safety net): any other subject's token is current. For a remembered subject
 * the current version is read once, then compared in memory; a token that does not match is
 * confirmed against the database before it is refused.
 */
export interface SessionVersions {
  /** Loads the changes of the last token lifetime; call before verifying. */
  start(): Promise<void>
  /** Synchronous in the steady state; a promise only when the database must be asked. */
  isCurrent(kind: SessionKind, subject: string, version: number): boolean | Promise<boolean>
  /** The version now in the database (0: no credential), for a session being opened. */
  current(kind: SessionKind, subject: string): Promise<number>
  /** The subject's version changed (or may have: the transaction is still open). */
  changed(kind: SessionKind, subject: string): void
  /**
   * Forget everything remembered (the versions were replaced wholesale: a snapshot restored) and read
   * every subject's version from the database for one token lifetime.
   */
  reload(): void
  /**
   * A NOTIFY on SESSION_VERSIONS_CHANNEL naming a subject; no payload after a reconnection (notifications
   * may have been lost). A reload notice (isReloadNotice: a reset or a restore) is the services' to handle:
   * reload() and the rest of what the instance remembered of the state.
   */
  onNotification(payload?: string): void
  close(): Promise<void>
}

interface Remembered {
  /** undefined: changed, not read since. 0: no credential. */
  version: number | undefined
  /** Moves with each change notice: a read that started before it is not remembered. */
  stamp: number
  expiresAt: number
}

const running = new Set<SessionVersions>()

/** The payload that tells every instance to reload (a reset or a restore replaced the versions). */
const RELOAD_PAYLOAD = '*'

/** A notice on SESSION_VERSIONS_CHANNEL that the whole state was replaced (see notifyStateReplaced). */
export const isReloadNotice = (payload: string | undefined) => payload === RELOAD_PAYLOAD

/**
 * Inside a reset's or a restore's transaction: on commit, every instance hears that the versions (and
 * with them the whole state) were replaced, and reloads.
 */
export async function notifyStateReplaced(trx: Executor): Promise<void> {
  await notifyVersionsReplaced(trx, RELOAD_PAYLOAD)
}

/**
 * Called by the repositories that move a version, inside their transaction: this process's instances
 * learn it at once (the NOTIFY reaches other processes on commit, and this one only some time after).
 */
export function sessionVersionChanged(kind: SessionKind, subject: string): void {
  for (const versions of running) versions.changed(kind, subject)
}

export interface SessionVersionsOptions {
  realNow?: () => number
  maxRemembered?: number
}

export function createSessionVersions(
  sources: Readonly<Record<SessionKind, VersionSource>>,
  tokenLifetimeSeconds: number,
  options: SessionVersionsOptions = {},
): SessionVersions {
  const realNow = options.realNow ?? Date.now
  const maxRemembered = options.maxRemembered ?? MAX_REMEMBERED
  const windowMs = tokenLifetimeSeconds * 1000 + SKEW_ALLOWANCE_MS
  const remembered = new Map<string, Remembered>()
  const reads = new Map<string, { stamp: number | undefined; value: Promise<number> }>()
  // Past the bound, nothing more is remembered until this instant: unknown subjects are read instead.
  let overflowUntil = 0
  // Changes since this real instant are known (0: none yet); bumping `coverage` discards a refresh in flight.
  let coveredFrom = 0
  let coverage = 0
  let lastAttempt = 0
  let refreshing: Promise<void> | undefined

  const keyOf = (kind: SessionKind, subject: string) => `${kind}:${subject}`

  function remember(key: string, version: number | undefined, expiresAt: number, now: number): void {
    const entry = remembered.get(key)
    if (entry) {
      if (version === undefined) {
        entry.version = undefined
        entry.stamp++
      } else if (entry.version !== undefined) {
        entry.version = Math.max(entry.version, version)
      }
      entry.expiresAt = Math.max(entry.expiresAt, expiresAt)
      return
    }
    if (remembered.size >= maxRemembered) {
      for (const [k, e] of remembered) if (e.expiresAt <= now) remembered.delete(k)
      if (remembered.size >= maxRemembered) {
        overflowUntil = Math.max(overflowUntil, expiresAt)
        return
      }
    }
    remembered.set(key, { version, stamp: 0, expiresAt })
  }

  async function changedWithin(seconds: number): Promise<Array<ChangedVersion & { kind: SessionKind }>> {
    const [citizens, operators] = await Promise.all([
      sources.citizen.changedWithin(seconds),
      sources.operator.changedWithin(seconds),
    ])
    return [
      ...citizens.map((row) => ({ ...row, kind: 'citizen' as const })),
      ...operators.map((row) => ({ ...row, kind: 'operator' as const })),
    ]
  }

  function apply(rows: Array<ChangedVersion & { kind: SessionKind }>): void {
    const now = realNow()
    for (const row of rows) {
      const expiresAt = now + windowMs - row.ageSeconds * 1000
      if (expiresAt > now) remember(keyOf(row.kind, row.subject), row.version, expiresAt, now)
    }
  }

  function refreshSoon(now: number): void {
    if (refreshing || now - lastAttempt < REFRESH_MS) return
    lastAttempt = now
    const lookback =
      coveredFrom === 0
        ? windowMs / 1000
        : Math.min(windowMs / 1000, (now - coveredFrom) / 1000 + REFRESH_OVERLAP_SECONDS)
    const started = coverage
    refreshing = changedWithin(lookback)
      .then((rows) => {
        apply(rows)
        if (started === coverage) coveredFrom = now
      })
      // A failed refresh leaves coveredFrom behind: the next one looks further back.
      .catch(() => {})
      .finally(() => {
        refreshing = undefined
      })
  }

  function read(key: string, kind: SessionKind, subject: string): Promise<number> {
    const stamp = remembered.get(key)?.stamp
    const pending = reads.get(key)
    if (pending && pending.stamp === stamp) return pending.value
    const value = sources[kind].read(subject).then((version) => {
      const entry = remembered.get(key)
      if (entry && entry.stamp === stamp) entry.version = version ?? 0
      return version ?? 0
    })
    const slot = { stamp, value }
    reads.set(key, slot)
    void value
      .finally(() => {
        if (reads.get(key) === slot) reads.delete(key)
      })
      .catch(() => {})
    return value
  }

  const versions: SessionVersions = {
    async start() {
      running.add(versions)
      const now = realNow()
      apply(await changedWithin(windowMs / 1000))
      coveredFrom = now
      lastAttempt = now
    },

    isCurrent(kind, subject, version) {
      const now = realNow()
      refreshSoon(now)
      const key = keyOf(kind, subject)
      const entry = remembered.get(key)
      if (entry && entry.expiresAt <= now) remembered.delete(key)
      if (entry && entry.expiresAt > now) {
        if (entry.version === version) return true
      } else if (now >= overflowUntil) {
        return true
      }
      return read(key, kind, subject).then((current) => current === version)
    },

    current: async (kind, subject) => (await sources[kind].read(subject)) ?? 0,

    changed(kind, subject) {
      const now = realNow()
      remember(keyOf(kind, subject), undefined, now + windowMs, now)
    },

    reload() {
      const now = realNow()
      remembered.clear()
      reads.clear()
      overflowUntil = now + windowMs
      coverage++
      coveredFrom = now
      lastAttempt = now
    },

    onNotification(payload) {
      if (payload === undefined) {
        coverage++
        coveredFrom = 0
        lastAttempt = 0
        refreshSoon(realNow())
        return
      }
      const colon = payload.indexOf(':')
      const kind = payload.slice(0, colon)
      if (kind === 'citizen' || kind === 'operator') versions.changed(kind, payload.slice(colon + 1))
    },

    async close() {
      running.delete(versions)
      await refreshing
    },
  }
  return versions
}

export { SESSION_VERSIONS_CHANNEL } from './session-versions.repository.js'
