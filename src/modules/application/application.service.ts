import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../lib/errors.js'
import type { AuthContext, AuthLevel } from '../../core/auth/auth.types.js'
import type { AuditService } from '../../core/audit/audit.service.js'
import {
  benefitsAppliedFor, countByBenefitAndStatus, findApplication, findIdempotencyRecord, findOwnApplication, findPatronatoApplication, hasMandate, insertMandate,
  listApplications, registerLibretto, type ApplicationCursor, type SubmissionOutcome,
} from './application.repository.js'
import type { SubmissionBatcher } from './submission.service.js'
import type { ApplicationChannel, ApplicationRow } from './application.table.js'
import type { Application, ApplicationBody } from './application.schemas.js'
import { BENEFIT_CODES, findBenefit, type Benefit } from './benefits.rules.js'
import { checkChildren, checkDeclarations, checkPayment, maskIban } from './application.rules.js'
import { protocolPrefix, receiptTemplates } from './receipt.rules.js'

export interface ApplicationDeps {
  db: Kysely<Database>
  submissions: Pick<SubmissionBatcher, 'submit'>
  audit: Pick<AuditService, 'record'>
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

/** Why the constraints refused the insert, in the words of docs/rules.md §6. */
function conflictReason(benefit: Benefit, existing: Array<{ benefit_code: string; exclusive_group: string | null }>) {
  const rival = benefit.exclusiveGroup ? existing.find((a) => a.exclusive_group === benefit.exclusiveGroup && a.benefit_code !== benefit.code) : undefined
  if (rival) {
    return conflict('INCOMPATIBLE_BENEFIT', `${benefit.code} cannot be combined with ${rival.benefit_code}: the indemnities of DL 18/2020 exclude each other`, {
      conflictingBenefitCode: rival.benefit_code,
    })
  }
  return conflict('DUPLICATE_APPLICATION', `An application for ${benefit.code} already exists for this person`)
}

/** The first answer to a submission, as it was: the application just submitted. */
function asSubmitted(row: ApplicationRow): Application {
  return toApplication({ ...row, status: 'submitted', reasons: [], amount_eur: null, payment_date: null, evaluated_at: null, libretto_registered_at: null })
}

const UNIQUE_VIOLATION = '23505'

async function replay(deps: ApplicationDeps, previous: { requestHash: string; applicationId: string }, hash: string): Promise<SubmissionResult> {
  if (previous.requestHash !== hash) throw unprocessable('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request')
  return { status: 201, body: asSubmitted(requireFound(await findApplication(deps.db, previous.applicationId))), replayed: true }
}

/**
 * docs/rules.md §6: the application, its protocol number, the audit entry, the receipt and the idempotency
 * record are written by one atomic statement (shared with concurrent submissions: group commit), all
 * or nothing. The unique constraints decide duplicates, so concurrent submissions on any number of
 * instances can never create two.
 */
async function submitApplication(deps: ApplicationDeps, now: Date, filing: Filing, body: ApplicationBody, idempotencyKey?: string): Promise<SubmissionResult> {
  const benefit = findBenefit(body.benefitCode)
  if (!benefit) throw unprocessable('UNKNOWN_BENEFIT', `No benefit ${body.benefitCode}`)
  const payment = checkPayment(body.payment)
  checkDeclarations(benefit, body.declarations)
  const children = checkChildren(benefit, body.children)
  const hash = requestHash(filing, body)

  let outcome: SubmissionOutcome
  try {
    outcome = await deps.submissions.submit({
      id: randomUUID(),
      protocolPrefix: protocolPrefix(now),
      codiceFiscale: filing.codiceFiscale,
      benefitCode: benefit.code,
      exclusiveGroup: benefit.exclusiveGroup,
      channel: filing.channel,
      filedBy: filing.filedBy ?? null,
      patronato: filing.patronato ?? null,
      authLevel: filing.authLevel,
      payment,
      declarations: body.declarations,
      children,
      submittedAt: now,
      audit: { id: randomUUID(), actorType: filing.channel === 'web' ? 'citizen' : 'operator', actorId: filing.filedBy ?? filing.codiceFiscale, requestId: filing.requestId },
      receipt: { id: randomUUID(), ...receiptTemplates(benefit.code) },
      idempotency: idempotencyKey ? { caller: filing.caller, key: idempotencyKey, requestHash: hash } : null,
    })
  } catch (err) {
    // The same key raced with a different body: the idempotency record refused the second.
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION || !idempotencyKey) throw err
    outcome = { kind: 'conflict' }
  }
  if (outcome.kind === 'created') return { status: 201, body: toApplication(outcome.row), replayed: false }
  if (outcome.kind === 'previous') return replay(deps, outcome, hash)
  // Refused by a constraint: a concurrent retry with our key may have won, otherwise say which rule.
  const previous = idempotencyKey ? await findIdempotencyRecord(deps.db, filing.caller, idempotencyKey) : undefined
  if (previous) return replay(deps, { requestHash: previous.request_hash, applicationId: previous.application_id }, hash)
  throw conflictReason(benefit, await benefitsAppliedFor(deps.db, filing.codiceFiscale))
}

