import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { fixturePerson } from '../../factories.js'
import { omocodiaVariant } from '../../../src/lib/codice-fiscale.js'
import { subjectKey } from '../../../src/core/access/rate-limit.plugin.js'
import { PIN_REQUEST_EXAMPLE } from '../../../src/modules/pin/pin-request.schemas.js'

const ctx = await setupTestApp(t, { RATE_LIMIT_PER_IP: '3', RATE_LIMIT_PER_SUBJECT: '0' })
const hitsOf = async (key: string) =>
  (await ctx.database.db.selectFrom('rate_limits').select('hits').where('key', '=', key).executeTakeFirst())?.hits

t.test('invalid requests count against the per-IP limit, and once over it the body is not even read', async (t) => {
  const ip = '10.20.0.1'
  const statuses: number[] = []
  for (let i = 0; i < 3; i++) {
    statuses.push(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/pin-requests',
          remoteAddress: ip,
          payload: { [`junk${i}`]: true },
        })
      ).statusCode,
    )
  }
  t.same(statuses, [400, 400, 400])
  t.equal(await hitsOf(`pin-request:ip:${ip}`), 3, 'each malformed request counted')
  const flood = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/pin-requests',
    remoteAddress: ip,
    headers: { 'content-type': 'application/json' },
    payload: `{${Array.from({ length: 80_000 }, (_, i) => `"k${i}":1`).join(',')}}`,
  })
  t.equal(flood.statusCode, 429, 'refused before parsing and validation')
  t.equal(json(flood).code, 'RATE_LIMITED')
  t.ok(Number(flood.headers['retry-after']) >= 1)
  const broken = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/pin',
    remoteAddress: '10.20.0.2',
    headers: { 'content-type': 'application/json' },
    payload: '{"codiceFiscale":',
  })
  t.equal(broken.statusCode, 400, 'unparseable JSON')
  t.equal(await hitsOf('login:ip:10.20.0.2'), 1, 'counted too')
  t.equal(
    (await ctx.app.inject({ method: 'POST', url: '/api/v1/pin-requests', remoteAddress: '10.20.0.3', payload: {} }))
      .statusCode,
    400,
    'another IP is not affected',
  )
})

t.test('TRUST_PROXY=true trusts one hop: a client-supplied X-Forwarded-For chain cannot pick the IP', async (t) => {
  const proxied = await setupTestApp(
    t,
    { RATE_LIMIT_PER_IP: '3', RATE_LIMIT_PER_SUBJECT: '0', TRUST_PROXY: 'true' },
    ctx.database,
  )
  const statuses: number[] = []
  for (let i = 0; i < 5; i++) {
    // What an appending proxy forwards when the client sent its own made-up header: "<forged>, <client>".
    const res = await proxied.app.inject({
      method: 'POST',
      url: '/api/v1/pin-recoveries',
      remoteAddress: '10.99.0.1',
      headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
      payload: {
        codiceFiscale: fixturePerson('exactly 30 contributions').codiceFiscale,
        contacts: { mobile: '+39 333 0000000', email: 'x@example.it' },
      },
    })
    statuses.push(res.statusCode)
  }
  t.same(statuses, [422, 422, 422, 429, 429])
  t.equal(await hitsOf('pin-recovery:ip:203.0.113.7'), 5, 'every request counted on the address the proxy saw')
  t.equal(await hitsOf('pin-recovery:ip:198.51.100.0'), undefined, 'never the forged one')
})

t.test('TRUST_PROXY as a list trusts only those proxies; without it the header is ignored', async (t) => {
  const listed = await setupTestApp(
    t,
    { RATE_LIMIT_PER_IP: '50', RATE_LIMIT_PER_SUBJECT: '0', TRUST_PROXY: '10.99.0.0/24' },
    ctx.database,
  )
  const login = (remoteAddress: string, forwarded: string) =>
    listed.app.inject({
      method: 'POST',
      url: '/api/v1/auth/operator',
      remoteAddress,
      headers: { 'x-forwarded-for': forwarded },
      payload: { operatorId: 'NOBODY1', pin: 'WRONG123' },
    })
  await login('10.99.0.5', '203.0.113.50')
  t.equal(await hitsOf('operator-login:ip:203.0.113.50'), 1, 'from a listed proxy: the forwarded client')
  await login('192.0.2.9', '203.0.113.51')
  t.equal(await hitsOf('operator-login:ip:192.0.2.9'), 1, 'from anyone else: the peer itself')
  t.equal(await hitsOf('operator-login:ip:203.0.113.51'), undefined)
  await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/operator',
    remoteAddress: '192.0.2.10',
    headers: { 'x-forwarded-for': '203.0.113.52' },
    payload: { operatorId: 'NOBODY1', pin: 'WRONG123' },
  })
  t.equal(await hitsOf('operator-login:ip:192.0.2.10'), 1, 'TRUST_PROXY unset: the peer')
})

t.test('per-subject limits do not reset with another spelling of the same codice fiscale', async (t) => {
  const limited = await setupTestApp(t, { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_SUBJECT: '3' }, ctx.database)
  const cf = 'SPSMRC90B03F839H'
  const spellings = [
    cf,
    ` ${cf}`,
    cf.toLowerCase(),
    'SPSMRC 90B03 F839H',
    omocodiaVariant(cf, 1),
    omocodiaVariant(cf, 3),
  ]
  const statuses: number[] = []
  for (const [i, spelling] of spellings.entries()) {
    const res = await limited.app.inject({
      method: 'POST',
      url: '/api/v1/pin-recoveries',
      remoteAddress: `10.30.0.${i}`,
      payload: { codiceFiscale: spelling, contacts: { mobile: '+39 333 0000000', email: 'x@example.it' } },
    })
    statuses.push(res.statusCode)
  }
  t.same(statuses.slice(3), [429, 429, 429], `one counter for every spelling (${statuses.join(', ')})`)
  const requests: number[] = []
  const colombo = PIN_REQUEST_EXAMPLE.codiceFiscale
  for (const spelling of [`${colombo} `, `\t${colombo.toLowerCase()}`, colombo, omocodiaVariant(colombo, 2)]) {
    requests.push(
      (
        await limited.app.inject({
          method: 'POST',
          url: '/api/v1/pin-requests',
          payload: { ...PIN_REQUEST_EXAMPLE, codiceFiscale: spelling },
        })
      ).statusCode,
    )
  }
  t.equal(requests[3], 429, `PIN requests too (${requests.join(', ')})`)
  const login = (codiceFiscale: string) =>
    limited.app.inject({ method: 'POST', url: '/api/v1/auth/pin', payload: { codiceFiscale, pin: 'WRONG123' } })
  const logins = [
    await login(cf.toLowerCase()),
    await login(omocodiaVariant(cf, 4)),
    await login(cf),
    await login(omocodiaVariant(cf, 7)),
  ]
  t.same(
    logins.map((r) => r.statusCode),
    [401, 401, 401, 429],
  )
})

t.test('subjectKey: case, spaces and omocodia fold; other subjects just compact', async (t) => {
  const cf = 'SPSMRC90B03F839H'
  const key = subjectKey(cf)
  for (const spelling of [
    ` ${cf}\n`,
    cf.toLowerCase(),
    'spsmrc 90b03f839h',
    omocodiaVariant(cf, 1),
    omocodiaVariant(cf, 7),
  ])
    t.equal(subjectKey(spelling), key, spelling)
  t.not(subjectKey('BNCGLI84H52H501C'), key)
  t.equal(subjectKey(' pat0001 '), 'PAT0001')
})
