import t from 'tap'
import {
  checkCodiceFiscaleConsistency,
  computeCodiceFiscale,
  decodeOmocodia,
  isWellFormedCodiceFiscale,
  nameCode,
  normalizeCodiceFiscale,
  omocodiaVariant,
  surnameCode,
  type PersonalData,
} from '../../src/lib/codice-fiscale.js'

// Independent check-character implementation (DM 23/12/1976), written from the published tables
// rather than the library's, to verify the library: odd positions (1st, 3rd, ...) use the
// scrambled table below (index = value), even positions use A=0..Z=25 / 0..9.
const ODD = 'BAKPLCQDREVOSFTGUHMINJWZYX'
function refCheckChar(body15: string): string {
  let sum = 0
  for (let i = 0; i < 15; i++) {
    const c = body15[i]
    const letter = /\d/.test(c) ? String.fromCharCode(65 + Number(c)) : c // digits behave as A..J
    sum += i % 2 === 0 ? ODD.indexOf(letter) : letter.charCodeAt(0) - 65
  }
  return String.fromCharCode(65 + (sum % 26))
}
const withCheck = (body15: string): string => body15 + refCheckChar(body15)

const ROSSI: PersonalData = { firstName: 'Mario', lastName: 'Rossi', birthDate: '1985-12-10', sex: 'M' }

t.test('reference check character agrees with known public codes', async (t) => {
  for (const cf of ['RSSMRA85T10A562S', 'MRTMTT25D09F205Z']) t.equal(refCheckChar(cf.slice(0, 15)), cf[15], cf)
})

t.test('normalizeCodiceFiscale', async (t) => {
  t.equal(normalizeCodiceFiscale('  rssmra85t10a562s \n'), 'RSSMRA85T10A562S')
  t.equal(normalizeCodiceFiscale('RSSMRA85T10A562S'), 'RSSMRA85T10A562S')
})

t.test('isWellFormedCodiceFiscale', async (t) => {
  const cases: Array<[string, string, boolean]> = [
    ['RSSMRA85T10A562S', 'Mario Rossi, San Giuliano Terme (public example)', true],
    ['MRTMTT25D09F205Z', 'Matteo Moretti, Milano (public example)', true],
    ['RSSMRA85T10A562T', 'wrong check character', false],
    ['RSSMRA85T10A562A', 'wrong check character (A)', false],
    ['rssmra85t10a562s', 'lowercase is not canonical: normalize first', false],
    [' RSSMRA85T10A562S', 'untrimmed', false],
    ['RSSMRA85T10A562', 'length 15', false],
    ['RSSMRA85T10A562SX', 'length 17', false],
    ['', 'empty', false],
    [withCheck('RSSMR485T10A562'), 'digit in the name part', false],
    [withCheck('RSSMRA85Z10A562'), 'Z is not a month letter', false],
    [withCheck('RSSMRA85T1AA562'), 'A is not an omocodia letter', false],
    [withCheck('RSSMRA85T10A5W2'), 'W is not an omocodia letter', false],
    [withCheck('RSSMRA85T10156A'), 'letter expected in position 12', false],
    [withCheck('RSSMRA85T00A562'), 'day 00', false],
    [withCheck('RSSMRA85T32A562'), 'day 32', false],
    [withCheck('RSSMRA85T40A562'), 'day 40', false],
    [withCheck('RSSMRA85T72A562'), 'day 72', false],
    [withCheck('RSSMRA85B30A562'), '30 February', false],
    [withCheck('RSSMRA85D31A562'), '31 April', false],
    [withCheck('RSSMRA85B29A562'), '29 February (century unknown, so allowed)', true],
    [withCheck('RSSMRA85T71A562'), 'female born on 31 December', true],
    [withCheck('RSSMRA85T41A562'), 'female born on 1 December', true],
    [withCheck('RSSMRAURTMLARSN'), 'all seven digits substituted', true],
    [withCheck('RSSMRA8RT10A562'), 'omocodia not from the right is still accepted', true],
  ]
  for (const [cf, why, expected] of cases) t.equal(isWellFormedCodiceFiscale(cf), expected, `${cf}: ${why}`)
  t.ok(isWellFormedCodiceFiscale(normalizeCodiceFiscale(' rssmra85t10a562s ')), 'lowercase valid after normalize')
})

