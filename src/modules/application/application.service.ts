import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import { conflict, notFound, unprocessable } from '../../lib/errors.js'
import { romeDate } from '../../lib/rome-time.js'
import type { AuditService } from '../emulator/audit.service.js'
import type { OutboxService } from '../emulator/outbox.service.js'
import { findPerson } from '../emulator/persons.repository.js'
import type { AuthLevel } from '../auth/auth.types.js'
import {
  benefitsAppliedFor, findIdempotencyRecord, insertApplication, insertIdempotencyRecord, lockIdempotencyKey,
  lockPersonApplications, nextProtocolSequence,
} from './application.repository.js'
import type { ApplicationChannel, ApplicationRow } from './application.table.js'
import type { Application, ApplicationBody } from './application.schemas.js'
import { findBenefit, type Benefit } from './benefits.js'
import { checkChildren, checkDeclarations, checkPayment, maskIban } from './application.validation.js'

export interface ApplicationDeps {
  db: Kysely<Database>
  audit: AuditService
  outbox: OutboxService
}

/** Who files the application, for whom, and through which channel. */
export interface Filing {
  codiceFiscale: string
  channel: ApplicationChannel
  authLevel: AuthLevel
  /** Operator id for contact_center and patronato filings. */
  filedBy?: string
  patronato?: string
  /** Scope of idempotency keys: keys never collide between callers. */
  caller: string
  requestId: string
}

export interface SubmissionResult {
  status: number
  body: Application
  replayed: boolean
}

export function toApplication(row: ApplicationRow): Application {
  return {
    id: row.id,
    protocolNumber: row.protocol_number,
    codiceFiscale: row.codice_fiscale,
    benefitCode: row.benefit_code as Application['benefitCode'],
    status: row.status,
    channel: row.channel,
    submittedAt: row.submitted_at.toISOString(),
    payment: row.payment.iban ? { method: row.payment.method, ibanMasked: maskIban(row.payment.iban) } : { method: row.payment.method },
    children: row.children,
    reasons: row.status === 'rejected' ? row.reasons : undefined,
    amountEur: row.amount_eur ?? undefined,
    paymentDate: row.payment_date ?? undefined,
    evaluatedAt: row.evaluated_at?.toISOString(),
    librettoFamigliaRegisteredAt: row.libretto_registered_at?.toISOString(),
  }
}

/** Canonical JSON (sorted keys): the same body always hashes the same. */
function requestHash(filing: Filing, body: ApplicationBody): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(canonical)
      : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]))
        : value
  return createHash('sha256').update(JSON.stringify(canonical({ for: filing.codiceFiscale, body }))).digest('hex')
}

function checkNotAlreadyApplied(benefit: Benefit, existing: Array<{ benefit_code: string; exclusive_group: string | null }>): void {
  if (existing.some((a) => a.benefit_code === benefit.code)) {
    throw conflict('DUPLICATE_APPLICATION', `An application for ${benefit.code} already exists for this person`)
  }
  const rival = benefit.exclusiveGroup && existing.find((a) => a.exclusive_group === benefit.exclusiveGroup)
  if (rival) {
    throw conflict('INCOMPATIBLE_BENEFIT', `${benefit.code} cannot be combined with ${rival.benefit_code}: the indemnities of DL 18/2020 exclude each other`, {
      conflictingBenefitCode: rival.benefit_code,
    })
  }
}

const UNIQUE_VIOLATION = '23505'

/** The database constraints have the last word, should two writers ever pass the checks together. */
function mapConstraintViolation(err: unknown, benefit: Benefit): never {
  const e = err as { code?: string; constraint?: string; message?: string }
  if (e?.code === UNIQUE_VIOLATION) {
    const which = e.constraint ?? e.message ?? ''
    if (which.includes('applications_one_indemnity')) throw conflict('INCOMPATIBLE_BENEFIT', `${benefit.code} cannot be combined with another indemnity`)
    if (which.includes('applications_one_per_benefit')) throw conflict('DUPLICATE_APPLICATION', `An application for ${benefit.code} already exists for this person`)
  }
  throw err
}

