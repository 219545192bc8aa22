import './production-cost.js'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import autocannon from 'autocannon'
import {
  citizensWithTokens,
  freezeClock,
  freshDatabase,
  loginRequest,
  rotating,
  serviceEnv,
  settle,
  submissionRequest,
  vacuum,
  median,
} from './harness.js'
import type { Citizen } from './seed.js'
import {
  idlePercent,
  machineCpuSeconds,
  postgresCpuSeconds,
  SERVICE_NODE_ARGS,
  startService,
  type Service,
} from './processes.js'

/**
 * npm run bench:compare -- <a/dist/src/server.js> <b/dist/src/server.js>: two builds of the service
 * (say, a commit and the change after it, each built in its own worktree), each on a database of its own
 * in one Postgres, rounds at full speed alternating between them (a, b, then b, a, ...) so that a machine
 * that drifts during the run weighs on both alike. Each starts with an unmeasured round. A round is new
 * submissions, or with BENCH_PHASE=reads each person's list of their own applications, or with
 * BENCH_PHASE=duplicates the same application again (409), both after one submission each, unmeasured, or
 * with BENCH_PHASE=logins PIN logins (16 connections, as in npm run bench).
 * Prints each round, the medians (requests a second and CPU per request) and each service's peak RSS, and writes
 * bench/results/compare-<date>.json: a back-to-back figure for a claim that a change made that path faster.
 */
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DATABASE = 'inps_bench_compare'
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
// Each phase's answer: any other fails the round.
const EXPECTED = { submissions: '201', reads: '200', duplicates: '409', logins: '200' } as const
// BENCH_NODE_ARGS_B: Node flags for build b alone, to weigh a runtime setting on one build given twice.
const NODE_ARGS_B = (process.env.BENCH_NODE_ARGS_B ?? '').split(' ').filter(Boolean)
// BENCH_ENV_B: settings for build b alone ("NAME=value NAME=value"), to weigh a setting the same way.
const ENV_B: Record<string, string> = Object.fromEntries(
  (process.env.BENCH_ENV_B ?? '')
    .split(' ')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=')
      if (at < 1) throw new Error(`BENCH_ENV_B takes NAME=value pairs, not "${pair}"`)
      return [pair.slice(0, at), pair.slice(at + 1)]
    }),
)
const PHASE = (process.env.BENCH_PHASE ?? 'submissions') as keyof typeof EXPECTED
if (!(PHASE in EXPECTED)) throw new Error('BENCH_PHASE is submissions, reads, duplicates or logins')
// Those who applied before the round: reads and duplicates ask for the same people again.
const APPLIED_FIRST = PHASE === 'reads' || PHASE === 'duplicates'
// Enough new citizens for every round of submissions at up to 8,000/s; logins ask again for the same few.
const PER_ROUND = { submissions: SECONDS * 8000, reads: 10_000, duplicates: 10_000, logins: 1000 }[PHASE]
const CITIZENS = Number(process.env.BENCH_CITIZENS ?? (ROUNDS + 1) * 2 * PER_ROUND)
// Logins as npm run bench sends them: fewer connections, each waiting on argon2.
const PHASE_CONNECTIONS = PHASE === 'logins' ? Math.min(CONNECTIONS, 16) : CONNECTIONS
const NOW = new Date('2020-04-02T15:00:00Z') // 17:00 in Rome: citizens' window

/** GET /api/v1/applications by each citizen in turn: their own list. */
const listRequest = (citizens: Citizen[]): autocannon.Request => ({
  method: 'GET',
  path: '/api/v1/applications',
  setupRequest: rotating(citizens, () => ({})),
})

const ROUND_REQUEST: Record<typeof PHASE, (citizens: Citizen[]) => autocannon.Request> = {
  submissions: (citizens) => submissionRequest(citizens),
  duplicates: (citizens) => submissionRequest(citizens),
  reads: listRequest,
  logins: loginRequest,
}

interface Round {
  build: 'a' | 'b'
  requestsPerSecond: number
  p99Ms: number
  cpuUsPerRequest: { service: number; postgres: number }
  /** Share of the machine's CPU time left idle during the round (a round that waits leaves CPUs idle). */
  machineIdlePercent: number
}

