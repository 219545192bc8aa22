import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { bearer, fixturePerson } from '../../factories.js'
import { evaluateEligibility, type Positions } from './eligibility.js'
import { indemnityBody } from './applicant.factories.js'

// docs/rules.md §11–§12 against the fixture people that document them (docs/fixtures.md).
const ctx = await setupTestApp(t)
const token = async (cf: string) =>
  (await ctx.app.tokens.issueSession({ subject: cf, role: 'citizen', authLevel: 'pin_ordinario' })).accessToken

t.test('each second-wave fixture person gets the outcome its note promises', async (t) => {
  await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-14T17:00:00+02:00', frozen: true })
  const cases: Array<[string, string, string, string[] | null, string?]> = [
    ['direct pension', 'indennita-professionisti-cococo', 'rejected', ['PENSIONER']],
    ["survivors' pension", 'indennita-professionisti-cococo', 'accepted', null],
    ['APE sociale', 'indennita-autonomi-ago', 'rejected', ['APE_SOCIALE']],
    [
      'assegno ordinario di invalidità',
      'indennita-professionisti-cococo',
      'rejected',
      ['ASSEGNO_ORDINARIO_INVALIDITA'],
    ],
    [
      'employee position running on 2020-02-23',
      'indennita-professionisti-cococo',
      'rejected',
      ['OTHER_COMPULSORY_SCHEME'],
    ],
    ['professional fund (cassa)', 'indennita-autonomi-ago', 'rejected', ['OTHER_COMPULSORY_SCHEME']],
    ['IBAN_NOT_HELD', 'indennita-agricoli', 'accepted', null, 'failed'],
    ['citizenshipIncomeMonthlyEur', 'indennita-spettacolo', 'rejected', ['CITIZENSHIP_INCOME']],
  ]
  const ids: string[] = []
  for (const [note, benefit] of cases) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: bearer(await token(fixturePerson(note).codiceFiscale)),
      payload: indemnityBody(undefined, benefit),
    })
    t.equal(res.statusCode, 201, `${note}: submitted`)
    ids.push(json(res).id)
  }
  await ctx.emulator('POST', '/emulator/jobs/run')
  for (const [i, [note, , status, reasons, paymentStatus]] of cases.entries()) {
    const read = json(
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/applications/${ids[i]}`,
        headers: bearer(await token(fixturePerson(note).codiceFiscale)),
      }),
    )
    t.equal(read.status, status, `${note}: ${status}`)
    if (reasons)
      t.same(
        read.reasons.map((r: { code: string }) => r.code),
        reasons,
        `${note}: reasons`,
      )
    if (reasons)
      t.ok(
        read.reasons.every((r: { description: string }) => r.description.length > 10),
        `${note}: Italian descriptions`,
      )
    if (paymentStatus) t.match(read.payment, { status: paymentStatus, failureReason: 'IBAN_NOT_HELD' })
  }
})

t.test(
  'the assegno ordinario di invalidità excludes until 18 May 2020, not from 19 May (evaluation date)',
  async (t) => {
    const positions = fixturePerson('assegno ordinario di invalidità').record.positions as Positions
    const benefit = 'indennita-professionisti-cococo'
    t.same(evaluateEligibility(benefit, positions, '2020-05-18'), {
      eligible: false,
      reasons: ['ASSEGNO_ORDINARIO_INVALIDITA'],
    })
    t.same(evaluateEligibility(benefit, positions, '2020-05-19'), { eligible: true, amountEur: 600 })
    // An employee position that ended before 23 February 2020 is no other scheme.
    const ended = {
      gestioneSeparata: { kind: 'professionista' as const, activeSince: '2015-01-01' },
      employee: { sector: 'private' as const, since: '2018-01-01', until: '2020-02-22' },
    }
    t.same(evaluateEligibility(benefit, ended, '2020-04-02'), { eligible: true, amountEur: 600 })
    t.same(
      evaluateEligibility(benefit, { ...ended, employee: { ...ended.employee, until: '2020-02-23' } }, '2020-04-02'),
      { eligible: false, reasons: ['OTHER_COMPULSORY_SCHEME'] },
    )
    // Art. 29: an employee position running on 17 March 2020 is "employed".
    const seasonal = {
      seasonalTourism: { contractEndedOn: '2019-10-15', involuntary: true },
      employee: { sector: 'private' as const, since: '2020-03-01' },
    }
    t.same(evaluateEligibility('indennita-stagionali-turismo', seasonal, '2020-04-02'), {
      eligible: false,
      reasons: ['EMPLOYED_ON_2020_03_17'],
    })
  },
)