/**
 * SPEC 6: one transaction writes the application, its protocol number, the idempotency record, the
 * audit entry and the receipt: all or nothing.
 */
export async function submitApplication(deps: ApplicationDeps, now: Date, filing: Filing, body: ApplicationBody, idempotencyKey?: string): Promise<SubmissionResult> {
  const benefit = findBenefit(body.benefitCode)
  if (!benefit) throw unprocessable('UNKNOWN_BENEFIT', `No benefit ${body.benefitCode}`)
  const payment = checkPayment(body.payment)
  checkDeclarations(benefit, body.declarations)
  const children = checkChildren(benefit, body.children)
  const hash = requestHash(filing, body)

  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (idempotencyKey) {
        await lockIdempotencyKey(trx, filing.caller, idempotencyKey)
        const previous = await findIdempotencyRecord(trx, filing.caller, idempotencyKey)
        if (previous) {
          if (previous.request_hash !== hash) throw unprocessable('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request')
          return { status: previous.response_status, body: previous.response_body as Application, replayed: true }
        }
      }
      await lockPersonApplications(trx, filing.codiceFiscale)
      checkNotAlreadyApplied(benefit, await benefitsAppliedFor(trx, filing.codiceFiscale))

      const sequence = await nextProtocolSequence(trx)
      const row = await insertApplication(trx, {
        id: randomUUID(),
        protocol_number: `INPS.${romeDate(now).slice(0, 4)}.${String(sequence).padStart(7, '0')}`,
        codice_fiscale: filing.codiceFiscale,
        benefit_code: benefit.code,
        exclusive_group: benefit.exclusiveGroup,
        channel: filing.channel,
        filed_by: filing.filedBy ?? null,
        patronato: filing.patronato ?? null,
        auth_level: filing.authLevel,
        payment: JSON.stringify(payment),
        declarations: JSON.stringify(body.declarations),
        children: JSON.stringify(children),
        status: 'submitted',
        reasons: '[]',
        submitted_at: now,
      })
      const application = toApplication(row)
      await deps.audit.record(trx, now, { type: filing.channel === 'web' ? 'citizen' : 'operator', id: filing.filedBy ?? filing.codiceFiscale, channel: filing.channel, requestId: filing.requestId }, {
        action: 'application.submitted', outcome: 'success', codiceFiscale: filing.codiceFiscale,
        detail: { applicationId: row.id, protocolNumber: row.protocol_number, benefitCode: benefit.code },
      })
      await sendReceipt(trx, deps.outbox, now, application)
      if (idempotencyKey) {
        await insertIdempotencyRecord(trx, { caller: filing.caller, key: idempotencyKey, request_hash: hash, response_status: 201, response_body: JSON.stringify(application), created_at: now })
      }
      return { status: 201, body: application, replayed: false }
    })
  } catch (err) {
    return mapConstraintViolation(err, benefit)
  }
}

/** The "ricevuta": to the email on file, else the mobile; a person with neither gets none. */
async function sendReceipt(trx: Executor, outbox: OutboxService, now: Date, application: Application): Promise<void> {
  const person = await findPerson(trx, application.codiceFiscale)
  const contacts = person?.contacts ?? {}
  const to = contacts.email ? { channel: 'email' as const, recipient: contacts.email } : contacts.mobile ? { channel: 'sms' as const, recipient: contacts.mobile } : undefined
  if (!to) return
  await outbox.send(trx, now, [{
    codiceFiscale: application.codiceFiscale, ...to, deliverAt: now,
    subject: `Ricevuta domanda ${application.protocolNumber}`,
    body: `INPS: la domanda ${application.benefitCode} è stata acquisita con protocollo ${application.protocolNumber}.`,
  }])
}

export function requireFound<T>(row: T | undefined): T {
  if (!row) throw notFound('Application', 'APPLICATION_NOT_FOUND')
  return row
}
