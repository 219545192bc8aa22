import './production-cost.js'
import { execSync } from 'node:child_process'
import pg from 'pg'
import { ADMIN_TOKEN, citizensWithTokens, freezeClock, freshDatabase, serviceEnv } from './harness.js'
import { startService } from './processes.js'
import { mintTokens, seedCitizens, type Citizen } from './seed.js'

/**
 * npm run bench:replay: 2020 again, 1 April to 31 December (docs/benefits-over-time.md). N generated
 * people each submit one March application as fast as the service accepts them (503 and network errors
 * are retried with the same Idempotency-Key, as a careful client would), then the database is checked:
 * acknowledged == stored, no duplicates, every application evaluated; the time is projected to
 * 2,456,101 applications. On 19 May the DL 34 instalment job pays their April. Then N more people live
 * the rest of the year: half apply as DL 34 new categories (20 May), half as domestic workers (2 June);
 * on 28 October DL 104 pays the first half without an application, on 29 October the second half
 * applies for it; on 27 November the Ristori one-off is paid to all of them without an application; on
 * 31 December every payment must have gone out, each once.
 */
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DATABASE = 'inps_replay'
const COUNT = Number(process.env.REPLAY_COUNT ?? 100_000)
const CONCURRENCY = Number(process.env.REPLAY_CONCURRENCY ?? 64)
const NOW = new Date('2020-04-02T15:00:00Z')
const DL34_NOW = new Date('2020-05-19T15:00:00Z')
const FIRST_DAY_TOTAL = 2_456_101
/** Each later phase at 17:00 Rome, outside the intermediaries' window. */
const at = (day: string, summer: boolean) => new Date(`${day}T${summer ? '15' : '16'}:00:00Z`)

const body = (benefitCode: string, declarations: Record<string, boolean>) =>
  JSON.stringify({ benefitCode, payment: { method: 'post_office' }, declarations })
const MARCH_BODY = body('indennita-agricoli', { truthfulness: true, notPensioner: true, noCitizenshipIncome: true })
const ONE_OFF = { truthfulness: true, notPensioner: true, notEmployed: true }

interface Submitted {
  acknowledged: number
  retries: number
  refused: Map<number, number>
  seconds: number
}

