import { createBatchQueue, createCoalescingLoader } from '../../lib/coalesce.js'
import { isItemError } from '../../db/sql-state.js'
import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import { conflict, forbidden, notFound, unprocessable } from '../../lib/errors.js'
import type { AuthLevel } from '../../core/auth/auth.types.js'
import type { AuditService } from '../../core/audit/audit.service.js'
import {
  benefitsAppliedFor,
  type AppliedFor,
  countByBenefitAndStatus,
  findApplication,
  findIdempotencyRecord,
  findOwnApplications,
  findPatronatoApplication,
  hasMandate,
  insertMandate,
  listOwnApplicationPages,
  listPatronatoApplications,
  type ApplicationCursor,
  type OwnPageRequest,
  type SubmissionOutcome,
} from './application.repository.js'
import type { SubmissionBatcher } from './submission.service.js'
import type { ApplicationChannel } from './application.table.js'
import type { Application, ApplicationBody } from './application.schemas.js'
import { BENEFIT_CODES, benefitsOn, findBenefit } from './benefits/catalogue.js'
import type { BenefitDefinition, Positions } from './benefits/definition.js'
import {
  checkApplicationPayment,
  checkChildren,
  checkDeclarations,
  checkPeriods,
  checkDetails,
  maskIban,
} from './application.rules.js'
import { childAlreadyClaimed, isChildClaimViolation } from './baby-sitting.service.js'
import { householdAlreadyApplied, householdKeyOf, isHouseholdClaimViolation } from './household.service.js'
import { protocolPrefix, receiptTemplates } from './receipt.rules.js'
import type { Payment, PaymentService } from '../payment/payment.service.js'
import { findArchivedPerson } from '../../core/archive/persons.service.js'
import { romeDate, toRomeIso } from '../../lib/rome-time.js'
import {
  applicationPeriod,
  checkApplicationPeriod,
  hasExtendedDeadline,
  periodClosed,
  type CalendarSettings,
} from './calendar.rules.js'
import { describeReason } from './reasons.rules.js'
import { decodeKeysetCursor, encodeKeysetCursor, pageOf, withCursor } from '../../lib/paging.js'
import type { KnownApplications } from './known-applications.js'

export interface ApplicationDeps {
  db: Kysely<Database>
  submissions: Pick<SubmissionBatcher, 'submit'>
  audit: Pick<AuditService, 'record'>
  payments: Pick<PaymentService, 'ofApplications' | 'redirect'>
  calendar: CalendarSettings
  /** What this instance knows people applied for (emptied on every instance by a reset or a restore). */
  known: KnownApplications
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

/** The instalment of the earliest month: the one an application is known by (the March 600 euro). */
const firstMonth = (payments: readonly Payment[]) =>
  payments.reduce<Payment | undefined>((first, p) => (!first || p.period < first.period ? p : first), undefined)

/** What the applicant sees of the payment: the instalment's state once accepted (docs/rules.md §12). */
function paymentView(row: Row<'applications'>, payments: readonly Payment[]): Application['payment'] {
  const masked = row.payment.iban ? { ibanMasked: maskIban(row.payment.iban) } : {}
  const current = row.status === 'accepted' ? firstMonth(payments) : undefined
  if (!current) return { method: row.payment.method, ...masked, status: 'not_applicable' }
  return {
    method: row.payment.method,
    ...masked,
    status: current.status,
    ...(current.failureReason ? { failureReason: current.failureReason } : {}),
  }
}

/** Waiting for documents: a foreign SEPA IBAN's (msg 1981/2020), or those its benefit's definition asks for. */
export const awaitsDocuments = (row: Row<'applications'>) =>
  row.status === 'submitted' &&
  !row.documents_received_at &&
  (row.payment.method === 'iban_sepa' || row.documents_required)

function statusOf(row: Row<'applications'>): Application['status'] {
  return awaitsDocuments(row) ? 'awaiting_documents' : row.status
}

/** What the application pays for, for the benefits that ask (the baby-sitting bonus: baby-sitting or summer centres). */
function useOf(row: Row<'applications'>): Pick<Application, 'use'> {
  const use = findBenefit(row.benefit_code)?.useOf?.(row.payment)
  return use ? { use } : {}
}

export function toApplication(row: Row<'applications'>, payments: readonly Payment[] = []): Application {
  return {
    id: row.id,
    protocolNumber: row.protocol_number,
    codiceFiscale: row.codice_fiscale,
    benefitCode: row.benefit_code as Application['benefitCode'],
    status: statusOf(row),
    channel: row.channel,
    submittedAt: toRomeIso(row.submitted_at),
    payment: paymentView(row, payments),
    ...useOf(row),
    ...row.details,
    children: row.children,
    ...(row.periods.length > 0 ? { periods: row.periods } : {}),
    // An accepted DL 34 application may carry one too: the citizenship-income top-up (docs/rules.md §14).
    reasons: row.status === 'rejected' || row.reasons.length > 0 ? row.reasons.map(describeReason) : undefined,
    riesame: row.riesame_requested_at
      ? {
          requestedAt: toRomeIso(row.riesame_requested_at),
          ...(row.riesame_outcome ? { outcome: row.riesame_outcome } : {}),
        }
      : undefined,
    amountEur: row.amount_eur ?? undefined,
    paymentDate: row.payment_date ?? undefined,
    evaluatedAt: row.evaluated_at ? toRomeIso(row.evaluated_at) : undefined,
    librettoFamigliaRegisteredAt: row.libretto_registered_at ? toRomeIso(row.libretto_registered_at) : undefined,
  }
}

/** Canonical JSON (sorted keys): the same body always hashes the same. */
function requestHash(filing: Filing, body: ApplicationBody): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value
  return createHash('sha256')
    .update(JSON.stringify(canonical({ for: filing.codiceFiscale, body })))
    .digest('hex')
}

