import type { FastifyInstance } from 'fastify'
import { preparePin, storeIssuedPin } from '../src/modules/pin/pin-issuer.service.js'
import { fixturePersons } from '../src/emulator/fixtures.data.js'
import { computeCodiceFiscale } from '../src/lib/codice-fiscale.js'

/** A fixture person by a word of its note, so tests say which edge they use. */
export function fixturePerson(noteFragment: string) {
  const person = fixturePersons.find((p) => p.note.toLowerCase().includes(noteFragment.toLowerCase()))
  if (!person) throw new Error(`no fixture person whose note mentions "${noteFragment}"`)
  return person
}

/** Issues a 16-character PIN straight into the database (as a matching online request would). */
export async function issueTestPin(
  app: FastifyInstance,
  codiceFiscale: string,
  level: 'ordinario' | 'dispositivo' = 'ordinario',
) {
  const now = await app.clock.now()
  const prepared = await preparePin()
  await app.db.transaction().execute((trx) =>
    storeIssuedPin(
      trx,
      app.outbox,
      now,
      {
        codiceFiscale,
        firstName: 'Test',
        lastName: 'Person',
        contacts: { mobile: '+39 333 0000000', email: 'test@example.it' },
      },
      prepared,
      {
        pinRequestId: null,
        level,
        firstHalfTo: { channel: 'sms', recipient: '+39 333 0000000', deliverAt: now },
        secondHalfTo: { channel: 'post', recipient: 'Via Test 1', deliverAt: now },
      },
    ),
  )
  return prepared
}

/** Logs in with the full PIN and sets a personal one: returns the personal PIN and the session. */
export async function activateTestPin(
  app: FastifyInstance,
  codiceFiscale: string,
  personalPin = 'R0MA2020',
  level: 'ordinario' | 'dispositivo' = 'ordinario',
) {
  const { pin } = await issueTestPin(app, codiceFiscale, level)
  const first = (await app.inject({ method: 'POST', url: '/api/v1/auth/pin', payload: { codiceFiscale, pin } })).json()
  const session = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin/change',
      payload: { changeToken: first.changeToken, newPin: personalPin },
    })
  ).json()
  if (session.status !== 'authenticated') throw new Error(`activation failed: ${JSON.stringify(session)}`)
  return { personalPin, accessToken: session.accessToken as string }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

let personCounter = 0

/**
 * A new archive person with a valid, unique codice fiscale, so a test does not depend on what other
 * tests of the file did with the shared fixtures.
 */
export async function newPerson(
  emulator: (method: 'PUT', url: string, payload: unknown) => Promise<{ statusCode: number; body: string }>,
  positions: Record<string, unknown> = {},
  contacts: Record<string, string> = { email: 'nuovo@example.it', mobile: '+39 333 5550000' },
): Promise<string> {
  personCounter += 1
  const birth = new Date(Date.UTC(1960, 0, 1) + (process.pid % 5000) * 86_400_000 * 3 + personCounter * 86_400_000)
  const record = {
    firstName: 'Paolo',
    lastName: 'Verdi',
    birthDate: birth.toISOString().slice(0, 10),
    sex: 'M',
    birthPlace: 'Roma',
    residence: { street: 'Via Roma 1', postalCode: '00184', municipality: 'Roma', province: 'RM' },
    contacts,
    positions,
  }
  const codiceFiscale = computeCodiceFiscale({ ...record, sex: 'M', belfiore: 'H501' })
  const res = await emulator('PUT', `/emulator/persons/${codiceFiscale}`, record)
  if (res.statusCode !== 200) throw new Error(`newPerson failed: ${res.body}`)
  return codiceFiscale
}
