import t from 'tap'
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { startService } from '../../bench/processes.js'
import { SERVER_ENTRY } from '../root.js'
import { freePorts } from '../free-port.js'
import { mintTokens, seedCitizens, type Citizen } from '../../bench/seed.js'

// A throwaway cluster that this test creates, restarts and removes: never the machine's own server.
const BIN = '/usr/lib/postgresql/15/bin'
if (!process.env.DATABASE_URL) {
  t.plan(0, 'needs real Postgres: the embedded PGlite run has no server to restart')
} else if (!existsSync(join(BIN, 'initdb'))) {
  t.plan(0, `no initdb in ${BIN}`)
} else {
  const dir = mkdtempSync(join(tmpdir(), 'inps-pg-'))
  chownSync(
    dir,
    Number(execFileSync('id', ['-u', 'postgres']).toString()),
    Number(execFileSync('id', ['-g', 'postgres']).toString()),
  )
  const [port, servicePort] = await freePorts(2)
  // initdb refuses to run as root: the cluster belongs to the postgres user.
  const asPostgres = (command: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(BIN, command), ...args], { stdio: 'pipe', timeout: 60_000 })
  const pgCtl = (...args: string[]) => asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'log'), ...args])
  asPostgres('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8'])
  pgCtl('-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-w', 'start')
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` })
  await admin.connect()
  await admin.query('CREATE DATABASE inps')
  await admin.end()
  const databaseUrl = `postgres://postgres@127.0.0.1:${port}/inps`
  const TOKEN = 'restart-admin-token-0123456789'
  const service = await startService(
    SERVER_ENTRY,
    servicePort,
    {
      DATABASE_URL: databaseUrl,
      EMULATOR_ADMIN_TOKEN: TOKEN,
      LOG_LEVEL: 'error',
      JOBS_INTERVAL_MS: '0',
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_SUBJECT: '0',
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
      ACCESS_TOKEN_TTL_SECONDS: '86400',
    },
    '/health/ready',
  )
  t.teardown(async () => {
    await service.stop()
    try {
      pgCtl('-m', 'immediate', 'stop')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  t.test('Postgres restarted mid-load: every acknowledged application is stored exactly once', async (t) => {
    const NOW = new Date('2020-04-02T15:00:00Z')
    await fetch(`${service.url}/emulator/clock`, {
      method: 'PUT',
      headers: { 'x-emulator-token': TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ now: NOW.toISOString(), frozen: true }),
    })
    const people = await seedCitizens(databaseUrl, 300, 800_000, 'RESTART1', new Date('2020-04-01T00:00:00Z'))
    const crowd: Citizen[] = await mintTokens(
      databaseUrl,
      people.map((p) => p.codiceFiscale),
      NOW,
      86400,
    )
    const body = JSON.stringify({
      benefitCode: 'indennita-agricoli',
      payment: { method: 'post_office' },
      declarations: { truthfulness: true, notPensioner: true, noCitizenshipIncome: true },
    })
    const acknowledged = new Map<string, string>()
    const failures = new Map<number, number>()
    let restarted = false
    let restarting: Promise<unknown> = Promise.resolve()
    let next = 0
    const worker = async () => {
      for (let i = next++; i < crowd.length; i = next++) {
        for (let attempt = 0; attempt < 100; attempt++) {
          let status: number
          let id: string | undefined
          try {
            const res = await fetch(`${service.url}/api/v1/applications`, {
              method: 'POST',
              body,
              headers: {
                authorization: `Bearer ${crowd[i].token}`,
                'content-type': 'application/json',
                'idempotency-key': `restart-${i}`,
              },
            })
            status = res.status
            id = ((await res.json()) as { id?: string }).id
          } catch {
            status = 0
          }
          if (status === 201 && id) {
            acknowledged.set(crowd[i].codiceFiscale, id)
            break
          }
          failures.set(status, (failures.get(status) ?? 0) + 1)
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
        if (!restarted && acknowledged.size >= 80) {
          restarted = true
          // Not awaited: the other workers keep sending while the server goes down and comes back.
          restarting = promisify(execFile)('runuser', [
            '-u',
            'postgres',
            '--',
            join(BIN, 'pg_ctl'),
            '-D',
            join(dir, 'data'),
            '-l',
            join(dir, 'log'),
            '-m',
            'fast',
            '-w',
            'restart',
            '-o',
            `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
          ])
        }
      }
    }
    await Promise.all(Array.from({ length: 12 }, worker))
    await restarting
    t.ok(restarted, 'the server was restarted during the load')
    t.ok(failures.size > 0, 'some requests failed while it was down (the restart really happened mid-load)')
    t.ok(
      [...failures.keys()].every((s) => s === 0 || s === 503),
      `only refused connections or 503 while it was down: ${JSON.stringify(Object.fromEntries(failures))}`,
    )
    t.equal(acknowledged.size, crowd.length, 'every submission was eventually acknowledged')
    const check = new pg.Client({ connectionString: databaseUrl })
    await check.connect()
    const { rows } = await check.query('SELECT id, codice_fiscale FROM applications WHERE codice_fiscale = ANY($1)', [
      crowd.map((c) => c.codiceFiscale),
    ])
    // The rows written by the same statement as each application: never half of a submission.
    const {
      rows: [written],
    } = await check.query(
      `SELECT (SELECT count(*) FROM idempotency_keys k JOIN applications a ON a.id = k.application_id WHERE a.codice_fiscale = ANY($1))::int AS keys,
              (SELECT count(*) FROM outbox WHERE codice_fiscale = ANY($1) AND subject LIKE 'Ricevuta domanda %')::int AS receipts,
              (SELECT count(*) FROM audit_events WHERE action = 'application.submitted' AND codice_fiscale = ANY($1))::int AS audits`,
      [crowd.map((c) => c.codiceFiscale)],
    )
    await check.end()
    t.same(
      written,
      { keys: crowd.length, receipts: crowd.length, audits: crowd.length },
      'one idempotency record, receipt and audit entry per application',
    )
    t.equal(rows.length, crowd.length, 'one row per person, none lost, none doubled')
    t.ok(
      rows.every((r: { id: string; codice_fiscale: string }) => acknowledged.get(r.codice_fiscale) === r.id),
      'each row is the one the client was told about',
    )
    t.equal((await fetch(`${service.url}/health/ready`)).status, 200, 'ready again')
  })
}