/** Why the constraints refused the insert, in the words of docs/rules.md §6. */
function conflictReason(
  benefit: BenefitDefinition,
  existing: ReadonlyArray<{ benefit_code: string; exclusive_group: string | null }>,
) {
  const rival = benefit.exclusiveGroup
    ? existing.find((a) => a.exclusive_group === benefit.exclusiveGroup && a.benefit_code !== benefit.code)
    : undefined
  if (rival) {
    return conflict(
      'INCOMPATIBLE_BENEFIT',
      `${benefit.code} cannot be combined with ${rival.benefit_code}: the indemnities of DL 18/2020 exclude each other`,
      {
        conflictingBenefitCode: rival.benefit_code,
      },
    )
  }
  return conflict('DUPLICATE_APPLICATION', `An application for ${benefit.code} already exists for this person`)
}

/** The first answer to a submission, as it was: the application just submitted. */
function asSubmitted(row: Row<'applications'>): Application {
  return toApplication({
    ...row,
    status: 'submitted',
    reasons: [],
    amount_eur: null,
    payment_date: null,
    evaluated_at: null,
    libretto_registered_at: null,
    riesame_requested_at: null,
    riesame_outcome: null,
    documents_received_at: null,
  })
}

const UNIQUE_VIOLATION = '23505'

async function replay(
  deps: ApplicationDeps,
  previous: { requestHash: string; applicationId: string },
  hash: string,
): Promise<SubmissionResult> {
  if (previous.requestHash !== hash)
    throw unprocessable('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request')
  return {
    status: 201,
    body: asSubmitted(requireFound(await findApplication(deps.db, previous.applicationId))),
    replayed: true,
  }
}

/**
 * docs/rules.md §6: the application, its protocol number, the audit entry, the receipt and the idempotency
 * record are written by one atomic statement (shared with concurrent submissions: group commit), all
 * or nothing. The unique constraints decide duplicates, so concurrent submissions on any number of
 * instances can never create two.
 */