async function main() {
  const [serverA, serverB] = process.argv.slice(2)
  if (!serverA || !serverB)
    throw new Error('usage: npm run bench:compare -- <a/dist/src/server.js> <b/dist/src/server.js>')
  const services: Service[] = []
  try {
    // A database each, so that builds whose migrations differ can be compared; the same people in both.
    const setUp = async (build: 'a' | 'b', entry: string, port: number) => {
      const databaseUrl = await freshDatabase(ADMIN_URL, `${DATABASE}_${build}`)
      const nodeArgs = build === 'b' ? [...SERVICE_NODE_ARGS, ...NODE_ARGS_B] : SERVICE_NODE_ARGS
      const env = build === 'b' ? { ...serviceEnv(databaseUrl), ...ENV_B } : serviceEnv(databaseUrl)
      const service = await startService(entry, port, env, '/health/ready', nodeArgs)
      services.push(service)
      await freezeClock(service.url, NOW)
      const citizens = await citizensWithTokens(databaseUrl, CITIZENS, 'BENCH123', NOW)
      await vacuum(databaseUrl)
      return { service, databaseUrl, citizens }
    }
    const a = await setUp('a', serverA, 3120)
    const b = await setUp('b', serverB, 3121)
    const share = Math.floor(CITIZENS / (2 * ROUNDS + 2))
    const rounds: Round[] = []
    for (let r = -2; r < 2 * ROUNDS; r++) {
      const build = (r % 2 === 0) === (Math.floor(r / 2) % 2 === 0) ? 'a' : 'b'
      const { service, databaseUrl, citizens } = build === 'a' ? a : b
      const slot = r + 2
      const mine = citizens.slice(slot * share, (slot + 1) * share)
      // Each token once through the service first, as a login would have issued it: an instance checks
      // a token's ES256 signature once and remembers it, and that first check would otherwise dwarf the
      // submission measured.
      await autocannon({
        url: service.url,
        amount: mine.length,
        connections: CONNECTIONS,
        requests: [listRequest(mine)],
      })
      if (APPLIED_FIRST)
        await autocannon({
          url: service.url,
          amount: mine.length,
          connections: CONNECTIONS,
          requests: [submissionRequest(mine)],
        })
      await settle(databaseUrl)
      const [serviceBefore, postgresBefore, machineBefore] = [
        service.cpuSeconds(),
        postgresCpuSeconds(),
        machineCpuSeconds(),
      ]
      const result = await autocannon({
        url: service.url,
        duration: SECONDS,
        connections: PHASE_CONNECTIONS,
        requests: [ROUND_REQUEST[PHASE](mine)],
      })
      const machine = machineCpuSeconds(machineBefore)
      await new Promise((resolve) => setTimeout(resolve, 500))
      const perRequest = (seconds: number) => Math.round((seconds * 1e6) / Math.max(1, result.requests.total))
      const round: Round = {
        build,
        requestsPerSecond: Math.round(result.requests.average),
        p99Ms: result.latency.p99,
        cpuUsPerRequest: {
          service: perRequest(service.cpuSeconds() - serviceBefore),
          postgres: perRequest(postgresCpuSeconds() - postgresBefore),
        },
        machineIdlePercent: idlePercent([machine]),
      }
      const expected = EXPECTED[PHASE]
      const unexpected = result.requests.total - (result.statusCodeStats?.[expected]?.count ?? 0)
      console.log(
        `${r < 0 ? 'warm-up' : `round ${r + 1}`}: ${build}, ${round.requestsPerSecond}/s, p99 ${round.p99Ms} ms, ` +
          `CPU per request ${round.cpuUsPerRequest.service} µs service, ${round.cpuUsPerRequest.postgres} µs Postgres, machine idle ${round.machineIdlePercent} %`,
      )
      if (unexpected > 0)
        throw new Error(`${unexpected} answers were not ${expected}: raise BENCH_CITIZENS (each round had ${share})`)
      if (r >= 0) rounds.push(round)
    }
    const medians = Object.fromEntries(
      (['a', 'b'] as const).map((build) => {
        const mine = rounds.filter((r) => r.build === build)
        return [
          build,
          {
            requestsPerSecond: median(mine.map((r) => r.requestsPerSecond)),
            cpuUsPerRequest: {
              service: median(mine.map((r) => r.cpuUsPerRequest.service)),
              postgres: median(mine.map((r) => r.cpuUsPerRequest.postgres)),
            },
            machineIdlePercent: median(mine.map((r) => r.machineIdlePercent)),
          },
        ]
      }),
    )
    const change = Math.round((medians.b.requestsPerSecond / medians.a.requestsPerSecond - 1) * 1000) / 10
    const peakRssMb = { a: a.service.peakRssMb(), b: b.service.peakRssMb() }
    console.log(
      `${PHASE}/s, median of ${ROUNDS} rounds: a ${medians.a.requestsPerSecond} (${medians.a.cpuUsPerRequest.service} + ${medians.a.cpuUsPerRequest.postgres} µs), ` +
        `b ${medians.b.requestsPerSecond} (${medians.b.cpuUsPerRequest.service} + ${medians.b.cpuUsPerRequest.postgres} µs); machine idle a ${medians.a.machineIdlePercent} %, b ${medians.b.machineIdlePercent} %: b is ${change >= 0 ? '+' : ''}${change} %; ` +
        `peak RSS a ${peakRssMb.a} MB, b ${peakRssMb.b} MB`,
    )
    mkdirSync('bench/results', { recursive: true })
    const file = `bench/results/compare-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
    writeFileSync(
      file,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          cpuCount: cpus().length,
          node: process.version,
          builds: { a: serverA, b: serverB },
          phase: PHASE,
          nodeArgsB: NODE_ARGS_B,
          envB: ENV_B,
          secondsPerRound: SECONDS,
          connections: CONNECTIONS,
          rounds,
          medians,
          peakRssMb,
          changePercent: change,
        },
        null,
        2,
      ),
    )
    console.log(`written ${file}`)
  } finally {
    for (const service of services) await service.stop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
