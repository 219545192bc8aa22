import t from 'tap'
import { mockImport } from '../../mock-import.js'
import { bearer } from '../../factories.js'
import { DEFINITIONS, createCatalogue } from '../../../src/modules/application/benefits/catalogue.js'
import type { BenefitDefinition } from '../../../src/modules/application/benefits/definition.js'
import { AUTH_LEVELS } from '../../../src/core/auth/auth.types.js'
import { IBAN, newApplicant } from './applicant.factories.js'
import { MODULE_EXTENSION } from '../../root.js'

// docs/architecture.md, "Add a benefit": one definition, added to the catalogue's list, and the generic
// machinery does the rest. This benefit exists only here; nothing else in the code base knows it.
const bonusBici: BenefitDefinition = {
  code: 'bonus-prova-bicicletta',
  name: 'Bonus di prova per la bicicletta',
  legalBasis: 'Definizione di prova',
  amountEur: () => 250,
  listedFrom: '2020-06-01',
  calendar: { opensOn: '2020-06-02', lastDay: '2020-06-30' },
  allowedAuthLevels: [...AUTH_LEVELS],
  declarations: { required: ['truthfulness'] },
  exclusiveGroup: null,
  eligibility: ({ positions }) =>
    positions.agricultural
      ? { eligible: true, months: [{ period: '2020-06', amountEur: 250 }] }
      : { eligible: false, reasons: ['NOT_A_CYCLIST'] },
  automatic: { from: '2020-07-01', months: () => [{ period: '2020-07', amountEur: 50 }] },
  riesame: { opensOn: '2020-06-01', days: 5 },
  reasons: { NOT_A_CYCLIST: 'il richiedente non risulta ciclista' },
}

// The whole app is loaded with the catalogue of one more definition. Both are named by absolute URLs
// (tap would resolve a relative one against the TypeScript source a source map points to), and the
// catalogue's is the file imports resolve to.
const catalogue = createCatalogue([...DEFINITIONS, bonusBici])
const catalogueFile = new URL(`../../../src/modules/application/benefits/catalogue${MODULE_EXTENSION}`, import.meta.url)
  .href
const { setupTestApp, json } = await mockImport<typeof import('../../helper.js')>(
  t,
  new URL('../../helper.js', import.meta.url).href,
  { [catalogueFile]: { ...catalogue, DEFINITIONS, createCatalogue } },
)
const ctx = await setupTestApp(t)
const { app, emulator } = ctx
const freeze = (now: string) => emulator('PUT', '/emulator/clock', { now, frozen: true })
const token = async (cf: string) =>
  (await app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken
const submit = async (cf: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: bearer(await token(cf)),
    payload: {
      benefitCode: bonusBici.code,
      payment: { method: 'iban', iban: IBAN },
      declarations: { truthfulness: true },
    },
  })
const read = async (cf: string, id: string) =>
  json(await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: bearer(await token(cf)) }))

t.test(
  'one definition: catalogue, calendar, submission, evaluation, texts, payments, automatic months, riesame',
  async (t) => {
    const cyclist = await newApplicant(ctx, { agricultural: { daysWorked2019: 10 } })
    const walker = await newApplicant(ctx, {})
    await freeze('2020-05-31T17:00:00+02:00')
    const codes = () =>
      app
        .inject({ method: 'GET', url: '/api/v1/benefits' })
        .then((r) => json(r).items.map((b: { code: string }) => b.code))
    t.notOk((await codes()).includes(bonusBici.code), 'absent before the day it is listed from')
    await freeze('2020-06-01T17:00:00+02:00')
    t.ok((await codes()).includes(bonusBici.code))
    t.match(json(await submit(cyclist)), { code: 'APPLICATION_PERIOD_NOT_OPEN', opensAt: '2020-06-02T00:00:00+02:00' })

    await freeze('2020-06-02T17:00:00+02:00')
    const accepted = await submit(cyclist)
    t.equal(accepted.statusCode, 201)
    const refused = json(await submit(walker))
    t.equal((await submit(cyclist)).statusCode, 409, 'one application per person and benefit')
    await emulator('POST', '/emulator/jobs/run')
    t.match(await read(cyclist, json(accepted).id), { status: 'accepted', amountEur: 250 })
    t.match(await read(walker, refused.id), {
      status: 'rejected',
      reasons: [{ code: 'NOT_A_CYCLIST', description: 'il richiedente non risulta ciclista' }],
    })
    const mails = json(await emulator('GET', `/emulator/outbox?codiceFiscale=${walker}&channel=email`)).items
    t.ok(
      mails.some((m: { body: string }) =>
        /Bonus di prova per la bicicletta.*respinta.*riesame entro il 07\/06\/2020/.test(m.body),
      ),
      'the letters name it in Italian, with its own riesame window',
    )

    await freeze('2020-07-01T17:00:00+02:00')
    await emulator('POST', '/emulator/jobs/run')
    const payments = json(
      await app.inject({ method: 'GET', url: '/api/v1/payments', headers: bearer(await token(cyclist)) }),
    ).items.map((p: { period: string; amountEur: number }) => `${p.period} ${p.amountEur}`)
    t.same(payments.sort(), ['2020-06 250', '2020-07 50'], 'its month, then the automatic one')
    t.match(json(await submit(walker)), { code: 'APPLICATION_PERIOD_CLOSED' })
  },
)
