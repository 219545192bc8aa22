import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface Service {
  child: ChildProcess
  url: string
  /** Highest resident set size the process reached so far (VmHWM), in MB. */
  peakRssMb(): number
  stop(): Promise<void>
}

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
): Promise<Service> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, ...(entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry])],
    {
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`)
    try {
      if ((await fetch(url + readyPath)).status < 500) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${entry} did not start in 60 s`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    child,
    url,
    peakRssMb: () => {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
      return match ? Math.round(Number(match[1]) / 1024) : NaN
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
