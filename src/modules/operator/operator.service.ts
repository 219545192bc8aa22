import { toRomeIso } from '../../lib/rome-time.js'
import type { Kysely, Transaction } from 'kysely'
import type { Executor } from '../../db/executor.js'
import type { Database } from '../../db/database.js'
import type { OperatorRole } from './operator.table.js'
import { unprocessable } from '../../lib/errors.js'
import { generatePin, hashSecret, verifySecret } from '../../lib/secrets.js'
import { findOfficeByCode } from '../../core/offices/offices.service.js'
import type { AuditService } from '../../core/audit/audit.service.js'
import type { VersionSource } from '../../core/auth/session-versions.service.js'
import {
  findOrganisation,
  insertOperator,
  insertOrganisation,
  listOperators,
  lockOperator,
  nextOperatorNumber,
  nextOrganisationNumber,
  operatorVersionsChangedWithin,
  readOperatorVersion,
  setOperatorPin,
} from './operator.repository.js'
import type { CreatedOperator } from './operator.schemas.js'

const ID_PREFIX: Record<OperatorRole, string> = {
  contact_center: 'CC',
  patronato: 'PAT',
  intermediario: 'INT',
  backoffice: 'BO',
  office: 'SEDE',
  caf: 'CAF',
}

export const OPERATOR_PIN_LENGTH = 8

export interface OperatorSpec {
  role: OperatorRole
  /** The name of a new organisation: a name never joins an existing one (two patronati may share a name). */
  organisation?: string
  /** An existing organisation of the same kind to join: its operators share mandates and filings. */
  organisationId?: string
  officeCode?: string
  /** A chosen id and PIN (the documented fixtures); otherwise both are generated. */
  operatorId?: string
  pin?: string
}

export async function createOperator(db: Executor, now: Date, spec: OperatorSpec): Promise<CreatedOperator> {
  if (spec.role === 'office' && !spec.officeCode)
    throw unprocessable('OFFICE_CODE_REQUIRED', 'An office operator needs an officeCode')
  if (spec.role !== 'office' && spec.officeCode)
    throw unprocessable('OFFICE_CODE_NOT_ALLOWED', 'Only office operators belong to a sede')
  if (spec.officeCode && !(await findOfficeByCode(db, spec.officeCode))) {
    throw unprocessable(
      'UNKNOWN_OFFICE',
      `No office ${spec.officeCode}: create it with PUT /emulator/offices/{officeCode}`,
    )
  }
  const organisation = await organisationFor(db, spec)
  const pin = spec.pin ?? generatePin(OPERATOR_PIN_LENGTH)
  const operatorId = spec.operatorId ?? `${ID_PREFIX[spec.role]}${await nextOperatorNumber(db)}`
  const row = await insertOperator(db, {
    id: operatorId,
    role: spec.role,
    organisation_id: organisation.id,
    office_code: spec.officeCode ?? null,
    pin_hash: await hashSecret(pin),
    pin_set_at: now,
    created_at: now,
  })
  return {
    operatorId: row.id,
    pin,
    role: row.role,
    organisationId: organisation.id,
    organisation: organisation.name,
    officeCode: row.office_code,
    createdAt: toRomeIso(row.created_at),
  }
}

/** An organisation with a chosen id (the documented fixtures); operators join it by organisationId. */
export async function createOrganisation(
  db: Executor,
  organisation: { id: string; name: string | null; kind: OperatorRole },
): Promise<void> {
  await insertOrganisation(db, organisation)
}

async function organisationFor(db: Executor, spec: OperatorSpec): Promise<{ id: string; name: string | null }> {
  if (spec.organisationId === undefined) {
    return insertOrganisation(db, {
      id: `ORG${await nextOrganisationNumber(db)}`,
      name: spec.organisation ?? null,
      kind: spec.role,
    })
  }
  if (spec.organisation !== undefined) {
    throw unprocessable(
      'ORGANISATION_AMBIGUOUS',
      'Give organisationId to join an organisation, or organisation to name a new one, not both',
    )
  }
  const found = await findOrganisation(db, spec.organisationId)
  if (!found)
    throw unprocessable(
      'UNKNOWN_ORGANISATION',
      `No organisation ${spec.organisationId}: GET /emulator/operators lists them`,
    )
  if (found.kind !== spec.role) {
    throw unprocessable(
      'ORGANISATION_ROLE_MISMATCH',
      `Organisation ${found.id} is a ${found.kind} organisation, not a ${spec.role} one`,
    )
  }
  return found
}

/**
 * Each operator that still has the given PIN gets a random one that nobody is told (and a new version,
 * which voids its change tokens); an operator whose PIN was changed keeps it. Returns the ids retired.
 */
export async function retireKnownPins(
  trx: Transaction<Database>,
  now: Date,
  known: ReadonlyArray<{ operatorId: string; pin: string }>,
): Promise<string[]> {
  const retired: string[] = []
  for (const { operatorId, pin } of known) {
    const row = await lockOperator(trx, operatorId)
    if (!row || !(await verifySecret(row.pin_hash, pin))) continue
    await setOperatorPin(trx, row.id, await hashSecret(generatePin(OPERATOR_PIN_LENGTH)), row.pin_hash, now)
    retired.push(row.id)
  }
  return retired
}

/** The operators as the control API creates and lists them. */
export function createOperatorsService(deps: { db: Kysely<Database>; audit: Pick<AuditService, 'record'> }) {
  return {
    async create(now: Date, spec: OperatorSpec, requestId: string): Promise<CreatedOperator> {
      return deps.db.transaction().execute(async (trx) => {
        const operator = await createOperator(trx, now, spec)
        await deps.audit.record(
          trx,
          now,
          { type: 'emulator', requestId },
          {
            action: 'operator.created',
            outcome: 'success',
            detail: { operatorId: operator.operatorId, role: operator.role, organisationId: operator.organisationId },
          },
        )
        return operator
      })
    },
    async list() {
      return (await listOperators(deps.db)).map((o) => ({
        operatorId: o.id,
        role: o.role,
        organisationId: o.organisation_id,
        organisation: o.organisation,
        officeCode: o.office_code,
      }))
    },
  }
}

export type OperatorsService = ReturnType<typeof createOperatorsService>

/** The operators' session versions, for core/auth's memory of them: an operator's version is this module's. */
export function operatorSessionVersions(db: Executor): VersionSource {
  return {
    read: (id) => readOperatorVersion(db, id),
    changedWithin: (seconds) => operatorVersionsChangedWithin(db, seconds),
  }
}