t.test('surname and name codes', async (t) => {
  const surnames: Array<[string, string]> = [
    ['Rossi', 'RSS'],
    ["D'Amico", 'DMC'],
    ['De Luca', 'DLC'],
    ['de luca', 'DLC'],
    ["Dell'Orto", 'DLL'],
    ['Fo', 'FOX'],
    ['Fò', 'FOX'],
    ['Lè', 'LEX'],
    ['Ea', 'EAX'],
    ['Hu', 'HUX'],
    ['Bianchi', 'BNC'],
    ['Moretti', 'MRT'],
    ['Dall’Ò', 'DLL'],
    ['Àlvaro', 'LVR'],
  ]
  for (const [s, code] of surnames) t.equal(surnameCode(s), code, `surname ${s}`)
  const names: Array<[string, string]> = [
    ['Mario', 'MRA'],
    ['Gianfranco', 'GFR'],
    ['Francesca', 'FNC'],
    ['Alessandro', 'LSN'],
    ['Maria Rita', 'MRT'],
    ['Matteo', 'MTT'],
    ['Luca', 'LCU'],
    ['Ugo', 'GUO'],
    ['Ea', 'EAX'],
    ['Fo', 'FOX'],
    ['Nicolò', 'NCL'],
    ['Noè', 'NOE'],
    ['Zoë', 'ZOE'],
    ['Anna', 'NNA'],
    ['Giulia', 'GLI'],
  ]
  for (const [n, code] of names) t.equal(nameCode(n), code, `name ${n}`)
})

t.test('computeCodiceFiscale', async (t) => {
  const cases: Array<[PersonalData & { belfiore: string }, string]> = [
    [{ ...ROSSI, belfiore: 'A562' }, 'RSSMRA85T10A562S'],
    [
      { firstName: 'Matteo', lastName: 'Moretti', birthDate: '1925-04-09', sex: 'M', belfiore: 'F205' },
      'MRTMTT25D09F205Z',
    ],
    [
      { firstName: 'Mario', lastName: 'Rossi', birthDate: '1985-12-10', sex: 'M', belfiore: 'a562' },
      'RSSMRA85T10A562S',
    ],
  ]
  for (const [input, expected] of cases)
    t.equal(computeCodiceFiscale(input), expected, `${input.firstName} ${input.lastName}`)

  const giulia = computeCodiceFiscale({
    firstName: 'Giulia',
    lastName: 'Bianchi',
    birthDate: '1984-06-12',
    sex: 'F',
    belfiore: 'H501',
  })
  t.equal(giulia.slice(0, 15), 'BNCGLI84H52H501', 'female day + 40, June = H')
  t.equal(
    computeCodiceFiscale({
      firstName: 'Anna',
      lastName: 'Neri',
      birthDate: '2005-01-01',
      sex: 'M',
      belfiore: 'L219',
    }).slice(6, 11),
    '05A01',
    '2000s year, January',
  )
  t.equal(
    computeCodiceFiscale({
      firstName: 'Nicolò',
      lastName: "D'Amico",
      birthDate: '1986-02-28',
      sex: 'M',
      belfiore: 'E463',
    }),
    computeCodiceFiscale({
      firstName: 'NICOLO',
      lastName: 'DAMICO',
      birthDate: '1986-02-28',
      sex: 'M',
      belfiore: 'E463',
    }),
    'accents and apostrophes do not change the code',
  )

  for (const cf of [giulia, ...cases.map((c) => c[1])]) {
    t.ok(isWellFormedCodiceFiscale(cf), `${cf} well formed`)
    t.equal(cf[15], refCheckChar(cf.slice(0, 15)), `${cf} check char matches reference`)
  }

  t.throws(() => computeCodiceFiscale({ ...ROSSI, birthDate: '1985-02-30', belfiore: 'H501' }), RangeError)
  t.throws(() => computeCodiceFiscale({ ...ROSSI, birthDate: '10/12/1985', belfiore: 'H501' }), RangeError)
  t.throws(() => computeCodiceFiscale({ ...ROSSI, belfiore: 'ROMA' }), RangeError)
  t.throws(() => computeCodiceFiscale({ ...ROSSI, sex: 'X' as 'M', belfiore: 'H501' }), RangeError)
})

