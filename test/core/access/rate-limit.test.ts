import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { fixturePerson } from '../../factories.js'

const ctx = await setupTestApp(t, { RATE_LIMIT_PER_IP: '8', RATE_LIMIT_PER_SUBJECT: '3' })
const login = (codiceFiscale: string, ip = '10.1.1.1') =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/pin',
    remoteAddress: ip,
    payload: { codiceFiscale, pin: 'WRONG123' },
  })

t.test('per codice fiscale: the fourth login attempt in a minute is refused with 429', async (t) => {
  const cf = fixturePerson('VAT-registered professional').codiceFiscale
  for (let i = 0; i < 3; i++) t.equal((await login(cf, `10.0.0.${i}`)).statusCode, 401)
  const limited = await login(cf, '10.0.0.9')
  t.equal(limited.statusCode, 429)
  t.equal(json(limited).code, 'RATE_LIMITED')
  t.ok(Number(limited.headers['retry-after']) >= 1 && Number(limited.headers['retry-after']) <= 60)
  t.equal(
    (await login(fixturePerson('co.co.co. active').codiceFiscale, '10.0.0.9')).statusCode,
    401,
    'another person is not affected',
  )
})

t.test('per IP across people, counted in the database for every instance', async (t) => {
  const other = await setupTestApp(t, { RATE_LIMIT_PER_IP: '8', RATE_LIMIT_PER_SUBJECT: '3' }, ctx.database)
  const people = [
    'artigiani',
    'commercianti',
    'coltivatori diretti',
    'coloni e mezzadri',
    'ended involuntarily',
    'by resignation',
    '2018-12-31',
    'exactly 50',
  ].map((n) => fixturePerson(n).codiceFiscale)
  const statuses: number[] = []
  for (const [i, cf] of people.entries()) {
    const app = i % 2 === 0 ? ctx.app : other.app
    statuses.push(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/pin',
          remoteAddress: '10.2.2.2',
          payload: { codiceFiscale: cf, pin: 'WRONG123' },
        })
      ).statusCode,
    )
  }
  t.same(statuses, Array(8).fill(401))
  const ninth = await other.app.inject({
    method: 'POST',
    url: '/api/v1/auth/pin',
    remoteAddress: '10.2.2.2',
    payload: { codiceFiscale: fixturePerson('49 agricultural').codiceFiscale, pin: 'WRONG123' },
  })
  t.equal(ninth.statusCode, 429)
  const row = await ctx.database.db
    .selectFrom('rate_limits')
    .selectAll()
    .where('key', '=', 'login:ip:10.2.2.2')
    .executeTakeFirstOrThrow()
  t.equal(row.hits, 9)
})

t.test('PIN requests and recoveries are limited too', async (t) => {
  const cf = fixturePerson('exactly 30 contributions').codiceFiscale
  const statuses: number[] = []
  for (let i = 0; i < 4; i++) {
    statuses.push(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/pin-recoveries',
          remoteAddress: `10.3.3.${i}`,
          payload: { codiceFiscale: cf, contacts: { mobile: '+39 333 0000000', email: 'x@example.it' } },
        })
      ).statusCode,
    )
  }
  t.same(statuses, [422, 422, 422, 429])
  const req = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/pin-requests',
    remoteAddress: '10.4.4.4',
    payload: {},
  })
  t.equal(req.statusCode, 400, 'a malformed body is refused before counting')
})
