import './production-cost.js'
import { writeFileSync, mkdirSync } from 'node:fs'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { withDatabase } from '../test/db.js'
import { mintTokens, seedCitizens } from './seed.js'

/**
 * npm run bench:snapshot: how long a snapshot save and restore take with BENCH_APPLICATIONS (100,000)
 * applications on a real Postgres. One application is submitted through the API, then cloned in SQL
 * for every seeded person (one each: the unique constraints hold); the service runs in this process.
 * Prints the figures and writes bench/results/snapshot-<date>.json.
 */
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DATABASE = 'inps_snapshot_bench'
const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 100_000)
const TOKEN = 'bench-admin-token-0123456789'
const NOW = '2020-04-02T17:00:00+02:00'

async function sql(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await client.query(text, values)
  } finally {
    await client.end()
  }
}

async function main() {
  await sql(ADMIN_URL, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`)
  await sql(ADMIN_URL, `CREATE DATABASE ${DATABASE}`)
  const databaseUrl = withDatabase(ADMIN_URL, DATABASE)
  const app = await buildApp(
    loadConfig({
      DATABASE_URL: databaseUrl,
      EMULATOR_ADMIN_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
      JOBS_INTERVAL_MS: '0',
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_SUBJECT: '0',
      DB_STATEMENT_TIMEOUT_MS: '0',
      REQUEST_JOURNAL_ENABLED: 'false',
    }),
  )
  const emulator = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { 'x-emulator-token': TOKEN }, ...(payload ? { payload } : {}) })
  try {
    await emulator('PUT', '/emulator/clock', { now: NOW, frozen: true })
    console.log(`seeding ${APPLICATIONS} people with a PIN...`)
    const people = await seedCitizens(databaseUrl, APPLICATIONS, 0, 'BENCH123', new Date('2020-04-01T00:00:00Z'))
    const [first] = await mintTokens(databaseUrl, [people[0].codiceFiscale], new Date(NOW), 86_400)
    const submitted = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: { authorization: `Bearer ${first.token}` },
      payload: {
        benefitCode: 'indennita-agricoli',
        payment: { method: 'iban', iban: 'IT60X0542811101000000123456' },
        declarations: { truthfulness: true, notPensioner: true, noCitizenshipIncome: true },
      },
    })
    if (submitted.statusCode !== 201) throw new Error(`template submission: ${submitted.statusCode} ${submitted.body}`)
    console.log(`cloning it for ${APPLICATIONS - 1} more people...`)
    await sql(
      databaseUrl,
      `
      INSERT INTO applications
      SELECT (jsonb_populate_record(NULL::applications, to_jsonb(a) || jsonb_build_object(
        'id', gen_random_uuid(), 'codice_fiscale', p.codice_fiscale, 'protocol_number', a.protocol_number || '-' || p.n))).*
      FROM applications a
      CROSS JOIN (SELECT codice_fiscale, row_number() OVER () AS n FROM persons WHERE codice_fiscale <> $1) p`,
      [people[0].codiceFiscale],
    )
    const counts = await sql(
      databaseUrl,
      `SELECT (SELECT count(*) FROM applications)::int AS applications,
      (SELECT sum(n_live_tup) FROM pg_stat_user_tables)::bigint AS rows`,
    )
    await sql(databaseUrl, 'ANALYZE')
    const { applications } = counts.rows[0]

    const timed = async (label: string, run: () => Promise<{ statusCode: number; body: string }>) => {
      const started = performance.now()
      const res = await run()
      const ms = Math.round(performance.now() - started)
      if (res.statusCode >= 300) throw new Error(`${label}: ${res.statusCode} ${res.body}`)
      console.log(`${label}: ${ms} ms`)
      return { ms, body: JSON.parse(res.body) as { size: number } }
    }
    const save = await timed('save', () => emulator('POST', '/emulator/snapshots', { name: 'bench' }))
    // Change something, so that the restore has work beyond the copy.
    await sql(
      databaseUrl,
      `DELETE FROM applications WHERE codice_fiscale IN (SELECT codice_fiscale FROM applications LIMIT 1000)`,
    )
    const restore = await timed('restore', () => emulator('POST', '/emulator/snapshots/bench/restore'))
    const after = (await sql(databaseUrl, 'SELECT count(*)::int AS n FROM applications')).rows[0].n
    if (after !== applications) throw new Error(`restored ${after} applications, expected ${applications}`)
    const rowsInTables = (
      await sql(
        databaseUrl,
        `SELECT sum(n_live_tup)::bigint AS n FROM pg_stat_user_tables WHERE relname NOT LIKE 'emulator_snapshot%'`,
      )
    ).rows[0].n
    const result = {
      date: new Date().toISOString(),
      applications,
      rowsInTables: Number(rowsInTables),
      saveMs: save.ms,
      restoreMs: restore.ms,
      sizeBytes: save.body.size,
    }
    console.log(JSON.stringify(result))
    mkdirSync('bench/results', { recursive: true })
    writeFileSync(`bench/results/snapshot-${result.date.slice(0, 10)}.json`, JSON.stringify(result, null, 2) + '\n')
  } finally {
    await app.close()
    await sql(ADMIN_URL, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`).catch(() => {})
  }
}

await main()
