import t from 'tap'
import { inflateSync } from 'node:zlib'
import { PDFArray, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib'
import { setupTestApp, json } from '../../helper.js'
import { bearer } from '../../factories.js'
import { multipart, PDF, PNG } from '../credential/credential.factories.js'
import { GESTIONE_SEPARATA, IBAN, OTHER_IBAN, indemnityBody, newApplicant } from './applicant.factories.js'

// docs/rules.md §11–§12: calendar, reasons, riesame, payment, SEPA documents, receipt.
const ctx = await setupTestApp(t)
const db = ctx.database.db
const freeze = (now: string) => ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const patronatoToken = async (org: string) =>
  (
    await ctx.app.tokens.issueSession({
      subject: `PAT-${org}`,
      role: 'patronato',
      authLevel: 'pin_dispositivo',
      organisationId: org,
    })
  ).accessToken
const submit = async (cf: string, body: unknown = indemnityBody()) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: bearer(await token(cf)),
    payload: body as object,
  })
const read = async (cf: string, id: string) =>
  ctx.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(await token(cf)) })
const run = async () => json(await ctx.emulator('POST', '/emulator/jobs/run'))
const riesame = async (cf: string, id: string) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/applications/${id}/riesame`,
    headers: bearer(await token(cf)),
    payload: { note: 'La mia è una pensione ai superstiti' },
  })
const changePayment = async (cf: string, id: string, payment: object) =>
  ctx.app.inject({
    method: 'PUT',
    url: `/api/v1/applications/${id}/payment`,
    headers: bearer(await token(cf)),
    payload: payment,
  })

t.test(
  'calendar: 403 before 1 April and after 3 June (8 June for an assegno ordinario di invalidità), on every channel',
  async (t) => {
    const plain = await newApplicant(ctx, GESTIONE_SEPARATA)
    const assegno = await newApplicant(ctx, { ...GESTIONE_SEPARATA, pension: { kind: 'assegno_ordinario_invalidita' } })
    const rdc = await newApplicant(ctx, { ...GESTIONE_SEPARATA, citizenshipIncomeMonthlyEur: 200 })
    await freeze('2020-03-31T23:59:00+02:00')
    const early = await submit(plain)
    t.equal(early.statusCode, 403)
    t.match(json(early), { code: 'APPLICATION_PERIOD_NOT_OPEN', opensAt: '2020-04-01T00:00:00+02:00' })
    await freeze('2020-03-31T10:00:00+02:00')
    const org = 'ORG-CAL'
    const mandate = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/patronato/mandates',
      headers: bearer(await patronatoToken(org)),
      payload: { codiceFiscale: plain },
    })
    t.equal(mandate.statusCode, 201)
    const byPatronato = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/patronato/applications',
      headers: bearer(await patronatoToken(org)),
      payload: { codiceFiscale: plain, ...indemnityBody() },
    })
    t.match(json(byPatronato), { code: 'APPLICATION_PERIOD_NOT_OPEN' }, 'the patronato channel too')

    await freeze('2020-06-04T00:00:00+02:00')
    const late = await submit(plain)
    t.equal(late.statusCode, 403)
    t.match(json(late), { code: 'APPLICATION_PERIOD_CLOSED', closedAt: '2020-06-04T00:00:00+02:00' })
    await freeze('2020-06-08T23:59:00+02:00')
    t.equal(
      (await submit(assegno)).statusCode,
      201,
      'an assegno ordinario di invalidità holder had until the end of 8 June',
    )
    await freeze('2020-06-09T00:00:00+02:00')
    t.match(json(await submit(rdc)), { code: 'APPLICATION_PERIOD_CLOSED', closedAt: '2020-06-09T00:00:00+02:00' })

    await freeze('2020-06-03T23:59:00+02:00')
    t.equal((await submit(plain)).statusCode, 201, 'the last minute of 3 June still counts')

    const benefits = json(await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })).items
    t.match(
      benefits.find((b: { code: string }) => b.code === 'indennita-agricoli'),
      { opensAt: '2020-04-01T00:00:00+02:00', closesAt: '2020-06-04T00:00:00+02:00', amountEur: 600 },
    )
    t.match(
      benefits.find((b: { code: string }) => b.code === 'bonus-baby-sitting'),
      { closesAt: '2020-09-01T00:00:00+02:00' },
      'the baby-sitting bonus closes after 31 August 2020 (L. 77/2020)',
    )
  },
)

t.test('rejections carry the Italian motivazione; the outcome email is in Italian with dd/mm/yyyy', async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const diretta = await newApplicant(ctx, { ...GESTIONE_SEPARATA, pension: { kind: 'diretta' } })
  const superstiti = await newApplicant(ctx, { ...GESTIONE_SEPARATA, pension: { kind: 'superstiti' } })
  const rejected = json(await submit(diretta))
  const accepted = json(await submit(superstiti))
  await run()
  const r = json(await read(diretta, rejected.id))
  t.same(r.reasons, [
    { code: 'PENSIONER', description: 'titolarità di un trattamento pensionistico diretto al mese di marzo 2020' },
  ])
  t.match(r.payment, { status: 'not_applicable' })
  t.match(json(await read(superstiti, accepted.id)), { status: 'accepted' }, "a survivors' pension does not exclude")
  const mail = json(await ctx.emulator('GET', `/emulator/outbox?codiceFiscale=${diretta}`)).items.find(
    (m: { subject: string }) => m.subject.startsWith('Esito'),
  )
  t.match(
    mail.body,
    /Indennità liberi professionisti.*respinta il 02\/04\/2020.*titolarità di un trattamento pensionistico diretto.*riesame entro il 21\/06\/2020/,
  )
})

t.test('old stored reasons (plain codes) read back as {code, description}', async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const cf = await newApplicant(ctx, { pensioner: true, agricultural: { daysWorked2019: 10 } })
  const { id } = json(await submit(cf, indemnityBody(undefined, 'indennita-agricoli')))
  await run()
  await db
    .updateTable('applications')
    .set({ reasons: JSON.stringify(['PENSIONER', 'SOME_OLD_CODE']) })
    .where('id', '=', id)
    .execute()
  t.same(json(await read(cf, id)).reasons, [
    { code: 'PENSIONER', description: 'titolarità di un trattamento pensionistico diretto al mese di marzo 2020' },
    { code: 'SOME_OLD_CODE', description: 'requisiti non soddisfatti' },
  ])
})

t.test(
  'riesame: rejected only, once, within 20 days of the later of 1 June and the rejection; decided on the archive as it is then',
  async (t) => {
    await freeze('2020-04-02T17:00:00+02:00')
    const positions = { ...GESTIONE_SEPARATA, pension: { kind: 'diretta' } }
    const [onDay20, onDay21, accepted] = [
      await newApplicant(ctx, positions),
      await newApplicant(ctx, positions),
      await newApplicant(ctx, GESTIONE_SEPARATA),
    ]
    const ids = {
      onDay20: json(await submit(onDay20)).id,
      onDay21: json(await submit(onDay21)).id,
      accepted: json(await submit(accepted)).id,
    }
    await run()
    await freeze('2020-04-03T17:00:00+02:00')
    t.match(json(await riesame(accepted, ids.accepted)), { code: 'RIESAME_NOT_ALLOWED' })
    t.equal((await riesame(onDay21, ids.onDay20)).statusCode, 404, "another citizen's application does not exist")
    const foreignPatronato = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/patronato/applications/${ids.onDay20}/riesame`,
      headers: bearer(await patronatoToken('ORG-OTHER')),
      payload: { note: 'x' },
    })
    t.equal(foreignPatronato.statusCode, 403, 'patronati act 08-16 only')

    await freeze('2020-06-21T23:59:00+02:00')
    // The archive is corrected meanwhile: the pension was a survivors' one.
    const person = json(await ctx.emulator('GET', `/emulator/persons/${onDay20}`))
    const { codiceFiscale: _cf, updatedAt: _at, ...record } = person
    await ctx.emulator('PUT', `/emulator/persons/${onDay20}`, {
      ...record,
      positions: { ...GESTIONE_SEPARATA, pension: { kind: 'superstiti' } },
    })
    const asked = await riesame(onDay20, ids.onDay20)
    t.equal(asked.statusCode, 202)
    t.same(json(asked), { status: 'riesame_requested' })
    t.match(json(await riesame(onDay20, ids.onDay20)), { code: 'RIESAME_NOT_ALLOWED' }, 'once')
    await freeze('2020-06-22T00:00:00+02:00')
    const tooLate = await riesame(onDay21, ids.onDay21)
    t.equal(tooLate.statusCode, 409)
    t.match(json(tooLate), { code: 'RIESAME_DEADLINE_PASSED', deadline: '2020-06-21' })

    await run()
    const decided = json(await read(onDay20, ids.onDay20))
    t.match(decided, {
      status: 'accepted',
      riesame: { requestedAt: '2020-06-21T23:59:00+02:00', outcome: 'accepted' },
      payment: { status: 'scheduled' },
    })
    t.notOk(decided.reasons)
  },
)

