import './production-cost.js'
import { execSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import autocannon from 'autocannon'
import {
  ADMIN_URL,
  CEILING_REQUEST,
  CONNECTIONS,
  DURATION,
  loginRequest,
  NOW,
  freezeClock,
  freshDatabase,
  rotating,
  serviceEnv,
  settle,
  submissionRequest,
  peopleLoggedIn,
} from './harness.js'
import { SERVICE_NODE_ARGS, startService } from './processes.js'

/**
 * npm run bench:profile -- <phase>: one phase of `npm run bench` (submissions, duplicates,
 * before-opening, logins, reads) against the compiled service started with --cpu-prof, or `ceiling`: the
 * bench's one-INSERT server under the same load, so that the gap can be read package by package. Writes the
 * V8 profile (open it in Chrome DevTools) and a summary of where the CPU went, by function and by
 * package, to bench/results/profiles/, and prints the summary.
 */
const DATABASE = 'inps_bench_profile'
const PHASES = ['submissions', 'duplicates', 'before-opening', 'logins', 'reads', 'ceiling'] as const
type Phase = (typeof PHASES)[number]

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

/**
 * Self time by function and by package (a node_modules name, the service's own code, or Node and V8),
 * counting only the samples of the last `windowSeconds` before the service stopped (the load: the
 * service stops as soon as the load ends) and leaving out idle time, so startup and seeding weigh nothing.
 */
export function summarise(profile: Profile, windowSeconds: number, top = 30) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const hits = new Map<number, number>()
  let time = profile.startTime
  const from = profile.endTime - windowSeconds * 1e6
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i]
    if (time >= from) hits.set(profile.samples[i], (hits.get(profile.samples[i]) ?? 0) + 1)
  }
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id)
  const byFunction = new Map<string, number>()
  const byPackage = new Map<string, number>()
  // Inclusive time of the service's own functions: where the time of a request goes, callees included.
  const inclusive = new Map<string, number>()
  let busy = 0
  for (const [id, count] of hits) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame
    if (functionName === '(idle)') continue
    busy += count
    const file = url.replace(/^file:\/\//, '')
    const inModules = file.lastIndexOf('node_modules/')
    const pkg =
      inModules >= 0
        ? /^(@[^/]+\/)?[^/]+/.exec(file.slice(inModules + 13))![0]
        : file.includes('/dist/src/')
          ? 'service'
          : file.startsWith('node:')
            ? 'node'
            : `(${functionName || 'native'})`
    const where = inModules >= 0 ? file.slice(inModules + 13) : file.replace(/^.*\/dist\//, '')
    const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`
    byFunction.set(key, (byFunction.get(key) ?? 0) + count)
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + count)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame
      if (!frame.url.includes('/dist/src/')) continue
      const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/dist\//, '')}:${frame.lineNumber + 1}`
      if (seen.has(name)) continue
      seen.add(name)
      inclusive.set(name, (inclusive.get(name) ?? 0) + count)
    }
  }
  const share = (entries: Map<string, number>) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, count]) => ({ name, percentOfBusy: Number(((100 * count) / busy).toFixed(1)) }))
  return {
    busySamples: busy,
    byPackage: share(byPackage),
    byFunction: share(byFunction),
    serviceInclusive: share(inclusive),
  }
}