t.test('omocodia', async (t) => {
  const base = 'RSSMRA85T10A562S'
  const expectedBodies = [
    'RSSMRA85T10A562',
    'RSSMRA85T10A56N',
    'RSSMRA85T10A5SN',
    'RSSMRA85T10ARSN',
    'RSSMRA85T1LARSN',
    'RSSMRA85TMLARSN',
    'RSSMRA8RTMLARSN',
    'RSSMRAURTMLARSN',
  ]
  for (let n = 0; n <= 7; n++) {
    const v = omocodiaVariant(base, n)
    t.equal(v, withCheck(expectedBodies[n]), `variant ${n}`)
    t.ok(isWellFormedCodiceFiscale(v), `variant ${n} well formed`)
    t.same(checkCodiceFiscaleConsistency(v, ROSSI), { ok: true }, `variant ${n} consistent`)
    t.equal(decodeOmocodia(v).slice(0, 15), base.slice(0, 15), `variant ${n} decodes to the base`)
    t.equal(omocodiaVariant(v, 0), base, `variant ${n} back to base`)
  }
  t.equal(omocodiaVariant('rssmra85t10a562s', 7), omocodiaVariant(base, 7), 'normalizes its input')
  t.not(omocodiaVariant(base, 1)[15], base[15], 'check char is recomputed')
  const stale = omocodiaVariant(base, 1).slice(0, 15) + base[15]
  t.notOk(isWellFormedCodiceFiscale(stale), 'omocodia with the stale check char is rejected')
  t.throws(() => omocodiaVariant(base, 8), RangeError)
  t.throws(() => omocodiaVariant(base, -1), RangeError)
  t.throws(() => omocodiaVariant(base, 1.5), RangeError)

  const anna = computeCodiceFiscale({
    firstName: 'Anna',
    lastName: 'Ricci',
    birthDate: '1979-01-25',
    sex: 'F',
    belfiore: 'D612',
  })
  const anna7 = omocodiaVariant(anna, 7)
  t.same(
    checkCodiceFiscaleConsistency(anna7, { firstName: 'Anna', lastName: 'Ricci', birthDate: '1979-01-25', sex: 'F' }),
    { ok: true },
    'female, 7 substitutions',
  )
  t.same(
    checkCodiceFiscaleConsistency(anna7, { firstName: 'Anna', lastName: 'Ricci', birthDate: '1979-01-25', sex: 'M' }),
    { ok: false, mismatches: ['sex'] },
  )
})