t.test('riesame by the filing patronato, never by another', async (t) => {
  await freeze('2020-04-02T10:00:00+02:00')
  const cf = await newApplicant(ctx, { ...GESTIONE_SEPARATA, cassaProfessionale: { name: 'Cassa Forense' } })
  await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/patronato/mandates',
    headers: bearer(await patronatoToken('ORG-A')),
    payload: { codiceFiscale: cf },
  })
  const filed = json(
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/patronato/applications',
      headers: bearer(await patronatoToken('ORG-A')),
      payload: { codiceFiscale: cf, ...indemnityBody() },
    }),
  )
  await run()
  await freeze('2020-06-05T10:00:00+02:00')
  const url = `/api/v1/patronato/applications/${filed.id}/riesame`
  const other = await ctx.app.inject({
    method: 'POST',
    url,
    headers: bearer(await patronatoToken('ORG-B')),
    payload: { note: 'x' },
  })
  t.equal(other.statusCode, 404)
  t.notOk(other.body.includes(cf))
  const own = await ctx.app.inject({
    method: 'POST',
    url,
    headers: bearer(await patronatoToken('ORG-A')),
    payload: { note: 'cassa cessata' },
  })
  t.equal(own.statusCode, 202)
  const row = await db
    .selectFrom('applications')
    .select(['status', 'riesame_note'])
    .where('id', '=', filed.id)
    .executeTakeFirstOrThrow()
  t.same(row, { status: 'submitted', riesame_note: 'cassa cessata' }, 'back in the queue of the evaluation worker')
})

