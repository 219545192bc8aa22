import './production-cost.js'
import { execSync } from 'node:child_process'
import pg from 'pg'
import { ADMIN_TOKEN, citizensWithTokens, freezeClock, freshDatabase, serviceEnv } from './harness.js'
import { startService } from './processes.js'

/**
 * npm run bench:replay: 1 April 2020 again. N generated people each submit one application as fast
 * as the service accepts them (503 and network errors are retried with the same Idempotency-Key,
 * as a careful client would), then the database is checked: acknowledged == stored, no duplicates,
 * every application evaluated. Prints the time and the projection to 2,456,101 applications. Then the
 * clock moves to 19 May 2020 and the DL 34 instalment job pays the April instalments: its rate is printed.
 */
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DATABASE = 'inps_replay'
const COUNT = Number(process.env.REPLAY_COUNT ?? 100_000)
const CONCURRENCY = Number(process.env.REPLAY_CONCURRENCY ?? 64)
const NOW = new Date('2020-04-02T15:00:00Z')
const DL34_NOW = new Date('2020-05-19T15:00:00Z')
const FIRST_DAY_TOTAL = 2_456_101

const body = JSON.stringify({
  benefitCode: 'indennita-agricoli',
  payment: { method: 'post_office' },
  declarations: { truthfulness: true, notPensioner: true, noCitizenshipIncome: true },
})

async function main() {
  const databaseUrl = await freshDatabase(ADMIN_URL, DATABASE)
  // Compiled, as it runs in production (and as npm run bench measures it).
  execSync('npm run -s build', { stdio: 'inherit' })
  const service = await startService(
    'dist/src/server.js',
    3200,
    // The evaluation worker runs, as it would on the day.
    serviceEnv(databaseUrl, { JOBS_INTERVAL_MS: '500' }),
    '/health/ready',
  )
  try {
    await freezeClock(service.url, NOW)
    const citizens = await citizensWithTokens(databaseUrl, COUNT, 'REPLAY12', NOW)

    let next = 0
    let acknowledged = 0
    let retries = 0
    const refused = new Map<number, number>()
    const started = Date.now()
    const worker = async () => {
      for (let i = next++; i < citizens.length; i = next++) {
        for (let attempt = 0; ; attempt++) {
          let status: number
          try {
            const res = await fetch(`${service.url}/api/v1/applications`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${citizens[i].token}`,
                'content-type': 'application/json',
                'idempotency-key': `replay-${i}`,
              },
              body,
            })
            status = res.status
            await res.arrayBuffer()
          } catch {
            status = 0
          }
          if (status === 201) {
            acknowledged++
            break
          }
          if ((status === 0 || status >= 500) && attempt < 20) {
            retries++
            await new Promise((r) => setTimeout(r, 50 * (attempt + 1)))
            continue
          }
          refused.set(status, (refused.get(status) ?? 0) + 1)
          break
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    const seconds = (Date.now() - started) / 1000

    console.log('waiting for the evaluation jobs...')
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    for (;;) {
      await fetch(`${service.url}/emulator/jobs/run`, { method: 'POST', headers: { 'x-emulator-token': ADMIN_TOKEN } })
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM applications WHERE status = 'submitted'`)
      if (rows[0].n === 0) break
    }
    const stored = (await client.query('SELECT count(*)::int AS n FROM applications')).rows[0].n
    const duplicates = (
      await client.query(
        'SELECT count(*)::int AS n FROM (SELECT codice_fiscale FROM applications GROUP BY codice_fiscale HAVING count(*) > 1) d',
      )
    ).rows[0].n
    const evaluated = (
      await client.query(`SELECT count(*)::int AS n FROM applications WHERE status IN ('accepted', 'rejected')`)
    ).rows[0].n

    // 19 May 2020 (docs/rules.md §14): the DL 34 job pays every accepted March application its April instalment.
    await freezeClock(service.url, DL34_NOW)
    const accepted = (await client.query(`SELECT count(*)::int AS n FROM applications WHERE status = 'accepted'`))
      .rows[0].n
    const jobStarted = Date.now()
    for (;;) {
      await fetch(`${service.url}/emulator/jobs/run`, { method: 'POST', headers: { 'x-emulator-token': ADMIN_TOKEN } })
      const { rows } = await client.query('SELECT count(*)::int AS n FROM dl34_instalments')
      if (rows[0].n >= accepted) break
    }
    const jobSeconds = (Date.now() - jobStarted) / 1000
    const april = (
      await client.query(
        `SELECT count(*)::int AS n, count(DISTINCT codice_fiscale)::int AS people FROM payments WHERE period = '2020-04'`,
      )
    ).rows[0]
    await client.end()

    const perSecond = Math.round(acknowledged / seconds)
    console.log(
      `\n${COUNT} people, concurrency ${CONCURRENCY}: ${acknowledged} acknowledged in ${seconds.toFixed(1)} s (${perSecond}/s), ${retries} retries, refused: ${JSON.stringify(Object.fromEntries(refused))}`,
    )
    console.log(`database: ${stored} stored, ${duplicates} people with more than one, ${evaluated} evaluated`)
    console.log(
      `projection: ${FIRST_DAY_TOTAL.toLocaleString('en')} applications (1 April to 08:00 on 2 April 2020) in ${(FIRST_DAY_TOTAL / perSecond / 60).toFixed(1)} minutes at this rate`,
    )
    console.log(
      `DL 34 instalment job on 19 May: ${accepted} March beneficiaries in ${jobSeconds.toFixed(1)} s (${Math.round(accepted / Math.max(jobSeconds, 0.001))}/s), ${april.n} April payments for ${april.people} people`,
    )
    const ok =
      acknowledged === stored &&
      duplicates === 0 &&
      evaluated === stored &&
      refused.size === 0 &&
      april.n === accepted &&
      april.people === accepted
    console.log(
      ok
        ? 'CHECK PASSED: acknowledged == stored, no duplicates, every application evaluated, one April instalment per March beneficiary'
        : 'CHECK FAILED',
    )
    process.exitCode = ok ? 0 : 1
  } finally {
    await service.stop()
  }
}

await main()
