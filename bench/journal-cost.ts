import './production-cost.js'
import { execSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import autocannon from 'autocannon'
import {
  citizensWithTokens,
  freezeClock,
  freshDatabase,
  serviceEnv,
  settle,
  submissionRequest,
  vacuum,
  median,
} from './harness.js'
import { MAX_KNOWN_APPLICANTS } from '../src/modules/application/known-applications.js'
import { postgresCpuSeconds, startService, type Service } from './processes.js'

/**
 * npm run bench:journal: what the request journal costs new submissions. Two instances of the
 * compiled service share one Postgres, one with the journal on and one with it off; rounds of
 * submissions at full speed alternate between them (on/off, then off/on, ...), so that a machine
 * that drifts during the run weighs on both alike; then the same for duplicate submissions (409).
 * Each kind starts with a warm-up round on each instance, not counted. Prints each round, the medians
 * and the costs (in requests a second and in CPU per request), and writes bench/results/journal-<date>.json. Every
 * round must give only the answer it measures: a submission round that ran out of new citizens would
 * count duplicates as submissions, so it fails the run.
 */
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DATABASE = 'inps_bench_journal'
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
// Enough new citizens for every submission round at up to 8,000/s.
const CITIZENS = Number(process.env.BENCH_CITIZENS ?? ROUNDS * 2 * SECONDS * 8000)
const NOW = new Date('2020-04-02T15:00:00Z') // 17:00 in Rome: citizens' window

interface Round {
  kind: 'submission' | 'duplicate'
  journal: 'on' | 'off'
  requestsPerSecond: number
  p99Ms: number
  /** Answers other than 201 for a submission, 409 for a duplicate. */
  unexpected: number
  /**
   * CPU per answered request, in µs, of the instance measured and of Postgres (the other instance is
   * idle): the journal's cost shows here even when the machine's speed drifts between rounds.
   */
  cpuUsPerRequest: { service: number; postgres: number }
}

async function main() {
  const databaseUrl = await freshDatabase(ADMIN_URL, DATABASE)
  const env = (journal: boolean) => serviceEnv(databaseUrl, { REQUEST_JOURNAL_ENABLED: String(journal) })
  const services: Service[] = []
  try {
    execSync('npm run -s build', { stdio: 'inherit' })
    // BENCH_CPU_PROF=<folder>: the instance with the journal writes a V8 CPU profile there when it stops.
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
    const on = await startService('dist/src/server.js', 3110, env(true), '/health/ready', profile)
    services.push(on)
    const off = await startService('dist/src/server.js', 3111, env(false), '/health/ready')
    services.push(off)
    // One clock for both: it lives in the shared database.
    await freezeClock(on.url, NOW)
    const citizens = await citizensWithTokens(databaseUrl, CITIZENS, 'BENCH123', NOW)
    await vacuum(databaseUrl)
    // Each kind starts with an unmeasured round on each instance: the rounds would otherwise climb as
    // the instances warm (V8's compiler, the applicants each one has seen), which weighs on whichever goes first.
    const share = Math.floor(citizens.length / (2 * ROUNDS + 2))
    const rounds: Round[] = []
    // Who has applied through each instance: the first citizens of each submission round's share, as many
    // as it answered. An instance's duplicates are its newest applicants: it remembers them
    // (known-applications.ts, the newest MAX_KNOWN_APPLICANTS) and refuses them without a round trip,
    // where others are refused after one, which would weigh on whichever instance knew fewer.
    const applied = { on: [] as typeof citizens, off: [] as typeof citizens }
    // Submissions by new citizens (201), then the same citizens again (409 DUPLICATE_APPLICATION): a
    // refusal is cheap, so what the journal adds to each request weighs more on it.
    for (const kind of ['submission', 'duplicate'] as const) {
      // The applications just written are read for the first time by the duplicates, which would set
      // their hint bits (a write) in the first rounds only: done now, for both instances alike.
      if (kind === 'duplicate') await vacuum(databaseUrl)
      for (let r = -2; r < 2 * ROUNDS; r++) {
        const warmUp = r < 0
        // on, off | off, on | on, off ...: each pair starts with the other service than the last.
        const journal = (r % 2 === 0) === (Math.floor(r / 2) % 2 === 0) ? 'on' : 'off'
        // The submissions' citizens: a share of their own for every round, warm-ups included.
        const slot = r + 2
        const service = journal === 'on' ? on : off
        await settle(databaseUrl)
        const [serviceBefore, postgresBefore] = [service.cpuSeconds(), postgresCpuSeconds()]
        const result = await autocannon({
          url: service.url,
          duration: SECONDS,
          connections: CONNECTIONS,
          requests: [
            submissionRequest(
              kind === 'submission'
                ? citizens.slice(slot * share, (slot + 1) * share)
                : applied[journal].slice(-MAX_KNOWN_APPLICANTS / 2),
            ),
          ],
        })
        const expected = kind === 'submission' ? '201' : '409'
        // The instance's last batch is written within a flush interval of the load's end: wait for it.
        await new Promise((resolve) => setTimeout(resolve, 500))
        const perRequest = (seconds: number) => Math.round((seconds * 1e6) / Math.max(1, result.requests.total))
        const round: Round = {
          kind,
          journal,
          requestsPerSecond: Math.round(result.requests.average),
          p99Ms: result.latency.p99,
          unexpected: result.requests.total - (result.statusCodeStats?.[expected]?.count ?? 0),
          cpuUsPerRequest: {
            service: perRequest(service.cpuSeconds() - serviceBefore),
            postgres: perRequest(postgresCpuSeconds() - postgresBefore),
          },
        }
        console.log(
          `${kind} ${warmUp ? 'warm-up' : `round ${r + 1}`}: journal ${journal}, ${round.requestsPerSecond}/s, p99 ${round.p99Ms} ms, ` +
            `CPU per request ${round.cpuUsPerRequest.service} µs service, ${round.cpuUsPerRequest.postgres} µs Postgres`,
        )
        if (!warmUp) rounds.push(round)
        if (kind === 'submission')
          applied[journal].push(...citizens.slice(slot * share, slot * share + result.requests.total))
        if (round.unexpected > 0)
          throw new Error(
            `${round.unexpected} answers were not ${expected}: raise BENCH_CITIZENS (each round had ${share})`,
          )
      }
    }
    const medianOf = (kind: Round['kind'], journal: Round['journal'], figure: (r: Round) => number) =>
      median(rounds.filter((r) => r.kind === kind && r.journal === journal).map(figure))
    const rate = (kind: Round['kind'], journal: Round['journal']) => medianOf(kind, journal, (r) => r.requestsPerSecond)
    const cpu = (kind: Round['kind'], journal: Round['journal']) => ({
      service: medianOf(kind, journal, (r) => r.cpuUsPerRequest.service),
      postgres: medianOf(kind, journal, (r) => r.cpuUsPerRequest.postgres),
    })
    const costs = Object.fromEntries(
      (['submission', 'duplicate'] as const).map((kind) => {
        const [withJournal, withoutJournal] = [rate(kind, 'on'), rate(kind, 'off')]
        const costPercent = Math.round((1 - withJournal / withoutJournal) * 1000) / 10
        const [cpuWith, cpuWithout] = [cpu(kind, 'on'), cpu(kind, 'off')]
        // The same cost in CPU (service and Postgres): steadier than the rates when the machine drifts.
        const cpuCostPercent =
          Math.round(((cpuWith.service + cpuWith.postgres) / (cpuWithout.service + cpuWithout.postgres) - 1) * 1000) /
          10
        console.log(
          `${kind}s/s, median of ${ROUNDS} rounds: journal on ${withJournal}, off ${withoutJournal}: the journal costs ${costPercent} %; ` +
            `CPU per request (service + Postgres) on ${cpuWith.service} + ${cpuWith.postgres} µs, off ${cpuWithout.service} + ${cpuWithout.postgres} µs: ${cpuCostPercent} %`,
        )
        return [
          kind,
          {
            withJournal,
            withoutJournal,
            costPercent,
            cpuUsPerRequest: { on: cpuWith, off: cpuWithout },
            cpuCostPercent,
          },
        ]
      }),
    )
    mkdirSync('bench/results', { recursive: true })
    const file = `bench/results/journal-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
    writeFileSync(
      file,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          cpuCount: cpus().length,
          node: process.version,
          secondsPerRound: SECONDS,
          connections: CONNECTIONS,
          rounds,
          medians: costs,
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