t.test(
  'IBAN ownership from 10 April: accepted but payment failed IBAN_NOT_HELD, fixed by a PUT of a held IBAN; not once paid',
  async (t) => {
    const onThe9th = await newApplicant(ctx, GESTIONE_SEPARATA, { holderSelf: [OTHER_IBAN] })
    const onThe10th = await newApplicant(ctx, GESTIONE_SEPARATA, {
      holderSelf: [OTHER_IBAN],
      bankAccounts: [{ iban: IBAN, holders: ['RSSMRA85T10A562S'] }],
    })
    await freeze('2020-04-08T17:00:00+02:00')
    const a9 = json(await submit(onThe9th)).id
    await freeze('2020-04-09T23:59:00+02:00')
    await run()
    t.match(json(await read(onThe9th, a9)).payment, { status: 'scheduled' }, 'no ownership check before 10 April')
    const a10 = json(await submit(onThe10th)).id
    await freeze('2020-04-10T00:00:00+02:00')
    await run()
    const failed = json(await read(onThe10th, a10))
    t.match(failed, {
      status: 'accepted',
      payment: { method: 'iban', status: 'failed', failureReason: 'IBAN_NOT_HELD' },
    })
    t.match(
      json(await ctx.app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await token(onThe10th)) }))
        .items,
      [{ status: 'failed', failureReason: 'IBAN_NOT_HELD' }],
    )

    t.equal(
      (await changePayment(onThe9th, a10, { method: 'iban', iban: OTHER_IBAN })).statusCode,
      404,
      "someone else's application",
    )
    t.match(json(await changePayment(onThe10th, a10, { method: 'iban', iban: 'IT00X0000000000000000000000' })), {
      code: 'INVALID_IBAN',
    })
    const fixed = await changePayment(onThe10th, a10, { method: 'iban', iban: OTHER_IBAN })
    t.equal(fixed.statusCode, 200)
    t.match(json(fixed).payment, { method: 'iban', ibanMasked: 'IT42 **** 9012', status: 'scheduled' })
    t.notOk(json(fixed).payment.failureReason)

    await freeze('2020-04-30T17:00:00+02:00')
    await run()
    t.match(json(await read(onThe10th, a10)).payment, { status: 'paid' })
    const again = await changePayment(onThe10th, a10, { method: 'post_office' })
    t.equal(again.statusCode, 409)
    t.match(json(again), { code: 'PAYMENT_NOT_CHANGEABLE' })
  },
)

