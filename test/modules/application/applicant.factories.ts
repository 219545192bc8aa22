import { computeCodiceFiscale } from '../../../src/lib/codice-fiscale.js'
import type { TestContext } from '../../helper.js'

let counter = 0

/** A new archive person (with the second-wave additions the test gives), unique per call and per test process. */
export async function newApplicant(
  ctx: Pick<TestContext, 'emulator'>,
  positions: Record<string, unknown>,
  extra: {
    bankAccounts?: Array<{ iban: string; holders: string[] }>
    household?: { id: string }
    holderSelf?: string[]
  } = {},
): Promise<string> {
  counter += 1
  const birth = new Date(Date.UTC(1970, 0, 1) + (process.pid % 3000) * 86_400_000 * 2 + counter * 86_400_000)
  const record = {
    firstName: 'Anna',
    lastName: 'Neri',
    birthDate: birth.toISOString().slice(0, 10),
    sex: 'F' as const,
    birthPlace: 'Roma',
    residence: { street: 'Via Roma 1', postalCode: '00184', municipality: 'Roma', province: 'RM' },
    contacts: { email: 'anna.neri@example.it' },
    positions,
  }
  const codiceFiscale = computeCodiceFiscale({ ...record, belfiore: 'H501' })
  // holderSelf: IBANs held by the applicant themselves (the codice fiscale is known only now).
  const bankAccounts = [
    ...(extra.bankAccounts ?? []),
    ...(extra.holderSelf ?? []).map((iban) => ({ iban, holders: [codiceFiscale] })),
  ]
  const res = await ctx.emulator('PUT', `/emulator/persons/${codiceFiscale}`, {
    ...record,
    ...(bankAccounts.length > 0 ? { bankAccounts } : {}),
    ...(extra.household ? { household: extra.household } : {}),
  })
  if (res.statusCode !== 200) throw new Error(`newApplicant failed: ${res.body}`)
  return codiceFiscale
}

export const GESTIONE_SEPARATA = { gestioneSeparata: { kind: 'professionista', activeSince: '2015-01-01' } }
export const IBAN = 'IT60X0542811101000000123456'
export const OTHER_IBAN = 'IT42L1234512345123456789012'

export const indemnityBody = (
  payment: Record<string, string> = { method: 'iban', iban: IBAN },
  benefitCode = 'indennita-professionisti-cococo',
) => ({
  benefitCode,
  payment,
  declarations: {
    truthfulness: true,
    notPensioner: true,
    noCitizenshipIncome: true,
    noOtherCompulsoryScheme: true,
    notEmployed: true,
  },
})
