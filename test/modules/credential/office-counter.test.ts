import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { activateTestPin, bearer, fixturePerson } from '../../factories.js'
import { OPERATORS, audit, freeze, operatorToken, outbox } from './credential.factories.js'

const ctx = await setupTestApp(t)
const db = ctx.database.db
const cf = (note: string) => fixturePerson(note).codiceFiscale

await freeze(ctx)
const sede = await operatorToken(ctx, OPERATORS.office) // SEDE0001, office 1300 (open)
const counter = (officeCode: string, body: object, token = sede) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/offices/${officeCode}/pin-dispositivo`,
    headers: bearer(token),
    payload: body,
  })
const identified = (codiceFiscale: string) => ({
  codiceFiscale,
  identityDocument: { type: 'passaporto', number: 'YA1234567' },
})
const login = (codiceFiscale: string, pin: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/pin', payload: { codiceFiscale, pin } })

/** An office operator created through the emulator, logged in. */
async function officeOperator(officeCode: string): Promise<string> {
  const created = json(
    await ctx.emulator('POST', '/emulator/operators', {
      role: 'office',
      officeCode,
      organisation: `Sede ${officeCode}`,
    }),
  )
  return operatorToken(ctx, { operatorId: created.operatorId, pin: created.pin })
}

t.beforeEach(async () => {
  await freeze(ctx)
})

t.test('the counter hands over a whole 16-character PIN dispositivo that works for first use', async (t) => {
  const giulia = cf('VAT-registered professional')
  const before = (await outbox(ctx, giulia)).length
  const res = await counter('1300', identified(giulia))
  t.equal(res.statusCode, 201, res.body)
  t.equal(res.headers['cache-control'], 'no-store')
  const { pin, level } = json(res)
  t.equal(level, 'dispositivo')
  t.match(pin, /^[A-Z2-9]{16}$/)
  t.equal((await outbox(ctx, giulia)).length, before, 'nothing is sent: the PIN is handed over')

  const row = await db
    .selectFrom('pin_credentials')
    .selectAll()
    .where('codice_fiscale', '=', giulia)
    .executeTakeFirstOrThrow()
  t.match(row, { state: 'issued', level: 'dispositivo', first_name: 'Giulia', last_name: 'Bianchi' })
  t.notMatch(JSON.stringify(row), new RegExp(pin.slice(0, 8)), 'only hashes are stored')

  const first = json(await login(giulia, pin))
  t.match(first, { status: 'pin_change_required', reason: 'first_use' })
  const session = json(
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin/change',
      payload: { changeToken: first.changeToken, newPin: 'Sole2020' },
    }),
  )
  t.match(session, { status: 'authenticated', authLevel: 'pin_dispositivo' })
  t.match(json(await login(giulia, 'Sole2020')), { authLevel: 'pin_dispositivo' })

  const trail = await audit(ctx, giulia, 'dispositivo.issued_at_office')
  t.match(trail, [
    {
      outcome: 'success',
      actorId: 'SEDE0001',
      channel: 'office',
      detail: { officeCode: '1300', identityDocumentType: 'passaporto' },
    },
  ])
  t.notMatch(JSON.stringify(trail), new RegExp(pin), 'the PIN is not in the audit trail')
  t.notMatch(ctx.logText(), new RegExp(pin), 'nor in the logs')
})

t.test('a new PIN at the counter replaces an activated one and lifts a lock', async (t) => {
  const marco = cf('co.co.co. active')
  const { personalPin } = await activateTestPin(ctx.app, marco, 'Pera2020')
  for (let i = 0; i < 5; i++) await login(marco, 'WRONG111')
  t.equal((await login(marco, personalPin)).statusCode, 423)
  const { pin } = json(await counter('1300', identified(marco)))
  t.equal(json(await login(marco, personalPin)).code, 'INVALID_CREDENTIALS', 'the old PIN is gone')
  t.match(json(await login(marco, pin)), { status: 'pin_change_required' }, 'the new one works at once')
})

t.test('a closed office refuses with OFFICE_CLOSED and the date it closed', async (t) => {
  const tuscolano = await officeOperator('1302') // closed since 2020-03-25
  const res = await counter('1302', identified(cf('co.co.co. ended')), tuscolano)
  t.equal(res.statusCode, 403)
  t.match(json(res), { code: 'OFFICE_CLOSED', closedSince: '2020-03-25' })
  t.equal(
    await db
      .selectFrom('pin_credentials')
      .select('codice_fiscale')
      .where('codice_fiscale', '=', cf('co.co.co. ended'))
      .executeTakeFirst(),
    undefined,
  )

  await ctx.emulator('PUT', '/emulator/offices/1302', { open: true })
  t.equal(
    (await counter('1302', identified(cf('co.co.co. ended')), tuscolano)).statusCode,
    201,
    'reopened, it issues again',
  )
})

t.test('an operator acts only for their own office; only office operators', async (t) => {
  const res = await counter('5100', identified(cf('artigiani')))
  t.equal(res.statusCode, 403)
  t.equal(json(res).code, 'WRONG_OFFICE')
  t.equal(json(await counter('1302', identified(cf('artigiani')))).code, 'WRONG_OFFICE', 'also for a closed office')
  const cc = await operatorToken(ctx, OPERATORS.contactCenter)
  t.match(json(await counter('1300', identified(cf('artigiani')), cc)), { status: 403, code: 'ROLE_NOT_ALLOWED' })
  t.equal(
    (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/offices/1300/pin-dispositivo',
        payload: identified(cf('artigiani')),
      })
    ).statusCode,
    401,
  )
  t.match(await audit(ctx, cf('artigiani'), 'dispositivo.issued_at_office'), [
    { outcome: 'failure', detail: { code: 'WRONG_OFFICE' } },
    { outcome: 'failure' },
  ])
})

t.test('the person must be in the archive; the body is validated', async (t) => {
  t.match(json(await counter('1300', identified('RSSMRA85T10A562S'))), { status: 422, code: 'PERSON_NOT_IN_ARCHIVE' })
  t.match(json(await counter('1300', identified('RSSMRA85T10A562X'))), { status: 400, code: 'INVALID_CODICE_FISCALE' })
  t.match(
    json(await counter('1300', { codiceFiscale: cf('artigiani'), identityDocument: { type: 'tessera', number: 'X' } })),
    { status: 400, code: 'VALIDATION_ERROR' },
  )
  t.match(json(await counter('1300', { codiceFiscale: cf('artigiani') })), { status: 400, code: 'VALIDATION_ERROR' })
})