async function submitApplication(
  deps: ApplicationDeps & { appliedFor(codiceFiscale: string): Promise<AppliedFor[]> },
  now: Date,
  filing: Filing,
  body: ApplicationBody,
  idempotencyKey?: string,
): Promise<SubmissionResult> {
  const benefit = findBenefit(body.benefitCode)
  if (!benefit) throw unprocessable('UNKNOWN_BENEFIT', `No benefit ${body.benefitCode}`)
  // docs/rules.md §19: a CAF files under mandate only the benefits its convention covers.
  if (filing.channel === 'caf' && !benefit.filedByCaf)
    throw forbidden('INTERMEDIARY_NOT_ALLOWED', `A CAF may not file ${benefit.code} for its clients`)
  await checkCalendar(deps, now, benefit, filing.codiceFiscale)
  const payment = checkApplicationPayment(benefit, body, romeDate(now))
  checkDeclarations(benefit, body.declarations)
  const round = benefit.roundOf?.(romeDate(now)) ?? ''
  const children = checkChildren(benefit, body.children)
  const periods = checkPeriods(benefit, body.periods, romeDate(now))
  const details = checkDetails(benefit, body, payment)
  // Only a submission with an Idempotency-Key is ever compared with an earlier one.
  const hash = idempotencyKey ? requestHash(filing, body) : ''
  // A duplicate this instance knows of is refused before the group commit, without a database round
  // trip: a refusal costs less than an acceptance. The unique constraints stay the guard.
  const since = deps.known.generation()
  const existing = deps.known.of(filing.codiceFiscale)
  if (
    existing.some(
      (a) =>
        (a.benefit_code === benefit.code && a.round === round) ||
        (benefit.exclusiveGroup !== null && a.exclusive_group === benefit.exclusiveGroup),
    )
  ) {
    const previous = idempotencyKey ? await findIdempotencyRecord(deps.db, filing.caller, idempotencyKey) : undefined
    if (previous)
      return replay(deps, { requestHash: previous.request_hash, applicationId: previous.application_id }, hash)
    throw conflictReason(benefit, existing)
  }

  const householdKey = benefit.onePerHousehold ? await householdKeyOf(deps.db, filing.codiceFiscale) : null
  let outcome: SubmissionOutcome
  try {
    outcome = await deps.submissions.submit({
      id: randomUUID(),
      protocolPrefix: protocolPrefix(now),
      codiceFiscale: filing.codiceFiscale,
      benefitCode: benefit.code,
      exclusiveGroup: benefit.exclusiveGroup,
      round,
      householdKey,
      channel: filing.channel,
      filedBy: filing.filedBy ?? null,
      patronato: filing.patronato ?? null,
      authLevel: filing.authLevel,
      payment,
      declarations: body.declarations,
      children,
      periods,
      details,
      documentsRequired: benefit.documents?.(payment) !== undefined,
      submittedAt: now,
      audit: {
        id: randomUUID(),
        actorType: filing.channel === 'web' ? 'citizen' : 'operator',
        actorId: filing.filedBy ?? filing.codiceFiscale,
        requestId: filing.requestId,
      },
      receipt: { id: randomUUID(), ...receiptTemplates(benefit.code) },
      idempotency: idempotencyKey ? { caller: filing.caller, key: idempotencyKey, requestHash: hash } : null,
    })
  } catch (err) {
    // docs/rules.md §13, §19: the child (the household) is someone's application already, unless this was our own retry.
    const claimed = isChildClaimViolation(err)
      ? childAlreadyClaimed
      : isHouseholdClaimViolation(err)
        ? householdAlreadyApplied
        : undefined
    if (claimed) {
      const previous = idempotencyKey ? await findIdempotencyRecord(deps.db, filing.caller, idempotencyKey) : undefined
      if (previous)
        return replay(deps, { requestHash: previous.request_hash, applicationId: previous.application_id }, hash)
      throw claimed()
    }
    // The same key raced with a different body: the idempotency record refused the second.
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION || !idempotencyKey) throw err
    outcome = { kind: 'conflict' }
  }
  if (outcome.kind === 'created') {
    deps.known.add(
      filing.codiceFiscale,
      { benefit_code: benefit.code, exclusive_group: benefit.exclusiveGroup, round },
      since,
    )
    return { status: 201, body: toApplication(outcome.row), replayed: false }
  }
  if (outcome.kind === 'previous') return replay(deps, outcome, hash)
  // Refused by a constraint: a concurrent retry with our key may have won, otherwise say which rule.
  const previous = idempotencyKey ? await findIdempotencyRecord(deps.db, filing.caller, idempotencyKey) : undefined
  if (previous)
    return replay(deps, { requestHash: previous.request_hash, applicationId: previous.application_id }, hash)
  const applied = await deps.appliedFor(filing.codiceFiscale)
  deps.known.replace(filing.codiceFiscale, applied, since)
  throw conflictReason(benefit, applied)
}

