import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { AuditService } from '../audit/audit.service.js'
import type { Executor } from '../../db/executor.js'
import { romeDate } from '../../lib/rome-time.js'
import { findOffice, listOffices, upsertOffice } from './offices.repository.js'
import type { Office, OfficeUpdate } from './offices.schemas.js'

export function toOffice(row: Row<'offices'>): Office {
  return { officeCode: row.code, name: row.name, open: row.open, closedSince: row.closed_since }
}

/** Opens or closes a sede (creating it if new); closing records the emulated date, as in March 2020. */
export async function saveOffice(db: Executor, now: Date, code: string, update: OfficeUpdate): Promise<Office> {
  const existing = await findOffice(db, code)
  const closedSince = update.open ? null : existing && !existing.open ? existing.closed_since : romeDate(now)
  return toOffice(await upsertOffice(db, { code, name: update.name, open: update.open, closedSince }))
}

export async function allOffices(db: Executor): Promise<Office[]> {
  return (await listOffices(db)).map(toOffice)
}

/** An office by code, or undefined: the read other modules use. */
export async function findOfficeByCode(db: Executor, code: string): Promise<Row<'offices'> | undefined> {
  return findOffice(db, code)
}

export function createOfficesService(deps: { db: Kysely<Database>; audit: Pick<AuditService, 'record'> }) {
  return {
    async save(now: Date, code: string, update: OfficeUpdate, requestId: string): Promise<Office> {
      const office = await saveOffice(deps.db, now, code, update)
      await deps.audit.record(
        deps.db,
        now,
        { type: 'emulator', requestId },
        {
          action: office.open ? 'office.opened' : 'office.closed',
          outcome: 'success',
          detail: { officeCode: office.officeCode },
        },
      )
      return office
    },
    all: () => allOffices(deps.db),
  }
}
