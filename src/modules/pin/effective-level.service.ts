import type { Executor } from '../../db/executor.js'
import type { AuthContext, AuthLevel } from '../../core/auth/auth.types.js'
import { findCredential } from './pin-credential.repository.js'
import type { Row } from '../../db/database.js'

/**
 * docs/rules.md §4: back-office approval raises the credential to dispositivo "for existing and new sessions".
 * A token keeps the level it was issued with, so a citizen's pin_ordinario session counts as
 * pin_dispositivo once the (activated) credential behind it is dispositivo. Never lowers a level.
 */
export function upgradedLevel(
  level: AuthLevel,
  credential: Pick<Row<'pin_credentials'>, 'level' | 'state'> | undefined,
): AuthLevel {
  return level === 'pin_ordinario' && credential?.state === 'active' && credential.level === 'dispositivo'
    ? 'pin_dispositivo'
    : level
}

/** The level a citizen's session is worth now: read it in routes that need dispositivo. */
export async function effectiveLevel(db: Executor, auth: AuthContext): Promise<AuthLevel> {
  if (auth.role !== 'citizen' || auth.authLevel !== 'pin_ordinario') return auth.authLevel
  return upgradedLevel(auth.authLevel, await findCredential(db, auth.subject))
}