/**
 * docs/rules.md §11, on every channel. Before the general closing this is arithmetic on the request's
 * time; only past it does the archive say whether the applicant had until later.
 */
async function checkCalendar(
  deps: ApplicationDeps,
  now: Date,
  benefit: BenefitDefinition,
  codiceFiscale: string,
): Promise<void> {
  const period = applicationPeriod(benefit, deps.calendar, false, now)
  if (checkApplicationPeriod(now, period) === 'open') return
  if (!benefit.calendar.marchDeadline) periodClosed(period)
  const person = await findArchivedPerson(deps.db, codiceFiscale)
  if (!hasExtendedDeadline(benefit, person?.positions as Positions | undefined)) periodClosed(period)
  const extended = applicationPeriod(benefit, deps.calendar, true)
  if (checkApplicationPeriod(now, extended) === 'closed') periodClosed(extended)
}

/** The payments of these applications, by application id. */
type PaymentsOf = (applicationIds: string[]) => Promise<Map<string, Payment[]>>

/** Rows as the API gives them, with their payments. */
async function withPayments(paymentsOf: PaymentsOf, rows: Row<'applications'>[]): Promise<Application[]> {
  const accepted = rows.filter((r) => r.status === 'accepted').map((r) => r.id)
  const payments = accepted.length === 0 ? new Map<string, Payment[]>() : await paymentsOf(accepted)
  return rows.map((r) => toApplication(r, payments.get(r.id)))
}

export function requireFound<T>(row: T | undefined): T {
  if (!row) throw notFound('Application', 'APPLICATION_NOT_FOUND')
  return row
}

/** One page of the owner's applications (a citizen's own, or those a patronato filed): `list` reads `limit` rows after the cursor. */
async function pageApplications(
  paymentsOf: PaymentsOf,
  list: (after: ApplicationCursor | undefined, limit: number) => Promise<Row<'applications'>[]>,
  cursor: string | undefined,
  limit: number,
) {
  const after = decodeKeysetCursor(cursor)
  const rows = await list(after && { submittedAt: after.at, id: after.id }, limit + 1)
  const { shown, nextCursor } = pageOf(rows, limit, (last) => encodeKeysetCursor(last.submitted_at, last.id))
  return withCursor(await withPayments(paymentsOf, shown), nextCursor)
}

async function applicationStats(db: Executor, asOf: Date) {
  const counts = await countByBenefitAndStatus(db)
  const byBenefit = BENEFIT_CODES.map((benefitCode) => {
    const of = (status: string) => counts.find((c) => c.benefit_code === benefitCode && c.status === status)?.count ?? 0
    const [submitted, accepted, rejected] = [of('submitted'), of('accepted'), of('rejected')]
    return { benefitCode, submitted, accepted, rejected, total: submitted + accepted + rejected }
  })
  return { total: byBenefit.reduce((sum, b) => sum + b.total, 0), byBenefit, asOf: toRomeIso(asOf) }
}

