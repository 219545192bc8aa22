import t from 'tap'
import { isEligibleChild } from '../../../src/modules/application/baby-sitting.rules.js'
import { fixturePerson } from '../../factories.js'
import { evaluateEligibility, type Positions } from './eligibility.js'

type BenefitCode = string
const positionsOf = (note: string) => (fixturePerson(note).record.positions ?? {}) as Positions

// [fixture note fragment, benefit, expected: amount when accepted, or the reasons when rejected]
const CASES: Array<[string, BenefitCode, number | string[]]> = [
  ['VAT-registered professional', 'indennita-professionisti-cococo', 600],
  ['co.co.co. active', 'indennita-professionisti-cococo', 600],
  ['opened 2020-02-24', 'indennita-professionisti-cococo', ['NO_GESTIONE_SEPARATA_ON_2020_02_23']],
  ['co.co.co. ended 2020-02-22', 'indennita-professionisti-cococo', ['NO_GESTIONE_SEPARATA_ON_2020_02_23']],
  ['two positions in different schemes', 'indennita-professionisti-cococo', ['OTHER_COMPULSORY_SCHEME']],
  ['two positions in different schemes', 'indennita-autonomi-ago', 600],
  ['artigiani', 'indennita-autonomi-ago', 600],
  ['art. 28 accepted: commercianti', 'indennita-autonomi-ago', 600],
  ['coltivatori diretti', 'indennita-autonomi-ago', 600],
  ['coloni e mezzadri', 'indennita-autonomi-ago', 600],
  ['reddito di cittadinanza', 'indennita-autonomi-ago', ['CITIZENSHIP_INCOME']],
  ['VAT-registered professional', 'indennita-autonomi-ago', ['NO_AGO_SPECIAL_SCHEME']],
  ['ended involuntarily on 2019-10-15', 'indennita-stagionali-turismo', 600],
  ['by resignation', 'indennita-stagionali-turismo', ['CONTRACT_END_NOT_INVOLUNTARY']],
  ['2018-12-31', 'indennita-stagionali-turismo', ['CONTRACT_END_OUTSIDE_PERIOD']],
  [
    'art. 29 rejected: involuntary end on 2019-11-30 but employed',
    'indennita-stagionali-turismo',
    ['EMPLOYED_ON_2020_03_17'],
  ],
  ['exactly 50 agricultural days', 'indennita-agricoli', 600],
  ['49 agricultural days', 'indennita-agricoli', ['INSUFFICIENT_AGRICULTURAL_DAYS_2019']],
  ['exactly 30 contributions', 'indennita-spettacolo', 600],
  ['29 daily contributions', 'indennita-spettacolo', ['INSUFFICIENT_ENTERTAINMENT_CONTRIBUTIONS_2019']],
  ['50,001 EUR', 'indennita-spettacolo', ['INCOME_2019_ABOVE_LIMIT']],
  ['art. 38 rejected: 60 contributions', 'indennita-spettacolo', ['EMPLOYED_ON_2020_03_17']],
  ['pensioner', 'indennita-professionisti-cococo', ['PENSIONER']],
]

t.test('DL 18/2020 rules against the fixture archive, each side of each edge', async (t) => {
  for (const [note, code, expected] of CASES) {
    const verdict = evaluateEligibility(code, positionsOf(note), '2020-04-02')
    if (typeof expected === 'number')
      t.same(verdict, { eligible: true, amountEur: expected }, `${code} accepted: ${note}`)
    else t.same(verdict, { eligible: false, reasons: expected }, `${code} rejected: ${note}`)
  }
})

t.test('under 12 on 5 March 2020', async (t) => {
  t.equal(isEligibleChild({ birthDate: '2008-03-05' }), false, 'twelfth birthday on the day')
  t.equal(isEligibleChild({ birthDate: '2008-03-06' }), true)
  t.equal(isEligibleChild({ birthDate: '2020-03-05' }), true, 'born that day')
  t.equal(isEligibleChild({ birthDate: '2020-03-06' }), false, 'not yet born')
})