export function requireFound<T>(row: T | undefined): T {
  if (!row) throw notFound('Application', 'APPLICATION_NOT_FOUND')
  return row
}

function encodeCursor(a: Application): string {
  return Buffer.from(`${a.submittedAt}|${a.id}`).toString('base64url')
}

function decodeCursor(cursor: string | undefined): ApplicationCursor | undefined {
  if (!cursor) return undefined
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|')
  const submittedAt = new Date(at ?? '')
  if (Number.isNaN(submittedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw badRequest('INVALID_CURSOR', 'cursor is not one this API gave out')
  return { submittedAt, id }
}

/** One page of the owner's applications (a citizen's own, or those a patronato filed). */
async function pageApplications(db: Executor, owner: { codiceFiscale: string } | { patronato: string }, cursor: string | undefined, limit: number) {
  const rows = await listApplications(db, owner, decodeCursor(cursor), limit + 1)
  const items = rows.slice(0, limit).map(toApplication)
  return rows.length > limit ? { items, nextCursor: encodeCursor(items[items.length - 1]) } : { items }
}

async function applicationStats(db: Executor, asOf: Date) {
  const counts = await countByBenefitAndStatus(db)
  const byBenefit = BENEFIT_CODES.map((benefitCode) => {
    const of = (status: string) => counts.find((c) => c.benefit_code === benefitCode && c.status === status)?.count ?? 0
    const [submitted, accepted, rejected] = [of('submitted'), of('accepted'), of('rejected')]
    return { benefitCode, submitted, accepted, rejected, total: submitted + accepted + rejected }
  })
  return { total: byBenefit.reduce((sum, b) => sum + b.total, 0), byBenefit, asOf: asOf.toISOString() }
}

export function createApplicationService(deps: ApplicationDeps) {
  const { db } = deps
  return {
    submit: (now: Date, filing: Filing, body: ApplicationBody, idempotencyKey?: string) => submitApplication(deps, now, filing, body, idempotencyKey),
    pageOwn: (codiceFiscale: string, cursor: string | undefined, limit: number) => pageApplications(db, { codiceFiscale }, cursor, limit),
    pageFiledBy: (patronato: string, cursor: string | undefined, limit: number) => pageApplications(db, { patronato }, cursor, limit),
    getOwn: async (id: string, codiceFiscale: string) => toApplication(requireFound(await findOwnApplication(db, id, codiceFiscale))),
    getFiledBy: async (id: string, patronato: string) => toApplication(requireFound(await findPatronatoApplication(db, id, patronato))),
    stats: (asOf: Date) => applicationStats(db, asOf),

    /** The baby-sitting bonus goes on the Libretto Famiglia, with the full PIN (docs/rules.md §6). */
    async registerLibretto(now: Date, auth: AuthContext, id: string, requestId: string) {
      const application = requireFound(await findOwnApplication(db, id, auth.subject))
      if (application.benefit_code !== 'bonus-baby-sitting') throw conflict('NOT_BABY_SITTING', 'Only the baby-sitting bonus goes on the Libretto Famiglia')
      if (auth.authLevel === 'pin_semplificato') {
        throw forbidden('SECOND_HALF_REQUIRED', 'Log in with the full PIN (activate it with the second half that came by post) to use the Libretto Famiglia')
      }
      if (application.status === 'rejected') throw conflict('APPLICATION_REJECTED', 'A rejected application cannot be registered')
      const registered = requireFound(await registerLibretto(db, application.id, auth.subject, now))
      await deps.audit.record(db, now, { type: 'citizen', id: auth.subject, channel: 'web', requestId }, { action: 'application.libretto_registered', outcome: 'success', codiceFiscale: auth.subject, detail: { applicationId: application.id } })
      return { status: 'registered' as const, registeredAt: registered.libretto_registered_at!.toISOString() }
    },

    async grantMandate(now: Date, patronato: string, operatorId: string, codiceFiscale: string, requestId: string) {
      const row = await insertMandate(db, { id: randomUUID(), patronato, codice_fiscale: codiceFiscale, granted_by: operatorId, created_at: now })
      await deps.audit.record(db, now, { type: 'operator', id: operatorId, channel: 'patronato', requestId }, { action: 'patronato.mandate', outcome: 'success', codiceFiscale })
      return { id: row.id, codiceFiscale: row.codice_fiscale, patronato: row.patronato, createdAt: row.created_at.toISOString() }
    },

    /** A patronato files only for the citizens who gave it a mandate. */
    async submitForPatronato(now: Date, filing: Filing & { patronato: string }, body: ApplicationBody, idempotencyKey?: string) {
      if (!(await hasMandate(db, filing.patronato, filing.codiceFiscale))) {
        throw forbidden('NO_MANDATE', 'The patronato has no mandate from this citizen: record it with POST /api/v1/patronato/mandates')
      }
      return submitApplication(deps, now, filing, body, idempotencyKey)
    },
  }
}

export type ApplicationService = ReturnType<typeof createApplicationService>
