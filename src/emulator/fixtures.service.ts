import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import { createOperator, createOrganisation, retireKnownPins } from '../modules/operator/operator.service.js'
import type { AuditService } from '../core/audit/audit.service.js'
import type { ClockService } from '../core/clock/clock.service.js'
import type { TokenService } from '../core/auth/token.service.js'
import { notifyStateReplaced } from '../core/auth/session-versions.service.js'
import { stateReplaced } from './state-replaced.js'
import { fixtureOffices, fixtureOperators, fixturePersons } from './fixtures.data.js'
import { upsertOffice } from '../core/offices/offices.repository.js'
import { savePerson } from '../core/archive/persons.service.js'
import { readClock, resetClock } from '../core/clock/clock.repository.js'
import { lockSeeding, readState, truncateDomainTables, writeState } from './reset.repository.js'

const FIXTURES_KEY = 'fixtures_loaded_at'

export interface SeedOptions {
  /** SEED_FIXTURES: load the default data at all. */
  fixtures: boolean
  /**
   * EMULATOR_ENABLED: the fixture operators' PINs are published in the README, so they exist only in a
   * sandbox with its control API; without it they are neither loaded nor left working.
   */
  publishedCredentials: boolean
}

async function loadFixtures(db: Executor, now: Date, options: SeedOptions): Promise<void> {
  if (options.fixtures) {
    for (const office of fixtureOffices) {
      await upsertOffice(db, {
        code: office.code,
        name: office.name,
        open: office.open,
        closedSince: office.closedSince ?? null,
      })
    }
    for (const { codiceFiscale, record } of fixturePersons) await savePerson(db, now, codiceFiscale, record)
    if (options.publishedCredentials) {
      for (const { organisationId, organisation, ...operator } of fixtureOperators) {
        await createOrganisation(db, { id: organisationId, name: organisation, kind: operator.role })
        await createOperator(db, now, { ...operator, organisationId })
      }
    }
  }
  await writeState(db, FIXTURES_KEY, {
    at: now.toISOString(),
    fixtures: options.fixtures,
    operators: options.fixtures && options.publishedCredentials,
  })
}

/**
 * On first start only: an existing database keeps whatever the sandbox user put in it. Except, without
 * the control API, the published operator PINs: a database seeded while it was on still has them.
 */
async function seedIfNew(
  db: Kysely<Database>,
  audit: Pick<AuditService, 'record'>,
  now: Date,
  options: SeedOptions,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockSeeding(trx)
    if (!options.publishedCredentials) {
      for (const operatorId of await retireKnownPins(trx, now, fixtureOperators)) {
        await audit.record(
          trx,
          now,
          { type: 'system' },
          {
            action: 'operator.pin_retired',
            outcome: 'success',
            detail: { operatorId, reason: 'published_fixture_pin' },
          },
        )
      }
    }
    if ((await readState(trx, FIXTURES_KEY)) !== undefined) return false
    await loadFixtures(trx, now, options)
    return true
  })
}

/** Back to the default data and real time, in one transaction: a failed reset changes nothing. */
async function resetToDefaults(db: Kysely<Database>, withFixtures: boolean): Promise<{ tables: number }> {
  return db.transaction().execute(async (trx) => {
    await lockSeeding(trx)
    const tables = await truncateDomainTables(trx)
    await resetClock(trx)
    // Only reachable through the control API, so the sandbox's published operators come back too.
    await loadFixtures(trx, (await readClock(trx)).now, { fixtures: withFixtures, publishedCredentials: true })
    // The signing keys went with the rest: every instance forgets them and the versions it remembered.
    await notifyStateReplaced(trx)
    return { tables: tables.length }
  })
}

export function createFixturesService(deps: {
  db: Kysely<Database>
  audit: Pick<AuditService, 'record'>
  clock: Pick<ClockService, 'now' | 'invalidate'>
  tokens: Pick<TokenService, 'init'>
}) {
  return {
    seedIfNew: async (options: SeedOptions) => seedIfNew(deps.db, deps.audit, await deps.clock.now(), options),
    async reset(withFixtures: boolean): Promise<{ tables: number }> {
      const result = await resetToDefaults(deps.db, withFixtures)
      // A reset is a new sandbox: no token issued before it is accepted after it.
      deps.clock.invalidate()
      stateReplaced()
      // The new key at once: the JWKS is never empty, and a snapshot saved next holds it.
      await deps.tokens.init()
      return result
    },
  }
}

export type FixturesService = ReturnType<typeof createFixturesService>
