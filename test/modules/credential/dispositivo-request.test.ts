import { createHash } from 'node:crypto'
import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { activateTestPin, bearer, fixturePerson, issueTestPin } from '../../factories.js'
import { EXE, JPEG, PDF, PNG, freeze, identityFile, moduleFile, upload } from './credential.factories.js'

const ctx = await setupTestApp(t)
const db = ctx.database.db
const status = (token: string, id: string) =>
  ctx.app.inject({ method: 'GET', url: `/api/v1/pin-dispositivo-requests/${id}`, headers: bearer(token) })
const cf = (note: string) => fixturePerson(note).codiceFiscale

t.beforeEach(async () => {
  await freeze(ctx)
})

t.test(
  'an activated PIN ordinario uploads the two documents: 202, stored with hash, size and detected type',
  async (t) => {
    const giulia = cf('VAT-registered professional')
    const { accessToken } = await activateTestPin(ctx.app, giulia, 'Mela2020')
    const res = await upload(ctx, accessToken, [moduleFile(), identityFile(PNG, 'scan.png', 'image/png')])
    t.equal(res.statusCode, 202, res.body)
    const body = json(res)
    t.match(body, { id: /^[0-9a-f-]{36}$/, status: 'under_review' })

    const docs = await db
      .selectFrom('pin_dispositivo_documents')
      .selectAll()
      .where('request_id', '=', body.id)
      .orderBy('field')
      .execute()
    t.same(
      docs.map((d) => [d.field, d.mime_type, d.size]),
      [
        ['identityDocument', 'image/png', PNG.length],
        ['module', 'application/pdf', PDF.length],
      ],
    )
    t.equal(docs[1].sha256, createHash('sha256').update(PDF).digest('hex'))
    t.ok(Buffer.from(docs[1].content).equals(PDF), 'the bytes are stored as sent')
    const row = await db
      .selectFrom('pin_dispositivo_requests')
      .selectAll()
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow()
    t.match(row, { codice_fiscale: giulia, channel: 'web', status: 'under_review', filed_by: null })

    const read = await status(accessToken, body.id)
    t.equal(read.statusCode, 200)
    t.equal(read.headers['cache-control'], 'no-store')
    t.same(json(read), {
      id: body.id,
      status: 'under_review',
      channel: 'web',
      submittedAt: '2020-04-01T10:00:00+02:00',
    })
    t.equal(
      (await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${giulia}&action=dispositivo.requested`)).json().items
        .length,
      1,
      'audited',
    )
  },
)

t.test('a JPEG or a PDF identity document is accepted too', async (t) => {
  for (const [note, content, name] of [
    ['co.co.co. active', JPEG, 'id.jpg'],
    ['opened 2020-02-24', PDF, 'id.pdf'],
  ] as const) {
    const { accessToken } = await activateTestPin(ctx.app, cf(note), 'Pera2020')
    const res = await upload(ctx, accessToken, [moduleFile(), identityFile(content, name, 'application/octet-stream')])
    t.equal(res.statusCode, 202, `${name}: ${res.body}`)
  }
})

t.test('types are checked by content: a renamed executable is refused 415 naming the field', async (t) => {
  const { accessToken } = await activateTestPin(ctx.app, cf('co.co.co. ended'), 'Fico2020')
  const res = await upload(ctx, accessToken, [moduleFile(EXE, 'module.pdf', 'application/pdf'), identityFile()])
  t.equal(res.statusCode, 415)
  t.match(res.headers['content-type'], /application\/problem\+json/)
  t.match(json(res), {
    code: 'UNSUPPORTED_FILE_TYPE',
    field: 'module',
    detectedType: 'application/x-msdownload',
    acceptedTypes: ['application/pdf'],
  })

  const png = await upload(ctx, accessToken, [moduleFile(PNG, 'module.pdf'), identityFile()])
  t.match(
    json(png),
    { code: 'UNSUPPORTED_FILE_TYPE', field: 'module', detectedType: 'image/png' },
    'a picture is no signed form',
  )
  const text = await upload(ctx, accessToken, [
    moduleFile(),
    identityFile(Buffer.from('just text'), 'id.png', 'image/png'),
  ])
  t.match(json(text), { status: 415, code: 'UNSUPPORTED_FILE_TYPE', field: 'identityDocument', detectedType: null })
  t.equal(
    await db
      .selectFrom('pin_dispositivo_requests')
      .select('id')
      .where('codice_fiscale', '=', cf('co.co.co. ended'))
      .executeTakeFirst(),
    undefined,
    'nothing stored',
  )
})

t.test('a file over 5 MB is refused 413; exactly 5 MB passes', async (t) => {
  const { accessToken } = await activateTestPin(ctx.app, cf('two positions in different schemes'), 'Kiwi2020')
  const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024 + 1 - PDF.length, 0x20)])
  const res = await upload(ctx, accessToken, [moduleFile(big), identityFile()])
  t.equal(res.statusCode, 413)
  t.match(res.headers['content-type'], /application\/problem\+json/)
  t.match(json(res), { code: 'FILE_TOO_LARGE', field: 'module', maxBytes: 5 * 1024 * 1024 })

  const bigId = await upload(ctx, accessToken, [
    moduleFile(),
    identityFile(Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 1 - PNG.length)])),
  ])
  t.match(json(bigId), { status: 413, code: 'FILE_TOO_LARGE', field: 'identityDocument' })

  const exact = await upload(ctx, accessToken, [moduleFile(big.subarray(0, 5 * 1024 * 1024)), identityFile()])
  t.equal(exact.statusCode, 202, 'the limit itself is allowed')
})

t.test('a missing or empty file is 400 MISSING_FILE; other malformed forms are 4xx problems', async (t) => {
  const { accessToken } = await activateTestPin(ctx.app, cf('artigiani'), 'Noce2020')
  t.match(json(await upload(ctx, accessToken, [moduleFile()])), {
    status: 400,
    code: 'MISSING_FILE',
    field: 'identityDocument',
  })
  t.match(json(await upload(ctx, accessToken, [identityFile()])), {
    status: 400,
    code: 'MISSING_FILE',
    field: 'module',
  })
  t.match(json(await upload(ctx, accessToken, [moduleFile(Buffer.alloc(0)), identityFile()])), {
    status: 400,
    code: 'MISSING_FILE',
    field: 'module',
  })
  t.match(
    json(
      await upload(ctx, accessToken, [
        moduleFile(),
        identityFile(),
        { name: 'photo', content: PNG, filename: 'x.png' },
      ]),
    ),
    { status: 413, code: 'TOO_MANY_FILES' },
  )
  t.match(json(await upload(ctx, accessToken, [moduleFile(), { name: 'selfie', content: PNG, filename: 'x.png' }])), {
    status: 400,
    code: 'UNEXPECTED_FIELD',
    field: 'selfie',
  })

  const asJson = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/pin-dispositivo-requests',
    headers: bearer(accessToken),
    payload: { module: 'x', identityDocument: 'y' },
  })
  t.match(json(asJson), { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' })
  t.equal(
    await db
      .selectFrom('pin_dispositivo_requests')
      .select('id')
      .where('codice_fiscale', '=', cf('artigiani'))
      .executeTakeFirst(),
    undefined,
  )
})

t.test('only an activated PIN ordinario may convert: semplificato 403, dispositivo 409, no token 401', async (t) => {
  const anna = cf('commercianti; female')
  const { firstHalf } = await issueTestPin(ctx.app, anna)
  const semplificato = json(
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/pin', payload: { codiceFiscale: anna, pin: firstHalf } }),
  )
  t.equal(semplificato.authLevel, 'pin_semplificato')
  const res = await upload(ctx, semplificato.accessToken)
  t.equal(res.statusCode, 403)
  t.equal(json(res).code, 'INSUFFICIENT_LEVEL')

  const salvatore = cf('coltivatori diretti')
  const { accessToken } = await activateTestPin(ctx.app, salvatore, 'Pino2020', 'dispositivo')
  const already = await upload(ctx, accessToken)
  t.equal(already.statusCode, 409)
  t.equal(json(already).code, 'ALREADY_DISPOSITIVO')

  const anonymous = await ctx.app.inject({ method: 'POST', url: '/api/v1/pin-dispositivo-requests' })
  t.equal(anonymous.statusCode, 401)
  const failures = json(
    await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${salvatore}&action=dispositivo.requested`),
  ).items
  t.match(failures, [{ outcome: 'failure', detail: { code: 'ALREADY_DISPOSITIVO' } }], 'refusals are audited')
})

