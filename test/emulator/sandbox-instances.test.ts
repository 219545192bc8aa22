import t from 'tap'
import type { Service } from '../../bench/processes.js'
import { ADMIN_HEADERS, call as request, startTwoInstances } from '../instances.js'
import { mintTokens, seedCitizens } from '../../bench/seed.js'

// Two server processes on one database: what a restore and the clock speed do across instances.
if (!process.env.DATABASE_URL) {
  t.plan(0, 'needs real Postgres: several processes cannot share an embedded PGlite')
} else {
  const { database, databaseUrl, a, b } = await startTwoInstances(t)
  const admin = ADMIN_HEADERS
  // Control API calls, unless other headers are given.
  const call = (
    service: Service,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = admin,
  ) => request(service, method, path, body, headers)
  const NOW = new Date('2020-04-02T15:00:00Z')
  await call(a, 'PUT', '/emulator/clock', { now: NOW.toISOString(), frozen: true })
  const people = await seedCitizens(databaseUrl, 2, 900_000, 'SANDPIN1', new Date('2020-04-01T00:00:00Z'))
  const [citizen] = await mintTokens(databaseUrl, [people[0].codiceFiscale], NOW, 86400)

  t.test(
    'a restore through one instance: the other sees the restored clock and forgets the session versions it remembered',
    async (t) => {
      const setVersion = (version: number) =>
        database.db
          .updateTable('pin_credentials')
          .set({ version })
          .where('codice_fiscale', '=', citizen.codiceFiscale)
          .execute()
      const me = () => call(b, 'GET', '/api/v1/me', undefined, { authorization: `Bearer ${citizen.token}` })
      await setVersion(5)
      t.equal((await call(a, 'POST', '/emulator/snapshots', { name: 'version-5' })).status, 201)
      // Back to the token's version 1: b hears of the change (NOTIFY) and remembers version 1.
      await setVersion(1)
      await new Promise((resolve) => setTimeout(resolve, 300))
      t.equal((await me()).status, 200, 'current on b, checked in memory')
      await call(a, 'PUT', '/emulator/clock', { now: '2020-06-01T10:00:00+02:00', frozen: true })
      t.equal((await call(a, 'POST', '/emulator/snapshots/version-5/restore')).status, 200)
      await new Promise((resolve) => setTimeout(resolve, 300))
      t.same(
        (await call(b, 'GET', '/emulator/clock')).body,
        { now: '2020-04-02T17:00:00+02:00', frozen: true, speed: 1 },
        "b's cached clock was dropped",
      )
      const refused = await me()
      t.equal(refused.status, 401, 'b no longer trusts what it remembered: version 5 is back')
      t.equal(refused.body.code, 'SESSION_REVOKED')
    },
  )

  t.test('the speed set on one instance drives the other', async (t) => {
    await call(a, 'PUT', '/emulator/clock', { now: '2020-04-02T17:00:00+02:00', speed: 3600 })
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const { body } = await call(b, 'GET', '/emulator/clock')
    t.equal(body.speed, 3600)
    const gained = Date.parse(body.now) - Date.parse('2020-04-02T17:00:00+02:00')
    t.ok(gained >= 2_700_000, `about an hour passed on b in a real second (${gained} ms)`)
    await call(a, 'PUT', '/emulator/clock', { speed: 1 })
  })
}
