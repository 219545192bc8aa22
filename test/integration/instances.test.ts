import t from 'tap'
import type { Service } from '../../bench/processes.js'
import { ADMIN_HEADERS, call, startTwoInstances } from '../instances.js'
import { mintTokens, seedCitizens, type Citizen } from '../../bench/seed.js'

// Several server processes on one database: only a real Postgres can be shared between processes.
if (!process.env.DATABASE_URL) {
  t.plan(0, 'needs real Postgres: several processes cannot share an embedded PGlite')
} else {
  const { database, databaseUrl, a, b } = await startTwoInstances(t, { JOBS_INTERVAL_MS: '100' })
  const NOW = new Date('2020-04-02T15:00:00Z') // 17:00 in Rome: citizens' hours
  const admin = ADMIN_HEADERS
  await call(a, 'PUT', '/emulator/clock', { now: NOW.toISOString(), frozen: true }, admin)
  const people = await seedCitizens(databaseUrl, 500, 700_000, 'INSTPIN1', new Date('2020-04-01T00:00:00Z'))
  const citizens = await mintTokens(
    databaseUrl,
    people.map((p) => p.codiceFiscale),
    NOW,
    86400,
  )
  let nextCitizen = 0
  const take = (n: number) => citizens.slice(nextCitizen, (nextCitizen += n))
  const application = {
    benefitCode: 'indennita-agricoli',
    payment: { method: 'post_office' },
    declarations: { truthfulness: true, notPensioner: true, noCitizenshipIncome: true },
  }
  const submit = (service: Service, citizen: Citizen, key?: string) =>
    call(service, 'POST', '/api/v1/applications', application, {
      authorization: `Bearer ${citizen.token}`,
      ...(key ? { 'idempotency-key': key } : {}),
    })
  const countApplications = async (cf: string) =>
    (
      await database.db
        .selectFrom('applications')
        .select(database.db.fn.countAll<number>().as('n'))
        .where('codice_fiscale', '=', cf)
        .executeTakeFirstOrThrow()
    ).n

  t.test('the clock set on one instance is seen by the other at once (LISTEN/NOTIFY)', async (t) => {
    await call(b, 'GET', '/emulator/clock', undefined, admin)
    await call(a, 'PUT', '/emulator/clock', { now: '2020-04-03T17:30:00+02:00', frozen: true }, admin)
    await new Promise((resolve) => setTimeout(resolve, 200))
    t.same((await call(b, 'GET', '/emulator/clock', undefined, admin)).body, {
      now: '2020-04-03T17:30:00+02:00',
      frozen: true,
      speed: 1,
    })
    await call(b, 'PUT', '/emulator/clock', { now: NOW.toISOString(), frozen: true }, admin)
  })

  t.test('a session ended on one instance is refused by the other at once (LISTEN/NOTIFY)', async (t) => {
    const [c] = take(1)
    const me = (service: Service) =>
      call(service, 'GET', '/api/v1/me', undefined, { authorization: `Bearer ${c.token}` })
    t.equal((await me(b)).status, 200, 'b accepts the session (and remembers nothing about it)')
    for (let i = 0; i < 5; i++)
      await call(a, 'POST', '/api/v1/auth/pin', { codiceFiscale: c.codiceFiscale, pin: 'WRONG999' })
    const refused = await me(b)
    t.equal(refused.status, 401, 'the lockout on a ended it on b too, with no wait')
    t.equal(refused.body.code, 'SESSION_REVOKED')
  })

  t.test('lockout counts attempts made on either instance', async (t) => {
    const [x, y] = take(2)
    const login = (service: Service, cf: string, pin: string) =>
      call(service, 'POST', '/api/v1/auth/pin', { codiceFiscale: cf, pin })
    for (const service of [a, b, a, b, a]) t.equal((await login(service, x.codiceFiscale, 'WRONG999')).status, 401)
    t.equal((await login(b, x.codiceFiscale, 'INSTPIN1')).status, 423, 'locked after five, whichever instance')
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, (_, i) => login(i % 2 ? a : b, y.codiceFiscale, 'WRONG999')),
    )
    t.equal(concurrent.filter((r) => r.status === 401).length, 5)
    t.equal(concurrent.filter((r) => r.status === 423).length, 5)
  })

  t.test('one Idempotency-Key on both instances: one application, one answer', async (t) => {
    const [c] = take(1)
    const results = await Promise.all([a, b, a, b].map((s) => submit(s, c, 'same-key')))
    t.ok(results.every((r) => r.status === 201))
    t.equal(new Set(results.map((r) => r.body.id)).size, 1)
    t.equal(await countApplications(c.codiceFiscale), 1)
  })

  t.test('duplicates are refused across instances', async (t) => {
    const [c] = take(1)
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => submit(i % 2 ? a : b, c, `key-${i}`)))
    t.equal(results.filter((r) => r.status === 201).length, 1)
    t.ok(results.filter((r) => r.status !== 201).every((r) => r.body.code === 'DUPLICATE_APPLICATION'))
    t.equal(await countApplications(c.codiceFiscale), 1)
  })

  t.test('an assertion used on one instance is refused on the other', async (t) => {
    const [c] = take(1)
    const { body } = await call(
      a,
      'POST',
      '/emulator/idp/assertions',
      { codiceFiscale: c.codiceFiscale, provider: 'spid', spidLevel: 2 },
      admin,
    )
    t.equal((await call(a, 'POST', '/api/v1/auth/federated', { assertion: body.assertion })).status, 200)
    const replay = await call(b, 'POST', '/api/v1/auth/federated', { assertion: body.assertion })
    t.equal(replay.status, 401)
    t.equal(replay.body.code, 'ASSERTION_REPLAYED')
  })

  t.test('both workers evaluate: every application exactly once', async (t) => {
    const batch = take(60)
    const results = await Promise.all(batch.map((c, i) => submit(i % 2 ? a : b, c, `jobs-${i}`)))
    t.ok(results.every((r) => r.status === 201))
    const ids = results.map((r) => r.body.id as string)
    const deadline = Date.now() + 20_000
    let pending = ids.length
    while (pending > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      pending = (
        await database.db
          .selectFrom('applications')
          .select('id')
          .where('id', 'in', ids)
          .where('status', '=', 'submitted')
          .execute()
      ).length
    }
    t.equal(pending, 0, 'none left submitted')
    const audits = await database.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'application.evaluated')
      .execute()
    const perApplication = new Map<string, number>()
    for (const { detail } of audits)
      perApplication.set(String(detail.applicationId), (perApplication.get(String(detail.applicationId)) ?? 0) + 1)
    t.ok(
      ids.every((id) => perApplication.get(id) === 1),
      'one evaluation each',
    )
  })

  t.test('an instance killed mid-load: every acknowledged application is stored exactly once', async (t) => {
    const crowd = take(300)
    const acknowledged = new Map<string, string>()
    let killed = false
    let next = 0
    const worker = async () => {
      for (let i = next++; i < crowd.length; i = next++) {
        for (let attempt = 0; attempt < 30; attempt++) {
          // Half the traffic goes to A until it dies; a failed attempt is retried on B with the same key.
          const target = attempt === 0 && i % 2 === 0 ? a : b
          let result: { status: number; body: Record<string, any> }
          try {
            result = await submit(target, crowd[i], `crash-${i}`)
          } catch {
            result = { status: 0, body: {} }
          }
          if (result.status === 201) {
            acknowledged.set(crowd[i].codiceFiscale, result.body.id)
            break
          }
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
        if (!killed && acknowledged.size >= 80) {
          killed = true
          a.child.kill('SIGKILL')
        }
      }
    }
    await Promise.all(Array.from({ length: 16 }, worker))
    t.ok(killed, 'instance A was killed during the load')
    t.equal(acknowledged.size, crowd.length, 'every submission was eventually acknowledged')
    const rows = await database.db
      .selectFrom('applications')
      .select(['id', 'codice_fiscale'])
      .where(
        'codice_fiscale',
        'in',
        crowd.map((c) => c.codiceFiscale),
      )
      .execute()
    t.equal(rows.length, crowd.length, 'one row per person, no duplicates')
    t.ok(
      rows.every((r) => acknowledged.get(r.codice_fiscale) === r.id),
      'each stored row is the one the client was told about',
    )
    // Written by the same statement as the application, so never half: one of each per application.
    const db = database.db
    const cfs = crowd.map((c) => c.codiceFiscale)
    const keys = await db
      .selectFrom('idempotency_keys')
      .select('application_id')
      .where(
        'application_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute()
    t.equal(keys.length, crowd.length, 'one idempotency record per application')
    // The evaluation worker writes its own message later: receipts are the 'Ricevuta domanda' ones.
    const receipts = await db
      .selectFrom('outbox')
      .select('codice_fiscale')
      .where('codice_fiscale', 'in', cfs)
      .where('subject', 'like', 'Ricevuta domanda %')
      .execute()
    t.same(receipts.map((r) => r.codice_fiscale).sort(), [...cfs].sort(), 'one receipt per application')
    const audits = await db
      .selectFrom('audit_events')
      .select('codice_fiscale')
      .where('action', '=', 'application.submitted')
      .where('codice_fiscale', 'in', cfs)
      .execute()
    t.same(audits.map((r) => r.codice_fiscale).sort(), [...cfs].sort(), 'one audit entry per application')
  })
}
