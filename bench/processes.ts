import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/**
 * How production starts the service (the Dockerfile's CMD, `npm start`): the old generation of V8's
 * heap is held to 256 MB, so an instance stays near 300 MB of RSS (docs/running-at-scale.md).
 * test/architecture/memory-budget.test.ts checks the three agree.
 */
export const SERVICE_NODE_ARGS = ['--max-old-space-size=256']

/** Linux clock ticks per second (getconf CLK_TCK), the unit of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = 100

/** User and system CPU seconds in a /proc stat file (of a process: all its threads; of a task: that thread). */
function cpuSecondsIn(statFile: string): number {
  const fields = readFileSync(statFile, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}

/** User and system CPU seconds a process has used so far, all its threads (the libuv pool included). */
export const cpuSecondsOf = (pid: number): number => cpuSecondsIn(`/proc/${pid}/stat`)

/**
 * The CPU seconds of every postgres process of this machine, those that have ended included (the
 * postmaster's children's times): the database's share of a phase.
 */
export function postgresCpuSeconds(): number {
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')
      // utime, stime, then cutime and cstime: the time of its children that have ended.
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS
    } catch {
      // the process ended while we read
    }
  }
  return total
}

/** Busy and idle CPU seconds of the whole machine, all CPUs together. */
export interface MachineCpu {
  busy: number
  idle: number
}

/**
 * The whole machine's CPU seconds so far (/proc/stat), or since `before` (an earlier reading): busy (user,
 * nice, system, irq, softirq) and idle (idle, iowait). Time the hypervisor took (steal) is neither.
 */
export function machineCpuSeconds(before: MachineCpu = { busy: 0, idle: 0 }): MachineCpu {
  const [user, nice, system, idle, iowait, irq, softirq] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number)
  return {
    busy: (user + nice + system + irq + softirq) / CLOCK_TICKS - before.busy,
    idle: (idle + iowait) / CLOCK_TICKS - before.idle,
  }
}

/** The share of the machine's CPU time left idle, in percent, over one or more stretches. */
export function idlePercent(stretches: MachineCpu[]): number {
  const idle = stretches.reduce((sum, m) => sum + m.idle, 0)
  return Math.round((100 * idle) / (idle + stretches.reduce((sum, m) => sum + m.busy, 0)))
}

export interface Service {
  child: ChildProcess
  url: string
  /** Highest resident set size the process reached so far (VmHWM), in MB. */
  peakRssMb(): number
  /** CPU seconds used so far. */
  cpuSeconds(): number
  /** CPU seconds of the main thread (the event loop) alone: the rest is libuv's pool (argon2) and V8's helpers. */
  mainThreadCpuSeconds(): number
  stop(): Promise<void>
}

/** Service processes still running: killed when this process exits, so none outlives a failed test or bench. */
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/**
 * Starts an entry point as its own process (the load generator must not share its event loop):
 * TypeScript through tsx, or compiled JavaScript (dist/) as it runs in production.
 */
export async function startService(
  entry: string,
  port: number,
  env: Record<string, string>,
  readyPath: string,
  nodeArgs: string[] = [],
  startTimeoutMs = 60_000,
): Promise<Service> {
  // stderr goes through a pipe of ours, not the inherited descriptor: a process that survived its
  // parent (killed by a test timeout) would otherwise hold the runner's output open and hang CI.
  const child = spawn(
    process.execPath,
    [...nodeArgs, ...(entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry])],
    {
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  running.add(child)
  child.once('exit', () => running.delete(child))
  child.stderr!.pipe(process.stderr, { end: false })
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + startTimeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`)
    try {
      if ((await fetch(url + readyPath)).status < 500) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`${entry} did not start in ${startTimeoutMs} ms`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    child,
    url,
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    mainThreadCpuSeconds: () => cpuSecondsIn(`/proc/${child.pid}/task/${child.pid}/stat`),
    peakRssMb: () => {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
      return match ? Math.round(Number(match[1]) / 1024) : NaN
    },
    stop,
  }
}
