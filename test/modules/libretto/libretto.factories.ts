import type { TestContext } from '../../helper.js'
import { computeCodiceFiscale } from '../../../src/lib/codice-fiscale.js'

let counter = 0
const FIRST_NAMES = [
  'Luca',
  'Marco',
  'Paolo',
  'Sara',
  'Giulia',
  'Anna',
  'Elena',
  'Rita',
  'Bruno',
  'Carlo',
  'Dario',
  'Fabio',
  'Gino',
  'Ivo',
  'Lino',
  'Nino',
]
const uniqueOffset = () => (process.pid % 997) * 7 + ++counter

/** An archive person (a parent or a baby-sitter) with a unique codice fiscale, optionally in a household. */
export async function archivePerson(
  ctx: TestContext,
  options: { positions?: Record<string, unknown>; household?: string; email?: string; bankIban?: string } = {},
): Promise<string> {
  const birth = new Date(Date.UTC(1970, 0, 1) + uniqueOffset() * 86_400_000)
  const record = {
    firstName: 'Giovanni',
    lastName: 'Ferri',
    birthDate: birth.toISOString().slice(0, 10),
    sex: 'M' as const,
    birthPlace: 'Roma',
    residence: { street: 'Via Roma 1', postalCode: '00184', municipality: 'Roma', province: 'RM' },
    contacts: { email: options.email ?? `persona.${counter}@example.it` },
    positions: options.positions ?? {},
    ...(options.household ? { household: { id: options.household } } : {}),
  }
  const codiceFiscale = computeCodiceFiscale({ ...record, belfiore: 'H501' })
  const res = await ctx.emulator('PUT', `/emulator/persons/${codiceFiscale}`, {
    ...record,
    ...(options.bankIban ? { bankAccounts: [{ iban: options.bankIban, holders: [codiceFiscale] }] } : {}),
  })
  if (res.statusCode !== 200) throw new Error(`archivePerson failed: ${res.body}`)
  return codiceFiscale
}

/** A child as an application names it: a codice fiscale that encodes `birthDate`, unique per call. */
export function child(birthDate = '2014-06-01', severeDisability?: boolean) {
  const firstName = FIRST_NAMES[counter % FIRST_NAMES.length]!
  const lastName = ['Conti', 'Greco', 'Bruno', 'Costa', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri'][
    Math.floor(counter / FIRST_NAMES.length) % 8
  ]!
  counter++
  const codiceFiscale = computeCodiceFiscale({
    firstName,
    lastName,
    birthDate,
    sex: 'F',
    belfiore: ['H501', 'F205', 'L219', 'G273'][Math.floor(counter / 128) % 4]!,
  })
  return { codiceFiscale, birthDate, ...(severeDisability === undefined ? {} : { severeDisability }) }
}

export const PRIVATE = { employee: { sector: 'private', since: '2015-01-01' } }
export const HEALTH = { employee: { sector: 'health', since: '2010-01-01' } }
export const SECURITY = { employee: { sector: 'security', since: '2012-01-01' } }
export const PUBLIC = { employee: { sector: 'public', since: '2011-01-01' } }

export const babySitting = (children: unknown[], extra: Record<string, unknown> = {}) => ({
  benefitCode: 'bonus-baby-sitting',
  declarations: { truthfulness: true, otherParentNotBenefiting: true },
  children,
  ...extra,
})