t.test('foreign SEPA IBAN from 14 May: awaiting documents, evaluated once they arrive', async (t) => {
  const cf = await newApplicant(ctx, GESTIONE_SEPARATA)
  const other = await newApplicant(ctx, GESTIONE_SEPARATA)
  const sepa = indemnityBody({ method: 'iban_sepa', iban: 'DE89370400440532013000' })
  await freeze('2020-05-13T23:59:00+02:00')
  t.match(json(await submit(cf, sepa)), { code: 'SEPA_IBAN_NOT_ACCEPTED_YET' })
  await freeze('2020-05-14T17:00:00+02:00')
  t.match(
    json(await submit(cf, indemnityBody({ method: 'iban_sepa', iban: 'BR1800360305000010009795493C1' }))),
    { code: 'INVALID_IBAN' },
    'Brazil is not SEPA',
  )
  t.match(
    json(await submit(cf, indemnityBody({ method: 'iban', iban: 'DE89370400440532013000' }))),
    { code: 'INVALID_IBAN' },
    'method iban stays Italian',
  )
  const created = await submit(cf, sepa)
  t.equal(created.statusCode, 201)
  const { id } = json(created)
  t.equal(json(created).status, 'awaiting_documents')
  t.same(await run(), { processed: 0 }, 'not evaluated without its documents')

  const url = `/api/v1/applications/${id}/documents`
  const post = async (who: string, parts: Parameters<typeof multipart>[0]) => {
    const body = multipart(parts)
    return ctx.app.inject({
      method: 'POST',
      url,
      headers: { ...bearer(await token(who)), ...body.headers },
      payload: body.payload,
    })
  }
  const identity = { name: 'identityDocument', content: PNG, filename: 'id.png', contentType: 'image/png' }
  const modulo = {
    name: 'financialIdentification',
    content: PDF,
    filename: 'modulo.pdf',
    contentType: 'application/pdf',
  }
  t.equal((await post(other, [identity, modulo])).statusCode, 404, "someone else's application")
  const wrongType = await post(cf, [identity, { ...modulo, content: Buffer.from('not a pdf at all') }])
  t.equal(wrongType.statusCode, 415)
  t.match(json(wrongType), { code: 'UNSUPPORTED_FILE_TYPE', field: 'financialIdentification' })
  t.match(json(await post(cf, [identity])), { code: 'MISSING_FILE' })
  const sent = await post(cf, [identity, modulo])
  t.equal(sent.statusCode, 202)
  t.same(json(sent), { status: 'submitted' })
  t.match(json(await post(cf, [identity, modulo])), { code: 'DOCUMENTS_NOT_REQUIRED' })
  t.same(await run(), { processed: 1 })
  t.match(json(await read(cf, id)), {
    status: 'accepted',
    payment: { method: 'iban_sepa', ibanMasked: 'DE89 **** 3000', status: 'scheduled' },
  })
})