/** Every citizen submits the body once, CONCURRENCY at a time, retrying 503 and network errors with the same key. */
async function submitAll(url: string, citizens: Citizen[], payload: string, keyPrefix: string): Promise<Submitted> {
  let next = 0
  const result: Submitted = { acknowledged: 0, retries: 0, refused: new Map(), seconds: 0 }
  const started = Date.now()
  const worker = async () => {
    for (let i = next++; i < citizens.length; i = next++) {
      for (let attempt = 0; ; attempt++) {
        let status: number
        try {
          const res = await fetch(`${url}/api/v1/applications`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${citizens[i].token}`,
              'content-type': 'application/json',
              'idempotency-key': `${keyPrefix}-${i}`,
            },
            body: payload,
          })
          status = res.status
          await res.arrayBuffer()
        } catch {
          status = 0
        }
        if (status === 201) {
          result.acknowledged++
          break
        }
        if ((status === 0 || status >= 500) && attempt < 20) {
          result.retries++
          await new Promise((r) => setTimeout(r, 50 * (attempt + 1)))
          continue
        }
        result.refused.set(status, (result.refused.get(status) ?? 0) + 1)
        break
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  result.seconds = (Date.now() - started) / 1000
  return result
}

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
  const client = new pg.Client({ connectionString: databaseUrl })
  const count = async (query: string, params: unknown[] = []) => (await client.query(query, params)).rows[0].n as number
  const runJobs = () =>
    fetch(`${service.url}/emulator/jobs/run`, { method: 'POST', headers: { 'x-emulator-token': ADMIN_TOKEN } })
  /** Runs the jobs until the check holds; returns the seconds it took. */
  async function until(label: string, done: () => Promise<boolean>): Promise<number> {
    const started = Date.now()
    for (let runs = 0; !(await done()); runs++) {
      if (runs > 10_000) throw new Error(`${label}: never done`)
      await runJobs()
    }
    return (Date.now() - started) / 1000
  }
  const allEvaluated = async () =>
    (await count(`SELECT count(*)::int AS n FROM applications WHERE status = 'submitted'`)) === 0
  const ledgerRows = (payingBenefit: string) =>
    count('SELECT count(*)::int AS n FROM dl34_instalments WHERE paying_benefit_code = $1', [payingBenefit])
  const paymentsOf = async (benefitCode: string) =>
    (
      await client.query(
        'SELECT count(*)::int AS n, count(DISTINCT codice_fiscale)::int AS people FROM payments WHERE benefit_code = $1',
        [benefitCode],
      )
    ).rows[0] as { n: number; people: number }
  const acceptedOf = (benefitCode: string) =>
    count(`SELECT count(*)::int AS n FROM applications WHERE benefit_code = $1 AND status = 'accepted'`, [benefitCode])
  const rate = (n: number, seconds: number) =>
    `${n} in ${seconds.toFixed(1)} s (${Math.round(n / Math.max(seconds, 0.001))}/s)`
  try {
    await freezeClock(service.url, NOW)
    const citizens = await citizensWithTokens(databaseUrl, COUNT, 'REPLAY12', NOW)
    const march = await submitAll(service.url, citizens, MARCH_BODY, 'replay')
    await client.connect()
    console.log('waiting for the evaluation jobs...')
    await until('March evaluation', allEvaluated)
    const stored = await count('SELECT count(*)::int AS n FROM applications')
    const duplicates = await count(
      'SELECT count(*)::int AS n FROM (SELECT codice_fiscale FROM applications GROUP BY codice_fiscale HAVING count(*) > 1) d',
    )
    const evaluated = await count(
      `SELECT count(*)::int AS n FROM applications WHERE status IN ('accepted', 'rejected')`,
    )

    // 19 May 2020 (docs/rules.md §14): the DL 34 job pays every accepted March application its April instalment.
    await freezeClock(service.url, DL34_NOW)
    const accepted = await acceptedOf('indennita-agricoli')
    const jobSeconds = await until('April', async () => (await ledgerRows('indennita-agricoli')) >= accepted)
    const april = (
      await client.query(
        `SELECT count(*)::int AS n, count(DISTINCT codice_fiscale)::int AS people FROM payments WHERE period = '2020-04'`,
      )
    ).rows[0]

    // The rest of 2020: N more people, new categories (first half) and domestic workers (second half).
    const later = await seedCitizens(databaseUrl, COUNT, COUNT, 'REPLAY12', new Date('2020-04-01T00:00:00Z'))
    const half = Math.floor(COUNT / 2)
    const categories = later.slice(0, half).map((p) => p.codiceFiscale)
    const domestic = later.slice(half).map((p) => p.codiceFiscale)
    await client.query(
      `UPDATE persons SET positions = '{"intermittent":{"daysWorked":40}}' WHERE codice_fiscale = ANY($1)`,
      [categories],
    )
    await client.query(
      `UPDATE persons SET positions = '{"intermittent":{"daysWorked":40},"domestic":{"hoursPerWeek":20,"cohabiting":false,"since":"2018-01-01"}}' WHERE codice_fiscale = ANY($1)`,
      [domestic],
    )
    const phase = async (day: Date, cfs: string[], payload: string, key: string) => {
      await freezeClock(service.url, day)
      const submitted = await submitAll(service.url, await mintTokens(databaseUrl, cfs, day, 86400), payload, key)
      await until(key, allEvaluated)
      return submitted
    }
    const c8 = await phase(at('2020-05-20', true), categories, body('indennita-nuove-categorie', ONE_OFF), 'c8')
    const ld = await phase(
      at('2020-06-02', true),
      domestic,
      body('indennita-lavoratori-domestici', { truthfulness: true, notPensioner: true, notCohabiting: true }),
      'ld',
    )
    await freezeClock(service.url, at('2020-10-28', false))
    const dl104Seconds = await until(
      'DL 104 automatic',
      async () => (await paymentsOf('indennita-dl104')).n >= categories.length,
    )
    const dl104Applied = await phase(at('2020-10-29', false), domestic, body('indennita-dl104', ONE_OFF), 'dl104')
    await freezeClock(service.url, at('2020-11-27', false))
    const ristoriSeconds = await until(
      'Ristori automatic',
      async () => (await paymentsOf('indennita-ristori')).n >= COUNT,
    )
    await freezeClock(service.url, at('2020-12-31', false))
    await runJobs()
    const unpaid = await count(`SELECT count(*)::int AS n FROM payments WHERE status <> 'paid'`)
    const dl104 = await paymentsOf('indennita-dl104')
    const ristori = await paymentsOf('indennita-ristori')
    const domesticPaid = await paymentsOf('indennita-lavoratori-domestici')
    const c8Accepted = await acceptedOf('indennita-nuove-categorie')
    const ldAccepted = await acceptedOf('indennita-lavoratori-domestici')
    const dl104Accepted = await acceptedOf('indennita-dl104')

    const perSecond = Math.round(march.acknowledged / march.seconds)
    console.log(
      `\n${COUNT} people, concurrency ${CONCURRENCY}: ${march.acknowledged} acknowledged in ${march.seconds.toFixed(1)} s (${perSecond}/s), ${march.retries} retries, refused: ${JSON.stringify(Object.fromEntries(march.refused))}`,
    )
    console.log(`database: ${stored} stored, ${duplicates} people with more than one, ${evaluated} evaluated`)
    console.log(
      `projection: ${FIRST_DAY_TOTAL.toLocaleString('en')} applications (1 April to 08:00 on 2 April 2020) in ${(FIRST_DAY_TOTAL / perSecond / 60).toFixed(1)} minutes at this rate`,
    )
    console.log(
      `DL 34 instalment job on 19 May: ${accepted} March beneficiaries, ${rate(accepted, jobSeconds)}, ${april.n} April payments for ${april.people} people`,
    )
    console.log(
      `20 May, new categories: ${c8.acknowledged} submitted in ${c8.seconds.toFixed(1)} s, ${c8Accepted} accepted; 2 June, domestic workers: ${ld.acknowledged} in ${ld.seconds.toFixed(1)} s, ${ldAccepted} accepted, ${domesticPaid.n} payments`,
    )
    console.log(
      `28 October, DL 104 without application: ${rate(categories.length, dl104Seconds)}; 29 October, ${dl104Applied.acknowledged} applications, ${dl104Accepted} accepted; ${dl104.n} DL 104 payments for ${dl104.people} people`,
    )
    console.log(
      `27 November, Ristori without application: ${rate(COUNT, ristoriSeconds)}, ${ristori.n} payments for ${ristori.people} people; 31 December: ${unpaid} payments not paid`,
    )
    const refusedLater = [c8, ld, dl104Applied].some((s) => s.refused.size > 0)
    const ok =
      march.acknowledged === stored &&
      duplicates === 0 &&
      evaluated === stored &&
      march.refused.size === 0 &&
      april.n === accepted &&
      april.people === accepted &&
      !refusedLater &&
      c8Accepted === categories.length &&
      ldAccepted === domestic.length &&
      domesticPaid.n === 2 * domestic.length &&
      dl104Accepted === domestic.length &&
      dl104.n === COUNT &&
      dl104.people === COUNT &&
      ristori.n === COUNT &&
      ristori.people === COUNT &&
      unpaid === 0
    console.log(
      ok
        ? 'CHECK PASSED: acknowledged == stored, no duplicates, every application evaluated, one April instalment per March beneficiary, one DL 104 and one Ristori payment per later beneficiary, everything paid by 31 December'
        : 'CHECK FAILED',
    )
    process.exitCode = ok ? 0 : 1
  } finally {
    await client.end().catch(() => undefined)
    await service.stop()
  }
}

await main()
