import type { Transaction } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import { clearCitizenAttempts } from '../../core/attempts/attempt-guard.service.js'
import type { VersionSource } from '../../core/auth/session-versions.service.js'
import {
  credentialVersionsChangedWithin,
  findCredential,
  lockCredential,
  readCredentialVersion,
  setCredentialLevel,
} from './pin-credential.repository.js'
import { lockPersonPin, supersedeOpenRequests } from './pin-request.repository.js'
import type { PinHolder } from './pin-issuer.service.js'

/** The PIN credential as the other modules (dispositivo conversion, office counter) see and change it. */

export async function findPinCredential(
  db: Executor,
  codiceFiscale: string,
): Promise<Row<'pin_credentials'> | undefined> {
  return findCredential(db, codiceFiscale)
}

/** docs/rules.md §4: the back office's approval makes the credential a PIN dispositivo. */
export async function raiseToDispositivo(trx: Transaction<Database>, codiceFiscale: string, at: Date): Promise<void> {
  await setCredentialLevel(trx, codiceFiscale, 'dispositivo', at)
}

/**
 * A new PIN replaces whatever the person had (like a recovery): one PIN step per person at a time,
 * open PIN requests superseded, a login lock lifted.
 */
export async function replacePin(
  trx: Transaction<Database>,
  person: Row<'persons'>,
  store: (holder: PinHolder) => Promise<void>,
): Promise<{ superseded: string[] }> {
  const cf = person.codice_fiscale
  await lockPersonPin(trx, cf)
  const current = await lockCredential(trx, cf)
  const superseded = await supersedeOpenRequests(trx, cf)
  await store({
    codiceFiscale: cf,
    firstName: person.first_name,
    lastName: person.last_name,
    contacts: current?.contacts ?? person.contacts,
  })
  await clearCitizenAttempts(trx, cf)
  return { superseded }
}

/** The citizens' session versions, for core/auth's memory of them: a PIN's version is this module's. */
export function citizenSessionVersions(db: Executor): VersionSource {
  return {
    read: (codiceFiscale) => readCredentialVersion(db, codiceFiscale),
    changedWithin: (seconds) => credentialVersionsChangedWithin(db, seconds),
  }
}

export type { PinScope } from './pin.table.js'