t.test(
  'the ricevuta: a PDF with the protocol number, Italian benefit name, Rome time and channel; owner or filing patronato only',
  async (t) => {
    await freeze('2020-04-02T17:05:00+02:00')
    const cf = await newApplicant(ctx, GESTIONE_SEPARATA)
    const other = await newApplicant(ctx, GESTIONE_SEPARATA)
    const { id, protocolNumber } = json(await submit(cf))
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/applications/${id}/receipt`,
      headers: bearer(await token(cf)),
    })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], 'application/pdf')
    t.equal(res.headers['cache-control'], 'no-store')
    const pdf = await PDFDocument.load(res.rawPayload)
    t.equal(pdf.getTitle(), `Ricevuta ${protocolNumber}`)
    // The page's text, as drawn: hex strings of WinAnsi bytes in the (deflated) content stream.
    const contents = pdf.context.lookup(pdf.getPage(0).node.get(PDFName.of('Contents')))
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => pdf.context.lookup(ref)) : [contents]
    const drawn = streams
      .map((s) => inflateSync(Buffer.from((s as PDFRawStream).contents)).toString('latin1'))
      .join('\n')
    const text = [...drawn.matchAll(/<([0-9A-Fa-f]+)>/g)]
      .map((m) => Buffer.from(m[1], 'hex').toString('latin1'))
      .join('\n')
    t.match(text, `Protocollo: ${protocolNumber}`)
    t.match(text, 'Indennità liberi professionisti con partita IVA e co.co.co.')
    t.match(text, 'Presentata il 02/04/2020 alle ore 17:05 (ora di Roma)')
    t.match(text, 'Canale: servizio online (cittadino)')

    t.equal(
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/applications/${id}/receipt`,
          headers: bearer(await token(other)),
        })
      ).statusCode,
      404,
    )
    await freeze('2020-04-03T10:00:00+02:00')
    const patronato = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/patronato/applications/${id}/receipt`,
      headers: bearer(await patronatoToken('ORG-A')),
    })
    t.equal(patronato.statusCode, 404, 'a patronato that did not file it')
  },
)

t.test('documents: an id that is no uuid is a 400, even with an unreadable body', async (t) => {
  await freeze('2020-05-14T17:00:00+02:00')
  const cf = await newApplicant(ctx, GESTIONE_SEPARATA)
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/applications/not-a-uuid/documents',
    headers: { ...bearer(await token(cf)), 'content-type': 'multipart/form-data; boundary=nope' },
    payload: 'garbage',
  })
  t.equal(res.statusCode, 400)
  t.match(json(res), { code: 'VALIDATION_ERROR' })
})

t.test('a riesame rejected again says so, and offers no second riesame', async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const cf = await newApplicant(ctx, { ...GESTIONE_SEPARATA, pension: { kind: 'ape_sociale' } })
  const { id } = json(await submit(cf))
  await run()
  // The riesame opened on 1 June 2020 (msg 2263/2020).
  await freeze('2020-06-03T17:00:00+02:00')
  t.equal((await riesame(cf, id)).statusCode, 202)
  await run()
  t.match(json(await read(cf, id)), {
    status: 'rejected',
    riesame: { outcome: 'rejected' },
    reasons: [{ code: 'APE_SOCIALE' }],
  })
  const mails = json(await ctx.emulator('GET', `/emulator/outbox?codiceFiscale=${cf}&channel=email`)).items.filter(
    (m: { subject: string }) => m.subject.startsWith('Esito'),
  )
  t.equal(mails.length, 2)
  t.match(mails[1].body, /respinta il 03\/06\/2020.*Esito del riesame/)
  t.notMatch(mails[1].body, /Può chiedere il riesame/)
})

t.test('the receipt message names the benefit in Italian', async (t) => {
  await freeze('2020-04-02T17:00:00+02:00')
  const cf = await newApplicant(ctx, { agricultural: { daysWorked2019: 80 } })
  const { protocolNumber } = json(await submit(cf, indemnityBody(undefined, 'indennita-agricoli')))
  const receipt = json(await ctx.emulator('GET', `/emulator/outbox?codiceFiscale=${cf}`)).items.find(
    (m: { subject: string }) => m.subject === `Ricevuta domanda ${protocolNumber}`,
  )
  t.equal(
    receipt.body,
    `INPS: la domanda di Indennità lavoratori del settore agricolo è stata acquisita con protocollo ${protocolNumber}.`,
  )
})
