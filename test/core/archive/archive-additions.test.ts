import t from 'tap'
import { setupTestApp, json } from '../../helper.js'
import { computeCodiceFiscale } from '../../../src/lib/codice-fiscale.js'

// docs/contract.md, archive record additions: all optional, old records stay valid.
const ctx = await setupTestApp(t)

const base = (firstName: string, birthDate: string, sex: 'M' | 'F' = 'M') => ({
  firstName,
  lastName: 'Galli',
  birthDate,
  sex,
  birthPlace: 'Roma',
  residence: { street: 'Via Appia 3', postalCode: '00179', municipality: 'Roma', province: 'RM' },
})
const cfOf = (r: ReturnType<typeof base>) => computeCodiceFiscale({ ...r, belfiore: 'H501' })

t.test('pension, employee, cassa, VAT income, citizenship income, accounts and household read back', async (t) => {
  const record = base('Luca', '1979-05-04')
  const cf = cfOf(record)
  const full = {
    ...record,
    positions: {
      gestioneSeparata: {
        kind: 'professionista',
        activeSince: '2010-01-01',
        vatIncome: { marchApril2019Eur: 9000, marchApril2020Eur: 4000 },
      },
      pension: { kind: 'superstiti' },
      employee: { sector: 'health', since: '2018-01-01', until: '2019-12-31' },
      cassaProfessionale: { name: 'Cassa Forense' },
      citizenshipIncomeMonthlyEur: 300,
    },
    bankAccounts: [{ iban: 'IT60X0542811101000000123456', holders: [cf, 'RSSMRA85T10A562S'] }],
    household: { id: 'GALLI-ROMA-1' },
  }
  t.equal((await ctx.emulator('PUT', `/emulator/persons/${cf}`, full)).statusCode, 200)
  const read = json(await ctx.emulator('GET', `/emulator/persons/${cf}`))
  t.same(read.positions, full.positions)
  t.same(read.bankAccounts, full.bankAccounts)
  t.same(read.household, full.household)
  const row = await ctx.database.db
    .selectFrom('persons')
    .select(['household_id', 'bank_accounts'])
    .where('codice_fiscale', '=', cf)
    .executeTakeFirstOrThrow()
  t.equal(row.household_id, 'GALLI-ROMA-1', 'the household id is a column, so it can be queried')
})

t.test(
  'an old record without the additions stays valid; a bad pension kind or an account without holders does not',
  async (t) => {
    const record = base('Marco', '1981-02-03')
    const cf = cfOf(record)
    t.equal(
      (await ctx.emulator('PUT', `/emulator/persons/${cf}`, { ...record, positions: { pensioner: true } })).statusCode,
      200,
    )
    const read = json(await ctx.emulator('GET', `/emulator/persons/${cf}`))
    t.notOk('bankAccounts' in read)
    t.notOk('household' in read)
    t.equal(
      (
        await ctx.emulator('PUT', `/emulator/persons/${cf}`, {
          ...record,
          positions: { pension: { kind: 'vecchiaia' } },
        })
      ).statusCode,
      400,
    )
    t.equal(
      (
        await ctx.emulator('PUT', `/emulator/persons/${cf}`, {
          ...record,
          bankAccounts: [{ iban: 'IT60X0542811101000000123456', holders: [] }],
        })
      ).statusCode,
      400,
    )
  },
)

t.test('the persons service lists everyone in a household', async (t) => {
  const a = base('Paolo', '1975-07-07')
  const b = base('Sara', '1977-08-08', 'F')
  const c = base('Ugo', '1990-09-09')
  for (const [r, household] of [
    [a, 'H-1'],
    [b, 'H-1'],
    [c, 'H-2'],
  ] as const) {
    t.equal(
      (await ctx.emulator('PUT', `/emulator/persons/${cfOf(r)}`, { ...r, household: { id: household } })).statusCode,
      200,
    )
  }
  const members = await ctx.app.services.persons.household('H-1')
  t.same(members.map((m) => m.codice_fiscale).sort(), [cfOf(a), cfOf(b)].sort())
  t.same(await ctx.app.services.persons.household('NONE'), [])
})
