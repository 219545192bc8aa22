import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { activateTestPin, bearer, issueTestPin, newPerson } from '../../factories.js'
import { freezeClock, operatorToken, stranger } from './pin.factories.js'

// docs/rules.md §15: the operator files for a caller only once the caller read out their PIN.
const ctx = await setupTestApp(t)
const WEDNESDAY = '2020-04-01T10:00:00+02:00'

const application = (codiceFiscale: string, callerPin?: string) => ({
  codiceFiscale,
  ...(callerPin === undefined ? {} : { callerPin }),
  benefitCode: 'indennita-professionisti-cococo',
  payment: { method: 'iban', iban: 'IT60X0542811101000000123456' },
  declarations: { truthfulness: true, notPensioner: true, noCitizenshipIncome: true, noOtherCompulsoryScheme: true },
})

async function file(token: string, body: object) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contact-center/applications',
    headers: bearer(token),
    payload: body,
  })
}
const webLogin = (codiceFiscale: string, pin: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/pin', payload: { codiceFiscale, pin } })
const filedFor = (codiceFiscale: string) =>
  ctx.app.db
    .selectFrom('applications')
    .select(['channel', 'auth_level', 'filed_by'])
    .where('codice_fiscale', '=', codiceFiscale)
    .execute()

t.beforeEach(async () => {
  await freezeClock(ctx, WEDNESDAY)
})

t.test('no PIN, no application: the operator cannot file for any codice fiscale', async (t) => {
  const { token } = await operatorToken(ctx)
  const cf = await newPerson(ctx.emulator)
  await issueTestPin(ctx.app, cf)
  const res = await file(token, application(cf))
  t.equal(res.statusCode, 400)
  t.equal(json(res).code, 'VALIDATION_ERROR')
  t.same(await filedFor(cf), [], 'nothing filed')
})

t.test('the first half files with pin_semplificato, the personal PIN with pin_ordinario', async (t) => {
  const { token, operatorId } = await operatorToken(ctx)
  const simple = await newPerson(ctx.emulator)
  const { firstHalf } = await issueTestPin(ctx.app, simple)
  const first = await file(token, application(simple, firstHalf.toLowerCase()))
  t.equal(first.statusCode, 201, first.body)
  t.match(json(first), { channel: 'contact_center', codiceFiscale: simple })
  t.same(await filedFor(simple), [{ channel: 'contact_center', auth_level: 'pin_semplificato', filed_by: operatorId }])

  const activated = await newPerson(ctx.emulator)
  const { personalPin } = await activateTestPin(ctx.app, activated)
  t.equal((await file(token, application(activated, personalPin))).statusCode, 201)
  t.same(await filedFor(activated), [{ channel: 'contact_center', auth_level: 'pin_ordinario', filed_by: operatorId }])

  const audit = await ctx.app.db
    .selectFrom('audit_events')
    .select(['action', 'outcome', 'actor_type', 'actor_id', 'channel'])
    .where('codice_fiscale', '=', activated)
    .where('action', '=', 'pin.caller_identified')
    .execute()
  t.same(audit, [
    {
      action: 'pin.caller_identified',
      outcome: 'success',
      actor_type: 'operator',
      actor_id: operatorId,
      channel: 'contact_center',
    },
  ])
})

t.test('a wrong PIN and an unknown codice fiscale answer alike: 401 CALLER_NOT_IDENTIFIED', async (t) => {
  const { token } = await operatorToken(ctx)
  const cf = await newPerson(ctx.emulator)
  const { firstHalf } = await issueTestPin(ctx.app, cf)
  const wrong = await file(token, application(cf, firstHalf === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA'))
  const unknown = await file(token, application(stranger('Ada', 'Neri').codiceFiscale, 'AAAAAAAA'))
  for (const res of [wrong, unknown]) {
    t.equal(res.statusCode, 401)
    t.equal(json(res).code, 'CALLER_NOT_IDENTIFIED')
  }
  t.same(json(wrong).detail, json(unknown).detail, 'the same words: nothing tells who has a PIN')
  t.same(await filedFor(cf), [])
  const counter = await ctx.app.db
    .selectFrom('login_attempts')
    .select('failed_attempts')
    .where('subject', '=', `cf:${cf}`)
    .executeTakeFirst()
  t.equal(counter?.failed_attempts, 1, 'the wrong PIN counted toward the lockout')
})

t.test('5 wrong PINs across the web and the Contact Center together lock the PIN', async (t) => {
  const { token } = await operatorToken(ctx)
  const cf = await newPerson(ctx.emulator)
  const { personalPin } = await activateTestPin(ctx.app, cf)
  for (let i = 0; i < 3; i++) t.equal((await webLogin(cf, 'WRONG123')).statusCode, 401)
  t.equal(json(await file(token, application(cf, 'WRONG123'))).code, 'CALLER_NOT_IDENTIFIED')
  const fifth = await file(token, application(cf, 'WRONG123'))
  t.equal(fifth.statusCode, 401, 'the fifth wrong PIN is still answered 401, and locks')
  const locked = await file(token, application(cf, personalPin))
  t.equal(locked.statusCode, 423, 'now even the right PIN is refused on the phone')
  t.equal(json(locked).code, 'PIN_LOCKED')
  t.match(json(locked).detail, /803 164/, 'the problem says how to reach the Contact Center')
  t.equal((await webLogin(cf, personalPin)).statusCode, 423, 'and on the web')
  t.same(await filedFor(cf), [])
})

t.test('the 16 characters do not identify a caller, and are not counted as a wrong PIN', async (t) => {
  const { token } = await operatorToken(ctx)
  const cf = await newPerson(ctx.emulator)
  const { pin } = await issueTestPin(ctx.app, cf)
  const res = await file(token, application(cf, pin))
  t.equal(res.statusCode, 403)
  t.equal(json(res).code, 'CALLER_PIN_CHANGE_REQUIRED')
  const counter = await ctx.app.db
    .selectFrom('login_attempts')
    .select('failed_attempts')
    .where('subject', '=', `cf:${cf}`)
    .executeTakeFirst()
  t.notOk(counter?.failed_attempts, 'no failure counted')
})

t.test('after the emergency the first half no longer identifies a caller', async (t) => {
  const { token: early } = await operatorToken(ctx)
  const cf = await newPerson(ctx.emulator)
  const { firstHalf } = await issueTestPin(ctx.app, cf)
  t.ok(early)
  await freezeClock(ctx, '2020-08-03T10:00:00+02:00')
  const { token } = await operatorToken(ctx)
  const res = await file(token, application(cf, firstHalf))
  t.equal(res.statusCode, 403)
  t.equal(json(res).code, 'PIN_SEMPLIFICATO_UNAVAILABLE')
  t.same(await filedFor(cf), [])
})

t.test('enquiries: the identified caller hears about their applications and payments', async (t) => {
  const { token, operatorId } = await operatorToken(ctx)
  const cf = await newPerson(ctx.emulator)
  const { personalPin } = await activateTestPin(ctx.app, cf)
  const filed = json(await file(token, application(cf, personalPin)))
  await ctx.app.services.payments.schedule(ctx.app.db, new Date('2020-04-01T08:00:00Z'), {
    codiceFiscale: cf,
    applicationId: filed.id,
    benefitCode: 'indennita-professionisti-cococo',
    period: '2020-03',
    amountEur: 600,
    method: 'iban',
    iban: 'IT60X0542811101000000123456',
    valueDate: '2020-04-15',
  })
  const enquire = (callerPin: string, codiceFiscale = cf) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/contact-center/enquiries',
      headers: bearer(token),
      payload: { codiceFiscale, callerPin },
    })

  const res = await enquire(personalPin)
  t.equal(res.statusCode, 200, res.body)
  const body = json(res)
  t.same(
    body.applications.map((a: { id: string }) => a.id),
    [filed.id],
  )
  t.match(body.payments, [
    {
      applicationId: filed.id,
      benefitCode: 'indennita-professionisti-cococo',
      period: '2020-03',
      amountEur: 600,
      status: 'scheduled',
      valueDate: '2020-04-15',
    },
  ])
  t.equal(body.payments.length, 1)
  const audit = await ctx.app.db
    .selectFrom('audit_events')
    .select(['actor_id', 'channel', 'detail'])
    .where('codice_fiscale', '=', cf)
    .where('action', '=', 'contact_center.enquiry')
    .execute()
  t.match(
    audit,
    [{ actor_id: operatorId, channel: 'contact_center', detail: { onBehalfOf: cf, applications: 1, payments: 1 } }],
    'audited as a read on behalf',
  )

  for (const wrong of [await enquire('WRONG123'), await enquire('AAAAAAAA', stranger('Ida', 'Rossi').codiceFiscale)]) {
    t.equal(wrong.statusCode, 401)
    t.equal(json(wrong).code, 'CALLER_NOT_IDENTIFIED')
    t.notOk(json(wrong).applications, 'nothing told')
  }
})
