import { sql, type Transaction } from 'kysely'
import type { Executor } from '../../db/executor.js'
import type { ContactsJson, Database, Row } from '../../db/database.js'
import type { CredentialLevel, PinScope } from './pin.table.js'
import { sessionVersionChanged, type ChangedVersion } from '../../core/auth/session-versions.service.js'

export async function findCredential(db: Executor, codiceFiscale: string): Promise<Row<'pin_credentials'> | undefined> {
  return db.selectFrom('pin_credentials').selectAll().where('codice_fiscale', '=', codiceFiscale).executeTakeFirst()
}

/** Row lock: the caller's transaction owns this credential until it commits. */
export async function lockCredential(
  trx: Transaction<Database>,
  codiceFiscale: string,
): Promise<Row<'pin_credentials'> | undefined> {
  return trx
    .selectFrom('pin_credentials')
    .selectAll()
    .where('codice_fiscale', '=', codiceFiscale)
    .forUpdate()
    .executeTakeFirst()
}

export interface IssuedCredential {
  codiceFiscale: string
  pinRequestId: string | null
  level: CredentialLevel
  firstName: string
  lastName: string
  contacts: ContactsJson
  firstHalfHash: string
  secondHalfHash: string
  at: Date
  /** Set on a new PIN issued after the end of new PINs; a renewal leaves the credential's scope as it was. */
  scope?: PinScope
}

// Every write that moves a version (migration 0009's trigger notifies other instances on commit) also
// tells this process at once: the sessions opened on the older version end.

/** A freshly issued 16-character PIN replaces whatever the person had: the old halves and sessions stop working. */
export async function upsertIssuedCredential(
  trx: Transaction<Database>,
  c: IssuedCredential,
): Promise<Row<'pin_credentials'>> {
  const values = {
    pin_request_id: c.pinRequestId,
    state: 'issued' as const,
    level: c.level,
    first_name: c.firstName,
    last_name: c.lastName,
    contacts: JSON.stringify(c.contacts),
    first_half_hash: c.firstHalfHash,
    second_half_hash: c.secondHalfHash,
    pin_set_at: c.at,
    updated_at: c.at,
    ...(c.scope ? { scope: c.scope } : {}),
  }
  const row = await trx
    .insertInto('pin_credentials')
    .values({ codice_fiscale: c.codiceFiscale, ...values, created_at: c.at })
    .onConflict((oc) =>
      oc
        .column('codice_fiscale')
        .doUpdateSet((eb) => ({ ...values, version: eb(eb.ref('pin_credentials.version'), '+', 1) })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
  sessionVersionChanged('citizen', c.codiceFiscale)
  return row
}

/** Ends the citizen's sessions (lockout) without touching the PIN. */
export async function endCitizenSessions(trx: Transaction<Database>, codiceFiscale: string): Promise<void> {
  await trx
    .updateTable('pin_credentials')
    .set((eb) => ({ version: eb(eb.ref('version'), '+', 1) }))
    .where('codice_fiscale', '=', codiceFiscale)
    .execute()
  sessionVersionChanged('citizen', codiceFiscale)
}

/** The personal PIN replaces the halves (first use) or the expired PIN; the version moves on. */
export async function setPersonalPin(
  trx: Transaction<Database>,
  codiceFiscale: string,
  pinHash: string,
  previousPinHash: string | null,
  at: Date,
): Promise<Row<'pin_credentials'>> {
  const row = await trx
    .updateTable('pin_credentials')
    .set((eb) => ({
      state: 'active',
      pin_hash: pinHash,
      previous_pin_hash: previousPinHash,
      first_half_hash: null,
      second_half_hash: null,
      pin_set_at: at,
      updated_at: at,
      version: eb(eb.ref('version'), '+', 1),
    }))
    .where('codice_fiscale', '=', codiceFiscale)
    .returningAll()
    .executeTakeFirstOrThrow()
  sessionVersionChanged('citizen', codiceFiscale)
  return row
}

export async function setCredentialLevel(
  db: Executor,
  codiceFiscale: string,
  level: CredentialLevel,
  at: Date,
): Promise<void> {
  await db
    .updateTable('pin_credentials')
    .set({ level, updated_at: at })
    .where('codice_fiscale', '=', codiceFiscale)
    .execute()
}

/** The version sessions of this PIN stand on (undefined: no credential). */
export async function readCredentialVersion(db: Executor, codiceFiscale: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('pin_credentials')
    .select('version')
    .where('codice_fiscale', '=', codiceFiscale)
    .executeTakeFirst()
  return row?.version
}

/** Versions changed in the last `seconds` of real time (migration 0009's partial index on version_changed_at). */
export async function credentialVersionsChangedWithin(db: Executor, seconds: number): Promise<ChangedVersion[]> {
  const { rows } = await sql<ChangedVersion>`
    SELECT codice_fiscale AS subject, version, extract(epoch FROM clock_timestamp() - version_changed_at)::float8 AS "ageSeconds"
    FROM pin_credentials WHERE version_changed_at > clock_timestamp() - ${seconds} * interval '1 second'`.execute(db)
  return rows
}
