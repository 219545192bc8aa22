import { toRomeIso } from '../../lib/rome-time.js'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import type { AuthContext } from '../../core/auth/auth.types.js'
import { findArchivedPerson } from '../../core/archive/persons.service.js'
import { findCredential } from './pin-credential.repository.js'
import { upgradedLevel } from './effective-level.service.js'
import { pinExpiresAt } from '../../core/auth/pin-secret.rules.js'
import type { Me } from './login.schemas.js'

/** The caller's own identity and credential: only ever looked up by the token's subject. */
export async function describeMe(db: Executor, auth: AuthContext): Promise<Me> {
  const credential = await findCredential(db, auth.subject)
  const person = credential ? undefined : await findArchivedPerson(db, auth.subject)
  return {
    codiceFiscale: auth.subject,
    firstName: credential?.first_name ?? person?.first_name ?? null,
    lastName: credential?.last_name ?? person?.last_name ?? null,
    // A session opened before a back-office approval is worth pin_dispositivo from then on.
    authLevel: upgradedLevel(auth.authLevel, credential),
    credential: credential
      ? {
          level: credential.level,
          activated: credential.state === 'active',
          expiresAt: credential.state === 'active' ? toRomeIso(pinExpiresAt(credential.pin_set_at, 'citizen')) : null,
          scope: credential.scope ?? 'all_services',
        }
      : null,
  }
}

export function createMeService(db: Kysely<Database>) {
  return { describe: (auth: AuthContext) => describeMe(db, auth) }
}
