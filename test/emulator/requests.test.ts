import t from 'tap'
import { setupTestApp, json } from '../helper.js'
import { activateTestPin, bearer, fixturePerson } from '../factories.js'
import { colombo, postRequest } from '../modules/pin/pin.factories.js'

const ctx = await setupTestApp(t, { ACCESS_WINDOWS_ENABLED: 'false' })
const db = ctx.database.db
const journal = async (query = '') => {
  const res = await ctx.emulator('GET', `/emulator/requests${query}`)
  if (res.statusCode !== 200) throw new Error(res.body)
  return json(res) as { items: Array<Record<string, any>>; nextCursor?: string }
}
const IBAN = 'IT60X0542811101000000123456'

t.test('a refused call is found by its code, with route, status, actor and the person concerned', async (t) => {
  await ctx.emulator('DELETE', '/emulator/requests')
  const refused = await postRequest(ctx, colombo({ birthDate: 'yesterday' }))
  t.equal(refused.statusCode, 400)
  const { items } = await journal('?code=VALIDATION_ERROR')
  t.equal(items.length, 1)
  t.match(items[0], {
    requestId: refused.headers['x-request-id'],
    method: 'POST',
    route: '/api/v1/pin-requests',
    path: '/api/v1/pin-requests',
    status: 400,
    code: 'VALIDATION_ERROR',
    durationMs: Number,
    actor: { type: 'anonymous' },
    codiceFiscale: 'CLMGPP71P08A944C',
    receivedAt: /^\d{4}-\d{2}-\d{2}T.*[+-]\d{2}:\d{2}$/,
    emulatedAt: /^\d{4}-\d{2}-\d{2}T.*[+-]\d{2}:\d{2}$/,
  })
  t.notOk('body' in items[0])
})

t.test('no PIN, token, IBAN or query string ever reaches the journal', async (t) => {
  const cf = fixturePerson('VAT-registered professional').codiceFiscale
  const { personalPin, accessToken } = await activateTestPin(ctx.app, cf, 'Z9Z9Z9Z9')
  const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me?pin=Z9Z9Z9Z9', headers: bearer(accessToken) })
  t.equal(me.statusCode, 200)
  await ctx.app.inject({ method: 'GET', url: `/api/v1/payments/${IBAN}` })
  await ctx.emulator('GET', `/emulator/outbox?codiceFiscale=${cf}`)
  const { items } = await journal(`?codiceFiscale=${cf}`)
  t.match(
    items.find((i) => i.path === '/api/v1/me'),
    { actor: { type: 'citizen', id: cf }, codiceFiscale: cf, status: 200 },
  )
  await ctx.app.services.journal.flush()
  const everything = JSON.stringify(await db.selectFrom('emulator_requests').selectAll().execute())
  for (const secret of [personalPin, accessToken, accessToken.split('.')[2], IBAN, '?'])
    t.notOk(everything.includes(secret), `no ${secret.slice(0, 12)}…`)
  t.ok(everything.includes('/api/v1/payments/[IBAN]'), 'the IBAN in a path is masked')
})

t.test('filters and keyset paging, newest first', async (t) => {
  await ctx.emulator('DELETE', '/emulator/requests')
  for (let i = 0; i < 5; i++) await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })
  await ctx.app.inject({ method: 'DELETE', url: '/api/v1/benefits' })
  const gets = await journal('?method=GET&path=/api/v1/bene&status=200&limit=2')
  t.equal(gets.items.length, 2)
  t.ok(gets.nextCursor)
  const seen = [...gets.items]
  let cursor = gets.nextCursor
  while (cursor) {
    const page = await journal(`?method=GET&path=/api/v1/bene&status=200&limit=2&cursor=${cursor}`)
    seen.push(...page.items)
    cursor = page.nextCursor
  }
  t.equal(seen.length, 5, 'every GET once, no overlap')
  t.equal(new Set(seen.map((i) => i.requestId)).size, 5)
  t.ok(
    seen.every((i, n) => n === 0 || Date.parse(seen[n - 1].receivedAt) >= Date.parse(i.receivedAt)),
    'newest first',
  )
  const notFound = await journal('?status=404')
  t.match(notFound.items, [{ method: 'DELETE', path: '/api/v1/benefits', code: 'ROUTE_NOT_FOUND' }])
  const bad = await ctx.emulator('GET', '/emulator/requests?status=abc')
  t.equal(bad.statusCode, 400)
  t.equal(
    (await ctx.app.inject({ method: 'GET', url: '/emulator/requests' })).statusCode,
    401,
    'the admin token is required',
  )
})

t.test('DELETE empties the journal', async (t) => {
  t.equal((await ctx.emulator('DELETE', '/emulator/requests')).statusCode, 204)
  const { items } = await journal()
  t.same(
    items.map((i) => `${i.method} ${i.path}`),
    ['DELETE /emulator/requests'],
    'only the DELETE itself, answered after it emptied',
  )
})

t.test('written in batches off the request path, bounded, and switched off by configuration', async (t) => {
  const batched = await setupTestApp(t, { REQUEST_JOURNAL_FLUSH_MS: '60000', REQUEST_JOURNAL_MAX_ROWS: '4' })
  const count = async () =>
    Number(
      (
        await batched.app.db
          .selectFrom('emulator_requests')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  for (let i = 0; i < 9; i++) await batched.app.inject({ method: 'GET', url: '/api/v1/benefits' })
  await new Promise((resolve) => setTimeout(resolve, 100))
  t.equal(await count(), 0, 'nothing written yet: answers never waited for the journal')
  const { items } = json(await batched.emulator('GET', '/emulator/requests'))
  t.equal(items.length, 4, 'reading flushes; only the newest 4 are kept')
  t.ok((await count()) <= 5)

  const off = await setupTestApp(t, { REQUEST_JOURNAL_ENABLED: 'false' })
  await off.app.inject({ method: 'GET', url: '/api/v1/benefits' })
  t.same(json(await off.emulator('GET', '/emulator/requests')).items, [])
})