t.test('one open request per person: the second gets 409 REQUEST_ALREADY_OPEN, also when racing', async (t) => {
  const antonio = cf('coloni e mezzadri')
  const { accessToken } = await activateTestPin(ctx.app, antonio, 'Olmo2020')
  const [a, b] = await Promise.all([upload(ctx, accessToken), upload(ctx, accessToken)])
  t.same([a.statusCode, b.statusCode].sort(), [202, 409])
  t.equal(json(a.statusCode === 409 ? a : b).code, 'REQUEST_ALREADY_OPEN')
  const again = await upload(ctx, accessToken)
  t.equal(again.statusCode, 409)
  t.equal(json(again).code, 'REQUEST_ALREADY_OPEN')
  const rows = await db
    .selectFrom('pin_dispositivo_requests')
    .select('id')
    .where('codice_fiscale', '=', antonio)
    .execute()
  t.equal(rows.length, 1)
  t.equal(
    (
      await db
        .selectFrom('pin_dispositivo_documents')
        .select('request_id')
        .where('request_id', '=', rows[0].id)
        .execute()
    ).length,
    2,
  )
})

t.test('only the owner reads a request: another citizen gets 404, like an unknown id', async (t) => {
  const owner = cf('reddito di cittadinanza')
  const { accessToken } = await activateTestPin(ctx.app, owner, 'Faro2020')
  const { id } = json(await upload(ctx, accessToken))
  const other = await activateTestPin(ctx.app, cf('seasonal hotel contract'), 'Luna2020')
  const res = await status(other.accessToken, id)
  t.equal(res.statusCode, 404)
  const unknown = await status(other.accessToken, '00000000-0000-4000-8000-000000000000')
  t.same(
    { ...json(res), requestId: undefined, instance: undefined },
    { ...json(unknown), requestId: undefined, instance: undefined },
    'indistinguishable',
  )
  t.notMatch(res.body, new RegExp(owner), 'no trace of the owner')
  t.equal((await status(accessToken, id)).statusCode, 200)
  t.equal((await status(accessToken, 'not-a-uuid')).statusCode, 400)
})