t.test('checkCodiceFiscaleConsistency', async (t) => {
  const female: PersonalData = { firstName: 'Chiara', lastName: 'Bruno', birthDate: '1996-08-05', sex: 'F' }
  const femaleCf = computeCodiceFiscale({ ...female, belfiore: 'L736' })
  t.equal(femaleCf.slice(9, 11), '45', 'female day is 5 + 40')

  const cases: Array<[string, string, PersonalData, true | string[]]> = [
    ['public example', 'RSSMRA85T10A562S', ROSSI, true],
    ['lowercase code', 'rssmra85t10a562s', ROSSI, true],
    ['case and spacing of names', 'RSSMRA85T10A562S', { ...ROSSI, firstName: ' MARIO ', lastName: 'rossi' }, true],
    ['female', femaleCf, female, true],
    ['wrong surname', 'RSSMRA85T10A562S', { ...ROSSI, lastName: 'Bassi' }, ['lastName']],
    ['wrong name', 'RSSMRA85T10A562S', { ...ROSSI, firstName: 'Marco' }, ['firstName']],
    [
      'names swapped',
      'RSSMRA85T10A562S',
      { ...ROSSI, firstName: 'Rossi', lastName: 'Mario' },
      ['lastName', 'firstName'],
    ],
    ['wrong year', 'RSSMRA85T10A562S', { ...ROSSI, birthDate: '1986-12-10' }, ['birthDate']],
    ['other century is indistinguishable', 'RSSMRA85T10A562S', { ...ROSSI, birthDate: '1885-12-10' }, true],
    ['wrong month', 'RSSMRA85T10A562S', { ...ROSSI, birthDate: '1985-11-10' }, ['birthDate']],
    ['wrong day', 'RSSMRA85T10A562S', { ...ROSSI, birthDate: '1985-12-11' }, ['birthDate']],
    ['impossible date', 'RSSMRA85T10A562S', { ...ROSSI, birthDate: '1985-02-30' }, ['birthDate']],
    ['malformed date', 'RSSMRA85T10A562S', { ...ROSSI, birthDate: '10/12/1985' }, ['birthDate']],
    ['male code, female record', 'RSSMRA85T10A562S', { ...ROSSI, sex: 'F' }, ['sex']],
    ['female code, male record', femaleCf, { ...female, sex: 'M' }, ['sex']],
    ['female record, day given +40', femaleCf, { ...female, birthDate: '1996-08-45' }, ['birthDate']],
    [
      'everything wrong',
      'RSSMRA85T10A562S',
      { firstName: 'Ugo', lastName: 'Fo', birthDate: '1990-01-01', sex: 'F' },
      ['lastName', 'firstName', 'birthDate', 'sex'],
    ],
  ]
  for (const [why, cf, person, expected] of cases) {
    t.same(
      checkCodiceFiscaleConsistency(cf, person),
      expected === true ? { ok: true } : { ok: false, mismatches: expected },
      why,
    )
  }

  const accented: Array<[PersonalData, string, PersonalData]> = [
    [
      { firstName: 'Nicolò', lastName: "D'Amico", birthDate: '1986-02-28', sex: 'M' },
      'E463',
      { firstName: 'Nicolo', lastName: 'D Amico', birthDate: '1986-02-28', sex: 'M' },
    ],
    [
      { firstName: 'Davide', lastName: 'De Luca', birthDate: '1991-10-09', sex: 'M' },
      'H501',
      { firstName: 'davide', lastName: 'DELUCA', birthDate: '1991-10-09', sex: 'M' },
    ],
    [
      { firstName: 'Noè', lastName: 'Fò', birthDate: '1960-03-03', sex: 'M' },
      'D612',
      { firstName: "NOE'", lastName: "FO'", birthDate: '1960-03-03', sex: 'M' },
    ],
    [
      { firstName: 'Ugo', lastName: 'Fo', birthDate: '1969-11-02', sex: 'M' },
      'F205',
      { firstName: 'UGO', lastName: 'FO', birthDate: '1969-11-02', sex: 'M' },
    ],
    [
      { firstName: 'Ea', lastName: 'Fo', birthDate: '1970-01-01', sex: 'F' },
      'F205',
      { firstName: 'Ea', lastName: 'Fo', birthDate: '1970-01-01', sex: 'F' },
    ],
  ]
  for (const [person, belfiore, variant] of accented) {
    const cf = computeCodiceFiscale({ ...person, belfiore })
    t.same(checkCodiceFiscaleConsistency(cf, person), { ok: true }, `${person.firstName} ${person.lastName}`)
    t.same(
      checkCodiceFiscaleConsistency(cf, variant),
      { ok: true },
      `${variant.firstName} ${variant.lastName} (spelling variant)`,
    )
  }
  t.equal(
    computeCodiceFiscale({ ...accented[2][0], belfiore: 'D612' }).slice(0, 6),
    'FOXNOE',
    'accented vowels count as vowels',
  )

  t.throws(() => checkCodiceFiscaleConsistency('RSSMRA85T10A562T', ROSSI), TypeError, 'malformed code throws')
})