async function main() {
  const phase = process.argv[2] as Phase
  if (!PHASES.includes(phase)) throw new Error(`usage: npm run bench:profile -- <${PHASES.join('|')}>`)
  const databaseUrl = await freshDatabase(ADMIN_URL, DATABASE)
  execSync('npm run -s build', { stdio: 'inherit' })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const folder = join('bench/results/profiles', `${stamp}-${phase}`)
  mkdirSync(folder, { recursive: true })
  const profiled = ['--cpu-prof', `--cpu-prof-dir=${folder}`]
  const service =
    phase === 'ceiling'
      ? await startService('bench/ceiling-server.ts', 3121, { DATABASE_URL: databaseUrl }, '/nothing', profiled)
      : await startService('dist/src/server.js', 3120, serviceEnv(databaseUrl), '/health/ready', [
          ...SERVICE_NODE_ARGS,
          ...profiled,
        ])
  const run = async (opts: autocannon.Options) => {
    await settle(databaseUrl)
    return autocannon({ duration: DURATION, connections: CONNECTIONS, ...opts })
  }
  let result: autocannon.Result
  try {
    result = phase === 'ceiling' ? await run({ url: `${service.url}/insert`, ...CEILING_REQUEST }) : await loadService()
  } finally {
    await service.stop()
  }

  async function loadService(): Promise<autocannon.Result> {
    // New submissions need a new citizen each: at up to 8,000/s for DURATION seconds.
    const wanted = phase === 'submissions' ? Math.max(40_000, 8000 * DURATION) : 40_000
    const citizens = await peopleLoggedIn(service.url, databaseUrl, Number(process.env.BENCH_CITIZENS ?? wanted))
    if (phase !== 'before-opening') await freezeClock(service.url, NOW)
    if (phase === 'duplicates' || phase === 'reads') {
      // Everyone applies once first, unprofiled work that the phase then repeats or reads.
      await autocannon({
        amount: citizens.length,
        connections: CONNECTIONS,
        url: service.url,
        requests: [submissionRequest(citizens)],
      })
    }
    const result = await run(
      phase === 'logins'
        ? {
            url: service.url,
            connections: 16,
            requests: [loginRequest(citizens)],
          }
        : phase === 'reads'
          ? {
              url: service.url,
              requests: [{ method: 'GET', path: '/api/v1/applications', setupRequest: rotating(citizens, () => ({})) }],
            }
          : { url: service.url, requests: [submissionRequest(citizens)] },
    )
    // A submission phase that ran out of new citizens profiled duplicates as well: not what it says.
    if (phase === 'submissions' && result.non2xx > 0)
      throw new Error(`${result.non2xx} submissions were refused: raise BENCH_CITIZENS (there were ${citizens.length})`)
    return result
  }
  // Node names a profile CPU.<date>.<time>.<pid>.<thread>.<seq>: the main thread is thread 0. The
  // ceiling runs through tsx, whose module loader has a thread (and a profile) of its own.
  const profiles = readdirSync(folder).filter((f) => f.endsWith('.cpuprofile'))
  const written = profiles.find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))
  if (!written) throw new Error(`no main-thread profile was written in ${folder}`)
  for (const other of profiles) if (other !== written) rmSync(join(folder, other))
  renameSync(join(folder, written), join(folder, `${phase}.cpuprofile`))
  const summary = {
    phase,
    requestsPerSecond: Math.round(result.requests.average),
    non2xx: result.non2xx,
    p99Ms: result.latency.p99,
    ...summarise(JSON.parse(readFileSync(join(folder, `${phase}.cpuprofile`), 'utf8')), DURATION),
  }
  writeFileSync(join(folder, 'summary.json'), JSON.stringify(summary, null, 2) + '\n')
  console.log(`${phase}: ${summary.requestsPerSecond} req/s, ${summary.non2xx} non-2xx, p99 ${summary.p99Ms} ms`)
  console.log('\nby package (% of busy time during the load):')
  for (const p of summary.byPackage) console.log(`  ${String(p.percentOfBusy).padStart(5)} %  ${p.name}`)
  console.log('\nby function (self time):')
  for (const f of summary.byFunction) console.log(`  ${String(f.percentOfBusy).padStart(5)} %  ${f.name}`)
  console.log("\nthe service's functions, callees included:")
  for (const f of summary.serviceInclusive) console.log(`  ${String(f.percentOfBusy).padStart(5)} %  ${f.name}`)
  console.log(`\nwritten ${folder}`)
}

await main()
