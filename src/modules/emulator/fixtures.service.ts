import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import { createOperator } from '../operator/operator.service.js'
import { fixtureOffices, fixtureOperators, fixturePersons } from './emulator.fixtures.js'
import { upsertOffice } from './offices.repository.js'
import { savePerson } from './persons.service.js'
import { readClock, resetClock } from './clock.repository.js'
import { lockSeeding, readState, truncateDomainTables, writeState } from './reset.repository.js'

const FIXTURES_KEY = 'fixtures_loaded_at'

async function loadFixtures(db: Executor, now: Date, withFixtures: boolean): Promise<void> {
  if (withFixtures) {
    for (const office of fixtureOffices) {
      await upsertOffice(db, { code: office.code, name: office.name, open: office.open, closedSince: office.closedSince ?? null })
    }
    for (const { codiceFiscale, record } of fixturePersons) await savePerson(db, codiceFiscale, record)
    for (const operator of fixtureOperators) await createOperator(db, now, operator)
  }
  await writeState(db, FIXTURES_KEY, { at: now.toISOString(), fixtures: withFixtures })
}

/** On first start only: an existing database keeps whatever the sandbox user put in it. */
export async function seedIfNew(db: Kysely<Database>, now: Date, withFixtures: boolean): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockSeeding(trx)
    if ((await readState(trx, FIXTURES_KEY)) !== undefined) return false
    await loadFixtures(trx, now, withFixtures)
    return true
  })
}

/** Back to the default data and real time, in one transaction: a failed reset changes nothing. */
export async function resetToDefaults(db: Kysely<Database>, withFixtures: boolean): Promise<{ tables: number }> {
  return db.transaction().execute(async (trx) => {
    await lockSeeding(trx)
    const tables = await truncateDomainTables(trx)
    await resetClock(trx)
    await loadFixtures(trx, (await readClock(trx)).now, withFixtures)
    return { tables: tables.length }
  })
}
