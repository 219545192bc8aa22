import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import {
  advanceClock,
  bianchi,
  colombo,
  esposito,
  freezeClock,
  operatorToken,
  outboxOf,
  postRequest,
} from '../../modules/pin/pin.factories.js'

// docs/rules.md §15: lost and late deliveries, so that the 12-hour rule of 2020 happens.
const ctx = await setupTestApp(t)

t.afterEach(async () => {
  await ctx.emulator('DELETE', '/emulator/delivery-faults')
})

const login = (codiceFiscale: string, pin: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/pin', payload: { codiceFiscale, pin } })

t.test(
  'a dropped SMS: nothing arrives, the Contact Center validates after 12 hours and the first half arrives',
  async (t) => {
    // A Wednesday before the Contact Center opens: the 12 hours end at 19:30, while it is still open.
    await freezeClock(ctx, '2020-04-01T07:30:00+02:00')
    const set = await ctx.emulator('PUT', '/emulator/delivery-faults', { channel: 'sms', mode: 'drop' })
    t.equal(set.statusCode, 200)
    t.same(json(set).items, [{ channel: 'sms', mode: 'drop' }])

    const body = bianchi()
    const created = json(await postRequest(ctx, body))
    t.equal(created.status, 'issued', 'the address matches: issued, first half "sent" by SMS')
    t.same(
      (await outboxOf(ctx, body.codiceFiscale)).filter((m) => m.channel === 'sms'),
      [],
      'but the SMS never arrives',
    )
    const dropped = json(
      await ctx.emulator('GET', `/emulator/delivery-faults/dropped?codiceFiscale=${body.codiceFiscale}`),
    )
    t.equal(dropped.items.length, 1)
    t.match(dropped.items[0], {
      channel: 'sms',
      recipient: '+39 347 1200001',
      pinPart: 'first',
      secret: /^[A-Z0-9]{8}$/,
    })
    const lostHalf: string = dropped.items[0].secret
    await ctx.emulator('DELETE', '/emulator/delivery-faults?channel=sms')

    await freezeClock(ctx, '2020-04-01T10:00:00+02:00')
    const { token } = await operatorToken(ctx)
    const early = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/contact-center/pin-requests/${created.id}/validate`,
      headers: bearer(token),
    })
    t.equal(early.statusCode, 409)
    t.match(json(early), { code: 'TOO_EARLY_TO_VALIDATE', validatableFrom: '2020-04-01T19:30:00+02:00' })

    await freezeClock(ctx, '2020-04-01T19:30:00+02:00')
    const late = await operatorToken(ctx)
    const validated = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/contact-center/pin-requests/${created.id}/validate`,
      headers: bearer(late.token),
    })
    t.equal(validated.statusCode, 200, validated.body)
    const sms = (await outboxOf(ctx, body.codiceFiscale)).filter((m) => m.channel === 'sms')
    t.equal(sms.length, 1, 'the first half is sent again, and this time it arrives')
    t.equal(sms[0].secret, lostHalf, 'the same first half: validating the request does not change the PIN')
    t.equal((await login(body.codiceFiscale, sms[0].secret!)).statusCode, 200, 'it works')
  },
)

t.test('letters delayed in some provinces only (the red zones)', async (t) => {
  await freezeClock(ctx, '2020-04-02T10:00:00+02:00')
  const set = await ctx.emulator('PUT', '/emulator/delivery-faults', {
    channel: 'post',
    mode: 'delay',
    delayHours: 240,
    provinces: ['na'],
  })
  t.same(json(set).items, [{ channel: 'post', mode: 'delay', delayHours: 240, provinces: ['NA'] }])
  const naples = esposito()
  const bologna = colombo()
  for (const body of [naples, bologna]) t.equal(json(await postRequest(ctx, body)).status, 'issued')
  const letters = async (cf: string) => (await outboxOf(ctx, cf)).filter((m) => m.channel === 'post')

  await advanceClock(ctx, 120 * 3600)
  t.equal((await letters(bologna.codiceFiscale)).length, 1, 'Bologna: the usual five days')
  t.same(await letters(naples.codiceFiscale), [], 'Napoli: still in the post')
  await advanceClock(ctx, 240 * 3600 - 60)
  t.same(await letters(naples.codiceFiscale), [])
  await advanceClock(ctx, 60)
  const [letter] = await letters(naples.codiceFiscale)
  t.match(
    letter,
    { pinPart: 'second', sentAt: '2020-04-02T10:00:00+02:00', deliverAt: '2020-04-17T10:00:00+02:00' },
    '5 + 10 days',
  )
})

t.test('the rules are checked, listed one per channel, and removed', async (t) => {
  const bad = [
    { channel: 'sms', mode: 'delay' },
    { channel: 'sms', mode: 'drop', delayHours: 5 },
    { channel: 'email', mode: 'drop', provinces: ['MI'] },
  ]
  for (const body of bad) {
    const res = await ctx.emulator('PUT', '/emulator/delivery-faults', body)
    t.equal(res.statusCode, 400)
    t.equal(json(res).code, 'INVALID_DELIVERY_FAULT')
  }
  t.equal(
    json(await ctx.emulator('PUT', '/emulator/delivery-faults', { channel: 'post', mode: 'drop', provinces: ['ZZ1'] }))
      .code,
    'VALIDATION_ERROR',
  )
  await ctx.emulator('PUT', '/emulator/delivery-faults', { channel: 'email', mode: 'drop' })
  await ctx.emulator('PUT', '/emulator/delivery-faults', { channel: 'email', mode: 'delay', delayHours: 2 })
  await ctx.emulator('PUT', '/emulator/delivery-faults', { channel: 'post', mode: 'drop' })
  t.same(
    json(await ctx.emulator('GET', '/emulator/delivery-faults')).items,
    [
      { channel: 'email', mode: 'delay', delayHours: 2 },
      { channel: 'post', mode: 'drop' },
    ],
    'the second PUT replaced the first',
  )
  t.same(json(await ctx.emulator('DELETE', '/emulator/delivery-faults?channel=email')), { deleted: 1 })
  t.same(json(await ctx.emulator('DELETE', '/emulator/delivery-faults')), { deleted: 1 })
  t.same(json(await ctx.emulator('GET', '/emulator/delivery-faults')).items, [])
  t.equal(
    (await ctx.app.inject({ method: 'GET', url: '/emulator/delivery-faults' })).statusCode,
    401,
    'the emulator token is needed',
  )
})
