import { toRomeIso } from '../../lib/rome-time.js'
import type { Kysely } from 'kysely'
import type { Executor } from '../../db/executor.js'
import type { Database, Row } from '../../db/database.js'
import type { HouseholdFactsJson } from './persons.table.js'
import type { AuditService } from '../audit/audit.service.js'
import { badRequest, notFound, unprocessable } from '../../lib/errors.js'
import {
  checkCodiceFiscaleConsistency,
  isWellFormedCodiceFiscale,
  normalizeCodiceFiscale,
} from '../../lib/codice-fiscale.js'
import { findByHousehold, findPerson, findPersons, listPersons, upsertPerson } from './persons.repository.js'
import type { Person, PersonRecord } from './persons.schemas.js'
import { toPage } from '../../lib/paging.js'

/** A well-formed code with a correct check character, or 400 INVALID_CODICE_FISCALE. */
export function requireCodiceFiscale(input: string): string {
  const cf = normalizeCodiceFiscale(input)
  if (!isWellFormedCodiceFiscale(cf)) {
    throw badRequest(
      'INVALID_CODICE_FISCALE',
      'codiceFiscale is not a valid codice fiscale (pattern or check character)',
      {
        errors: [{ field: '/codiceFiscale', message: 'invalid codice fiscale' }],
      },
    )
  }
  return cf
}

/** 422 CODICE_FISCALE_MISMATCH naming each personal field the code disagrees with. */
export function requireConsistentCodiceFiscale(
  cf: string,
  data: Pick<PersonRecord, 'firstName' | 'lastName' | 'birthDate' | 'sex'>,
): void {
  const check = checkCodiceFiscaleConsistency(cf, data)
  if (!check.ok) {
    throw unprocessable(
      'CODICE_FISCALE_MISMATCH',
      `The codice fiscale does not agree with: ${check.mismatches.join(', ')}`,
      {
        errors: check.mismatches.map((field) => ({
          field: `/${field}`,
          message: 'does not agree with the codice fiscale',
        })),
      },
    )
  }
}

export function toPerson(row: Row<'persons'>): Person {
  return {
    codiceFiscale: row.codice_fiscale,
    firstName: row.first_name,
    lastName: row.last_name,
    birthDate: row.birth_date,
    sex: row.sex,
    birthPlace: row.birth_place,
    residence: row.residence,
    contacts: row.contacts,
    positions: row.positions as Person['positions'],
    ...(row.bank_accounts.length > 0 ? { bankAccounts: row.bank_accounts } : {}),
    ...(row.household_id ? { household: { id: row.household_id, ...row.household_facts } } : {}),
    updatedAt: toRomeIso(row.updated_at),
  }
}

/** The household's facts without its id (none without a household). */
function householdFacts(household: PersonRecord['household']): HouseholdFactsJson {
  if (!household) return {}
  const { id: _id, ...facts } = household
  return facts
}

/** `now`: the emulated time, which `updatedAt` reports like every other time of the sandbox. */
export async function savePerson(
  db: Executor,
  now: Date,
  codiceFiscale: string,
  record: PersonRecord,
): Promise<Person> {
  const cf = requireCodiceFiscale(codiceFiscale)
  requireConsistentCodiceFiscale(cf, record)
  const row = await upsertPerson(db, {
    codice_fiscale: cf,
    first_name: record.firstName,
    last_name: record.lastName,
    birth_date: record.birthDate,
    sex: record.sex,
    birth_place: record.birthPlace,
    residence: JSON.stringify(record.residence),
    contacts: JSON.stringify(record.contacts ?? {}),
    positions: JSON.stringify(record.positions ?? {}),
    household_id: record.household?.id ?? null,
    household_facts: JSON.stringify(householdFacts(record.household)),
    bank_accounts: JSON.stringify(
      (record.bankAccounts ?? []).map((a) => ({ iban: a.iban, holders: a.holders.map(normalizeCodiceFiscale) })),
    ),
    updated_at: now,
  })
  return toPerson(row)
}

export async function getPerson(db: Executor, codiceFiscale: string): Promise<Person> {
  const row = await findPerson(db, requireCodiceFiscale(codiceFiscale))
  if (!row) throw notFound('The archive record for that codice fiscale', 'PERSON_NOT_FOUND')
  return toPerson(row)
}

export async function pagePersons(
  db: Executor,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: Person[]; nextCursor?: string }> {
  return toPage(await listPersons(db, cursor, limit + 1), limit, (last) => last.codice_fiscale, toPerson)
}

/** The archive record of a person, or undefined: the read other modules use (inside their transaction if any). */
export async function findArchivedPerson(db: Executor, codiceFiscale: string): Promise<Row<'persons'> | undefined> {
  return findPerson(db, codiceFiscale)
}

/** The archive records of several people at once (absent ones are left out). */
export async function findArchivedPersons(db: Executor, codiciFiscali: readonly string[]): Promise<Row<'persons'>[]> {
  return findPersons(db, codiciFiscali)
}

/** Everyone in a nucleo familiare (archive household id), in codice fiscale order. */
export async function findHouseholdMembers(db: Executor, householdId: string): Promise<Row<'persons'>[]> {
  return findByHousehold(db, householdId)
}

export function createPersonsService(deps: { db: Kysely<Database>; audit: Pick<AuditService, 'record'> }) {
  return {
    async save(now: Date, codiceFiscale: string, record: PersonRecord, requestId: string): Promise<Person> {
      const person = await savePerson(deps.db, now, codiceFiscale, record)
      await deps.audit.record(
        deps.db,
        now,
        { type: 'emulator', requestId },
        { action: 'archive.person_saved', outcome: 'success', codiceFiscale: person.codiceFiscale },
      )
      return person
    },
    get: (codiceFiscale: string) => getPerson(deps.db, codiceFiscale),
    page: (cursor: string | undefined, limit: number) => pagePersons(deps.db, cursor, limit),
    /** The persons of one household, read on `db` (a transaction) when given. */
    household: (householdId: string, db: Executor = deps.db) => findHouseholdMembers(db, householdId),
  }
}

export type PersonsService = ReturnType<typeof createPersonsService>

export type { BankAccountJson } from './persons.table.js'