export function createApplicationService(deps: ApplicationDeps) {
  const { db } = deps
  // A refusal by the group commit reads what the person applied for; concurrent ones share that query.
  const appliedFor = createCoalescingLoader((codiciFiscali: string[]) => benefitsAppliedFor(db, codiciFiscali), {
    maxInFlight: 2,
    maxBatch: 64,
    missing: (): AppliedFor[] => [],
  })
  const submission = { ...deps, appliedFor: (codiceFiscale: string) => appliedFor.get(codiceFiscale) }
  // Citizens looking at their applications come in crowds (1 April): the pages asked for together are
  // read in one statement, and the payments of the accepted ones in one more.
  const ownPage = createBatchQueue<OwnPageRequest, Row<'applications'>[]>(
    async (batch) => {
      const pages = await listOwnApplicationPages(
        db,
        batch.map((p) => p.item),
      )
      batch.forEach((p, i) => p.resolve(pages[i]))
    },
    // A request that fails the statement fails alone.
    { maxInFlight: 2, maxBatch: 64, retryAlone: isItemError },
  )
  // Keyed by codice fiscale and id (as Postgres writes it, lower case): someone else's application is
  // missing, as a missing one is.
  const ownApplication = createCoalescingLoader(
    async (keys: string[]) => {
      const rows = await findOwnApplications(
        db,
        keys.map((key) => {
          const [codiceFiscale, id] = key.split(' ')
          return { codiceFiscale, id }
        }),
      )
      return new Map(rows.map((row) => [`${row.codice_fiscale} ${row.id}`, row]))
    },
    { maxInFlight: 2, maxBatch: 64, missing: () => undefined, retryAlone: isItemError },
  )
  const paymentLoader = createCoalescingLoader((ids: string[]) => deps.payments.ofApplications(ids), {
    maxInFlight: 2,
    maxBatch: 64,
    missing: (): Payment[] => [],
  })
  const paymentsOf: PaymentsOf = async (ids) =>
    new Map(await Promise.all(ids.map(async (id) => [id, await paymentLoader.get(id)] as const)))
  return {
    submit: (now: Date, filing: Filing, body: ApplicationBody, idempotencyKey?: string) =>
      submitApplication(submission, now, filing, body, idempotencyKey),
    pageOwn: (codiceFiscale: string, cursor: string | undefined, limit: number) =>
      pageApplications(paymentsOf, (after, n) => ownPage({ codiceFiscale, after, limit: n }), cursor, limit),
    pageFiledBy: (patronato: string, cursor: string | undefined, limit: number) =>
      pageApplications(paymentsOf, (after, n) => listPatronatoApplications(db, patronato, after, n), cursor, limit),
    getOwn: async (id: string, codiceFiscale: string) =>
      (
        await withPayments(paymentsOf, [requireFound(await ownApplication.get(`${codiceFiscale} ${id.toLowerCase()}`))])
      )[0],
    getFiledBy: async (id: string, patronato: string) =>
      (await withPayments(paymentsOf, [requireFound(await findPatronatoApplication(db, id, patronato))]))[0],
    stats: (asOf: Date) => applicationStats(db, asOf),
    /**
     * The benefits as of `now`, with their application period (docs/rules.md §11): those of DL 34 appear on
     * 19 May 2020 (§14). The DL 18 amounts never changed.
     */
    catalogue: (now: Date) => {
      const today = romeDate(now)
      return benefitsOn(today).map((benefit) => {
        const period = applicationPeriod(benefit, deps.calendar, false, now)
        return {
          code: benefit.code,
          name: benefit.name,
          legalBasis: benefit.legalBasis,
          amountEur: benefit.amountEur(today),
          exclusiveGroup: benefit.exclusiveGroup,
          requiredDeclarations: [...benefit.declarations.required],
          allowedAuthLevels: [...benefit.allowedAuthLevels],
          opensAt: toRomeIso(period.opensAt),
          ...(period.closesAt ? { closesAt: toRomeIso(period.closesAt) } : {}),
        }
      })
    },

    async grantMandate(
      now: Date,
      patronato: string,
      operatorId: string,
      codiceFiscale: string,
      requestId: string,
      channel: 'patronato' | 'caf' = 'patronato',
    ) {
      const row = await insertMandate(db, {
        id: randomUUID(),
        patronato,
        codice_fiscale: codiceFiscale,
        granted_by: operatorId,
        created_at: now,
      })
      await deps.audit.record(
        db,
        now,
        { type: 'operator', id: operatorId, channel, requestId },
        { action: 'patronato.mandate', outcome: 'success', codiceFiscale },
      )
      return {
        id: row.id,
        codiceFiscale: row.codice_fiscale,
        patronato: row.patronato,
        createdAt: toRomeIso(row.created_at),
      }
    },

    /** A patronato (a CAF) files only for the citizens who gave it a mandate. */
    async submitForPatronato(
      now: Date,
      filing: Filing & { patronato: string },
      body: ApplicationBody,
      idempotencyKey?: string,
    ) {
      if (!(await hasMandate(db, filing.patronato, filing.codiceFiscale))) {
        throw forbidden(
          'NO_MANDATE',
          'The patronato has no mandate from this citizen: record it with POST /api/v1/patronato/mandates',
        )
      }
      return submitApplication(submission, now, filing, body, idempotencyKey)
    },
  }
}

export type ApplicationService = ReturnType<typeof createApplicationService>
