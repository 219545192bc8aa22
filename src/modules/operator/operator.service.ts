import type { Executor } from '../../db/executor.js'
import type { OperatorRole, OperatorRow } from '../../db/database.js'
import { unprocessable } from '../../lib/errors.js'
import { generatePin, hashSecret } from '../../lib/secrets.js'
import { findOffice } from '../emulator/offices.repository.js'
import { insertOperator, listOperators, nextOperatorNumber } from './operator.repository.js'
import type { CreatedOperator } from './operator.schemas.js'

const ID_PREFIX: Record<OperatorRole, string> = {
  contact_center: 'CC',
  patronato: 'PAT',
  intermediario: 'INT',
  backoffice: 'BO',
  office: 'SEDE',
}

export const OPERATOR_PIN_LENGTH = 8

export interface OperatorSpec {
  role: OperatorRole
  organisation?: string
  officeCode?: string
  /** A chosen id and PIN (the documented fixtures); otherwise both are generated. */
  operatorId?: string
  pin?: string
}

export async function createOperator(db: Executor, now: Date, spec: OperatorSpec): Promise<CreatedOperator> {
  if (spec.role === 'office' && !spec.officeCode) throw unprocessable('OFFICE_CODE_REQUIRED', 'An office operator needs an officeCode')
  if (spec.role !== 'office' && spec.officeCode) throw unprocessable('OFFICE_CODE_NOT_ALLOWED', 'Only office operators belong to a sede')
  if (spec.officeCode && !(await findOffice(db, spec.officeCode))) {
    throw unprocessable('UNKNOWN_OFFICE', `No office ${spec.officeCode}: create it with PUT /emulator/offices/{officeCode}`)
  }
  const pin = spec.pin ?? generatePin(OPERATOR_PIN_LENGTH)
  const operatorId = spec.operatorId ?? `${ID_PREFIX[spec.role]}${await nextOperatorNumber(db)}`
  const row = await insertOperator(db, {
    id: operatorId,
    role: spec.role,
    organisation: spec.organisation ?? null,
    office_code: spec.officeCode ?? null,
    pin_hash: await hashSecret(pin),
    pin_set_at: now,
  })
  return { operatorId: row.id, pin, role: row.role, organisation: row.organisation, officeCode: row.office_code, createdAt: row.created_at.toISOString() }
}

export async function allOperators(db: Executor): Promise<Array<Pick<OperatorRow, 'id' | 'role' | 'organisation' | 'office_code'>>> {
  return listOperators(db)
}
