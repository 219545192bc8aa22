import type { LightMyRequestResponse } from 'fastify'
import { computeCodiceFiscale } from '../../../src/lib/codice-fiscale.js'
import type { Role } from '../../../src/core/auth/auth.types.js'
import { json, type TestContext } from '../../helper.js'

/** Request bodies built from the default archive (src/modules/emulator/emulator.fixtures.ts). */
export type PinRequestInput = Record<string, any>

/** Giuseppe Colombo: archive street "V. Roma 1", here typed "Via Roma, 1". */
export const colombo = (over: PinRequestInput = {}): PinRequestInput => ({
  codiceFiscale: 'CLMGPP71P08A944C',
  firstName: 'Giuseppe',
  lastName: 'Colombo',
  birthDate: '1971-09-08',
  sex: 'M',
  birthPlace: 'Bologna',
  residence: { street: 'Via Roma, 1', postalCode: '40033', municipality: 'Casalecchio di Reno', province: 'BO' },
  assistancePhone: '+39 335 9000006',
  contacts: { mobile: '+39 335 9000006', email: 'giuseppe.colombo@example.it' },
  firstHalfChannel: 'sms',
  ...over,
})

export const bianchi = (over: PinRequestInput = {}): PinRequestInput => ({
  codiceFiscale: 'BNCGLI84H52H501C',
  firstName: 'Giulia',
  lastName: 'Bianchi',
  birthDate: '1984-06-12',
  sex: 'F',
  birthPlace: 'Roma',
  residence: { street: 'Via Appia Nuova 215', postalCode: '00183', municipality: 'Roma', province: 'RM' },
  assistancePhone: '+39 347 1200001',
  contacts: { mobile: '+39 347 1200001', email: 'giulia.bianchi@example.it' },
  firstHalfChannel: 'sms',
  ...over,
})

/** Marco Esposito: mobile, email and PEC. */
export const esposito = (over: PinRequestInput = {}): PinRequestInput => ({
  codiceFiscale: 'SPSMRC90B03F839H',
  firstName: 'Marco',
  lastName: 'Esposito',
  birthDate: '1990-02-03',
  sex: 'M',
  birthPlace: 'Napoli',
  residence: { street: 'Via Toledo 48', postalCode: '80134', municipality: 'Napoli', province: 'NA' },
  assistancePhone: '+39 333 4500002',
  contacts: { mobile: '+39 333 4500002', email: 'marco.esposito@example.it', pec: 'marco.esposito@pec.example.it' },
  firstHalfChannel: 'sms',
  ...over,
})

/** Someone the archive does not know: a valid, consistent codice fiscale computed on the spot. */
export function stranger(firstName: string, lastName: string, over: PinRequestInput = {}): PinRequestInput {
  const data = { firstName, lastName, birthDate: '1990-01-15', sex: 'F' as const }
  return {
    codiceFiscale: computeCodiceFiscale({ ...data, belfiore: 'H501' }),
    ...data,
    birthPlace: 'Roma',
    residence: { street: 'Via Nazionale 10', postalCode: '00184', municipality: 'Roma', province: 'RM' },
    assistancePhone: '+39 333 0000000',
    contacts: { mobile: '+39 333 0000001', email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@example.it` },
    firstHalfChannel: 'sms',
    ...over,
  }
}

/** Freezes the emulated clock (e.g. a Wednesday 10:00 Rome: 2020-04-01T10:00:00+02:00). */
export async function freezeClock(ctx: TestContext, now: string): Promise<void> {
  const res = await ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
  if (res.statusCode !== 200) throw new Error(`clock: ${res.body}`)
}

export async function advanceClock(ctx: TestContext, seconds: number): Promise<void> {
  const res = await ctx.emulator('POST', '/emulator/clock/advance', { seconds })
  if (res.statusCode !== 200) throw new Error(`clock: ${res.body}`)
}

export interface OutboxItem {
  id: string
  channel: 'sms' | 'email' | 'pec' | 'post'
  recipient: string
  subject: string
  body: string
  pinPart?: 'first' | 'second' | 'full'
  secret?: string
  sentAt: string
  deliverAt: string
}

/** Messages delivered by now (emulated clock) to one person. */
export async function outboxOf(ctx: TestContext, codiceFiscale: string): Promise<OutboxItem[]> {
  const res = await ctx.emulator('GET', `/emulator/outbox?codiceFiscale=${codiceFiscale}&limit=200`)
  if (res.statusCode !== 200) throw new Error(`outbox: ${res.body}`)
  return json(res).items
}

/** Every PIN part ever queued, delivered or not: for "never appears elsewhere" checks. */
export async function allSecrets(ctx: TestContext): Promise<string[]> {
  const rows = await ctx.app.db.selectFrom('outbox').select('secret').where('secret', 'is not', null).execute()
  return rows.map((r) => r.secret as string)
}

export const postRequest = (ctx: TestContext, body: PinRequestInput): Promise<LightMyRequestResponse> =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/pin-requests', payload: body })

/**
 * A bearer token for a new operator of the role (created through the emulator). Minted at the current
 * emulated time and valid for the configured TTL: mint it after moving the clock.
 */
export async function operatorToken(
  ctx: TestContext,
  role: Role = 'contact_center',
): Promise<{ operatorId: string; token: string }> {
  const created = await ctx.emulator('POST', '/emulator/operators', {
    role,
    ...(role === 'office' ? { officeCode: '1300' } : {}),
  })
  if (created.statusCode !== 201) throw new Error(`operator: ${created.body}`)
  const { operatorId } = json(created)
  const session = await ctx.app.tokens.issueSession({ subject: operatorId, role, authLevel: 'pin_dispositivo' })
  return { operatorId, token: session.accessToken }
}

export async function citizenToken(ctx: TestContext, codiceFiscale: string): Promise<string> {
  return (await ctx.app.tokens.issueSession({ subject: codiceFiscale, role: 'citizen', authLevel: 'pin_ordinario' }))
    .accessToken
}

export async function credentialOf(ctx: TestContext, codiceFiscale: string) {
  return ctx.app.db
    .selectFrom('pin_credentials')
    .selectAll()
    .where('codice_fiscale', '=', codiceFiscale)
    .executeTakeFirst()
}

export async function requestsOf(ctx: TestContext, codiceFiscale: string) {
  return ctx.app.db
    .selectFrom('pin_requests')
    .selectAll()
    .where('codice_fiscale', '=', codiceFiscale)
    .orderBy('requested_at')
    .execute()
}

/** As if the citizen had chosen a personal PIN (the login side's job), straight in the database. */
export async function activateDirectly(ctx: TestContext, codiceFiscale: string): Promise<void> {
  await ctx.app.db
    .updateTable('pin_credentials')
    .set({ state: 'active', pin_hash: 'not-a-real-hash', first_half_hash: null, second_half_hash: null })
    .where('codice_fiscale', '=', codiceFiscale)
    .executeTakeFirstOrThrow()
}
