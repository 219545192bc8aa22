import type { AddressInfo } from 'node:net'
import t from 'tap'
import { createEmulatorClient } from '../../clients/typescript/src/index.js'
import { ADMIN_TOKEN, setupTestApp } from '../helper.js'

/**
 * The generated client (clients/typescript) against a listening server: a citizen's whole path, as
 * in the README, through typed calls only. A route or field renamed in the document breaks the
 * compilation of this file (npm run typecheck) before it breaks the run.
 */
const GIULIA = 'BNCGLI84H52H501C'

t.test("a citizen's PIN, login, application, evaluation and payment through the typed client", async (t) => {
  const ctx = await setupTestApp(t)
  await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  const baseUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`
  const client = createEmulatorClient({ baseUrl, adminToken: ADMIN_TOKEN })

  const clock = await client.PUT('/emulator/clock', { body: { now: '2020-03-27T09:00:00+01:00', frozen: true } })
  t.equal(clock.data?.now, '2020-03-27T09:00:00+01:00')

  const requested = await client.POST('/api/v1/pin-requests', {
    body: {
      codiceFiscale: GIULIA,
      firstName: 'Giulia',
      lastName: 'Bianchi',
      birthDate: '1984-06-12',
      sex: 'F',
      birthPlace: 'Roma',
      residence: { street: 'Via Appia Nuova 215', postalCode: '00183', municipality: 'Roma', province: 'RM' },
      assistancePhone: '+39 06 1234567',
      contacts: { mobile: '+39 347 1200001', email: 'giulia.bianchi@example.it' },
      firstHalfChannel: 'sms',
    },
  })
  t.equal(requested.response.status, 201, 'PIN requested')
  const pinRequest = await client.GET('/api/v1/pin-requests/{id}', { params: { path: { id: requested.data!.id } } })
  t.equal(pinRequest.data?.status, 'issued')

  const secret = async (channel: 'sms' | 'post', part: 'first' | 'second') => {
    const outbox = await client.GET('/emulator/outbox', { params: { query: { codiceFiscale: GIULIA, channel } } })
    return outbox.data?.items.filter((message) => message.pinPart === part).pop()?.secret
  }
  const first = await secret('sms', 'first')
  t.ok(first, 'the first half is in the outbox')
  await client.POST('/emulator/clock/advance', { body: { seconds: 432000 } })
  const second = await secret('post', 'second')
  t.ok(second, 'the letter with the second half arrived')

  const login = await client.POST('/api/v1/auth/pin', { body: { codiceFiscale: GIULIA, pin: `${first}${second}` } })
  t.equal(login.data?.status, 'pin_change_required')
  const changeToken = login.data?.status === 'pin_change_required' ? login.data.changeToken : ''
  const changed = await client.POST('/api/v1/auth/pin/change', { body: { changeToken, newPin: 'Giulia84' } })
  t.equal(changed.data?.authLevel, 'pin_ordinario')

  // Tokens expire on the emulated clock: a session after every jump.
  const signIn = async () => {
    const session = await client.POST('/api/v1/auth/pin', { body: { codiceFiscale: GIULIA, pin: 'Giulia84' } })
    t.equal(session.data?.status, 'authenticated', 'signed in with the personal PIN')
    client.setAccessToken(session.data?.status === 'authenticated' ? session.data.accessToken : undefined)
  }
  await client.PUT('/emulator/clock', { body: { now: '2020-04-02T17:00:00+02:00', frozen: true } })
  await signIn()

  const submitted = await client.POST('/api/v1/applications', {
    params: { header: { 'idempotency-key': 'giulia-art27' } },
    body: {
      benefitCode: 'indennita-professionisti-cococo',
      payment: { method: 'iban', iban: 'IT60X0542811101000000123456' },
      declarations: {
        truthfulness: true,
        notPensioner: true,
        noCitizenshipIncome: true,
        noOtherCompulsoryScheme: true,
      },
    },
  })
  t.equal(submitted.response.status, 201, 'application submitted')
  const id = submitted.data!.id

  const run = await client.POST('/emulator/jobs/run')
  t.equal(run.response.status, 200, 'evaluation ran')
  const evaluated = await client.GET('/api/v1/applications/{id}', { params: { path: { id } } })
  t.match(evaluated.data, { protocolNumber: 'INPS.2020.0000001', status: 'accepted', amountEur: 600 })

  await client.PUT('/emulator/clock', { body: { now: `${evaluated.data?.paymentDate}T17:00:00+02:00`, frozen: true } })
  await client.POST('/emulator/jobs/run')
  await signIn()
  const payments = await client.GET('/api/v1/payments')
  t.equal(payments.response.status, 200, JSON.stringify(payments.error))
  t.match(payments.data?.items, [{ benefitCode: 'indennita-professionisti-cococo', amountEur: 600, status: 'paid' }])

  const refused = await client.GET('/api/v1/applications/{id}', {
    params: { path: { id } },
    headers: { authorization: 'Bearer not-a-token' },
  })
  t.equal(refused.response.status, 401, 'an error answer is typed as a problem')
  t.equal(refused.error?.code, 'INVALID_TOKEN')
})

t.test('the admin token goes to /emulator only, the access token everywhere else', async (t) => {
  const seen: Array<{ url: string; admin: string | null; bearer: string | null }> = []
  const client = createEmulatorClient({
    baseUrl: 'http://sandbox.invalid',
    adminToken: 'admin-secret',
    accessToken: 'citizen-token',
    fetch: async (request: Request) => {
      seen.push({
        url: new URL(request.url).pathname,
        admin: request.headers.get('x-emulator-token'),
        bearer: request.headers.get('authorization'),
      })
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
    },
  })
  await client.GET('/emulator/clock')
  await client.GET('/api/v1/me')
  client.setAccessToken(undefined)
  await client.GET('/api/v1/benefits')
  t.same(seen, [
    { url: '/emulator/clock', admin: 'admin-secret', bearer: null },
    { url: '/api/v1/me', admin: null, bearer: 'Bearer citizen-token' },
    { url: '/api/v1/benefits', admin: null, bearer: null },
  ])
})
