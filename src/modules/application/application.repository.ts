import { sql, type Transaction } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import type { ApplicationChannel, ApplicationDetails, ChildJson, PaymentJson, PeriodJson } from './application.table.js'

export async function findIdempotencyRecord(
  db: Executor,
  caller: string,
  key: string,
): Promise<Row<'idempotency_keys'> | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('caller', '=', caller)
    .where('key', '=', key)
    .executeTakeFirst()
}

export type AppliedFor = Pick<Row<'applications'>, 'benefit_code' | 'exclusive_group' | 'round'>

/** The benefits each of these people applied for, by codice fiscale (absent: none). */
export async function benefitsAppliedFor(
  db: Executor,
  codiciFiscali: readonly string[],
): Promise<Map<string, AppliedFor[]>> {
  const rows = await db
    .selectFrom('applications')
    .select(['codice_fiscale', 'benefit_code', 'exclusive_group', 'round'])
    .where('codice_fiscale', 'in', codiciFiscali)
    .execute()
  const byPerson = new Map<string, AppliedFor[]>()
  for (const { codice_fiscale, ...applied } of rows)
    byPerson.set(codice_fiscale, [...(byPerson.get(codice_fiscale) ?? []), applied])
  return byPerson
}

export interface NewSubmission {
  id: string
  /** The protocol number's prefix; the database appends the next number of its sequence. */
  protocolPrefix: string
  /** The receipt's texts, with PROTOCOL_PLACEHOLDER where the protocol number goes. */
  receipt: { id: string; subject: string; body: string }
  codiceFiscale: string
  benefitCode: string
  exclusiveGroup: string | null
  /** The definition's round of the filing day ('' for a benefit asked once). */
  round: string
  /** The household a household benefit's application claims (docs/rules.md §16); null otherwise. */
  householdKey?: string | null
  channel: ApplicationChannel
  filedBy: string | null
  patronato: string | null
  authLevel: string
  payment: PaymentJson
  declarations: Record<string, boolean | number>
  children: ChildJson[]
  periods: PeriodJson[]
  /** What the definition kept of the body's own sections (migrations/0019). */
  details?: ApplicationDetails | null
  /** The definition wants documents before the evaluation. */
  documentsRequired?: boolean
  submittedAt: Date
  audit: { id: string; actorType: string; actorId: string; requestId: string }
  idempotency: { caller: string; key: string; requestHash: string } | null
}

export type SubmissionOutcome =
  | { kind: 'created'; row: Row<'applications'> }
  | { kind: 'previous'; requestHash: string; applicationId: string }
  | { kind: 'conflict' }

/**
 * The row the database holds for a submission it has just written: what the submission sent, the
 * protocol number the database gave it, and the defaults of a new application (migrations/0026).
 */
function toSubmittedRow(s: NewSubmission, protocolNumber: string): Row<'applications'> {
  return {
    id: s.id,
    protocol_number: protocolNumber,
    codice_fiscale: s.codiceFiscale,
    benefit_code: s.benefitCode,
    exclusive_group: s.exclusiveGroup,
    round: s.round,
    household_key: s.householdKey ?? null,
    channel: s.channel,
    filed_by: s.filedBy,
    patronato: s.patronato,
    auth_level: s.authLevel,
    payment: s.payment,
    declarations: s.declarations,
    children: s.children,
    periods: s.periods,
    status: 'submitted',
    reasons: [],
    amount_eur: null,
    payment_date: null,
    submitted_at: s.submittedAt,
    evaluated_at: null,
    libretto_registered_at: null,
    riesame_requested_at: null,
    riesame_note: null,
    riesame_outcome: null,
    documents_received_at: null,
    details: s.details ?? null,
    documents_required: s.documentsRequired ?? false,
  }
}

function outcomeOf(
  submission: NewSubmission,
  protocolNumber: string | null,
  previous: { request_hash: string; application_id: string } | null,
): SubmissionOutcome {
  if (protocolNumber !== null) return { kind: 'created', row: toSubmittedRow(submission, protocolNumber) }
  if (previous) return { kind: 'previous', requestHash: previous.request_hash, applicationId: previous.application_id }
  return { kind: 'conflict' }
}

/**
 * One statement, one round trip, one commit for a whole batch of submissions (the 1 April 2020
 * load is why): for each, the application with its protocol number, the audit entry, the receipt and
 * the idempotency record. A unique constraint (one per benefit, one indemnity) turns an item's insert
 * into nothing: 'conflict'. A retry of a known idempotency key inserts nothing either and returns the
 * earlier record. The statement is the function submit_applications (migrations/0007, 0011), so its plan is
 * reused (0018, 0019, 0020); it answers a new application's protocol number alone (0026). Outcomes come back in the order of `batch`.
 */
export async function insertSubmissions(db: Executor, batch: readonly NewSubmission[]): Promise<SubmissionOutcome[]> {
  const items = batch.map((s, ord) => ({
    ord,
    id: s.id,
    protocol_prefix: s.protocolPrefix,
    codice_fiscale: s.codiceFiscale,
    benefit_code: s.benefitCode,
    exclusive_group: s.exclusiveGroup,
    round: s.round,
    household_key: s.householdKey ?? null,
    channel: s.channel,
    filed_by: s.filedBy,
    patronato: s.patronato,
    auth_level: s.authLevel,
    payment: s.payment,
    declarations: s.declarations,
    children: s.children,
    periods: s.periods,
    details: s.details ?? null,
    documents_required: s.documentsRequired ?? false,
    submitted_at: s.submittedAt.toISOString(),
    audit_id: s.audit.id,
    actor_type: s.audit.actorType,
    actor_id: s.audit.actorId,
    request_id: s.audit.requestId,
    receipt_id: s.receipt.id,
    receipt_subject: s.receipt.subject,
    receipt_body: s.receipt.body,
    caller: s.idempotency?.caller ?? null,
    key: s.idempotency?.key ?? null,
    request_hash: s.idempotency?.requestHash ?? null,
  }))
  const { rows } = await sql<{
    item: number
    assigned_protocol_number: string | null
    previous: { request_hash: string; application_id: string } | null
  }>`
    SELECT item, assigned_protocol_number, previous FROM submit_applications(${JSON.stringify(items)}::jsonb)`.execute(
    db,
  )
  const outcomes = new Array<SubmissionOutcome>(batch.length)
  for (const row of rows) outcomes[row.item] = outcomeOf(batch[row.item], row.assigned_protocol_number, row.previous)
  return outcomes
}

export async function findApplication(db: Executor, id: string): Promise<Row<'applications'> | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Several people's applications by id, in one statement: each only if it is that person's. */
export async function findOwnApplications(
  db: Executor,
  wanted: readonly { id: string; codiceFiscale: string }[],
): Promise<Row<'applications'>[]> {
  const asked = JSON.stringify(wanted.map((w) => ({ id: w.id, cf: w.codiceFiscale })))
  const { rows } = await sql<Row<'applications'>>`
    SELECT a.* FROM json_to_recordset(${asked}::json) AS q(id uuid, cf text)
    JOIN applications a ON a.id = q.id AND a.codice_fiscale = q.cf`.execute(db)
  return rows
}

/** Owner check in the same query (docs/rules.md §10): another person's id simply does not exist. */
export async function findOwnApplication(
  db: Executor,
  id: string,
  codiceFiscale: string,
): Promise<Row<'applications'> | undefined> {
  return db
    .selectFrom('applications')
    .selectAll()
    .where('id', '=', id)
    .where('codice_fiscale', '=', codiceFiscale)
    .executeTakeFirst()
}

export async function findPatronatoApplication(
  db: Executor,
  id: string,
  patronato: string,
): Promise<Row<'applications'> | undefined> {
  return db
    .selectFrom('applications')
    .selectAll()
    .where('id', '=', id)
    .where('patronato', '=', patronato)
    .executeTakeFirst()
}

export interface ApplicationCursor {
  submittedAt: Date
  id: string
}

/** One citizen's page of their own applications: newest first, `limit` rows after the cursor. */
export interface OwnPageRequest {
  codiceFiscale: string
  after?: ApplicationCursor
  limit: number
}

/**
 * Several citizens' pages in one statement (they arrive together under load): answer i is the page
 * request i asked for, and holds only that person's applications. The requests travel as one JSON parameter.
 */
export async function listOwnApplicationPages(
  db: Executor,
  requests: readonly OwnPageRequest[],
): Promise<Row<'applications'>[][]> {
  const asked = JSON.stringify(
    requests.map((r, i) => ({
      i,
      cf: r.codiceFiscale,
      at: r.after?.submittedAt.toISOString() ?? null,
      id: r.after?.id ?? null,
      n: r.limit,
    })),
  )
  const { rows } = await sql<Row<'applications'> & { page_request: number }>`
    SELECT q.i AS page_request, a.*
    FROM json_to_recordset(${asked}::json) AS q(i int, cf text, at timestamptz, id uuid, n int)
    CROSS JOIN LATERAL (
      SELECT * FROM applications
      WHERE codice_fiscale = q.cf
        AND (q.at IS NULL OR submitted_at < q.at OR (submitted_at = q.at AND applications.id < q.id))
      ORDER BY submitted_at DESC, applications.id DESC
      LIMIT q.n
    ) a
    ORDER BY q.i, a.submitted_at DESC, a.id DESC`.execute(db)
  const pages: Row<'applications'>[][] = requests.map(() => [])
  for (const { page_request, ...row } of rows) pages[page_request].push(row)
  return pages
}

/** A patronato's filings, newest first, keyset-paginated like a citizen's own (`listOwnApplicationPages`). */
export async function listPatronatoApplications(
  db: Executor,
  patronato: string,
  after: ApplicationCursor | undefined,
  limit: number,
): Promise<Row<'applications'>[]> {
  let query = db.selectFrom('applications').selectAll().where('patronato', '=', patronato)
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('submitted_at', '<', after.submittedAt),
        eb.and([eb('submitted_at', '=', after.submittedAt), eb('id', '<', after.id)]),
      ]),
    )
  }
  return query.orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}

/**
 * Claims a batch of pending applications in protocol order; other workers skip the rows this one holds.
 * One paid to a foreign SEPA IBAN waits for its documents (msg 1981/2020), as one whose definition asks for
 * documents does (documents_required, migrations/0019).
 */
export async function claimPendingApplications(
  trx: Transaction<Database>,
  limit: number,
): Promise<Row<'applications'>[]> {
  return trx
    .selectFrom('applications')
    .selectAll()
    .where('status', '=', 'submitted')
    .where((eb) =>
      eb.or([
        eb('documents_received_at', 'is not', null),
        eb.and([sql<boolean>`payment ->> 'method' <> 'iban_sepa'`, eb('documents_required', '=', false)]),
      ]),
    )
    .orderBy('submitted_at')
    .orderBy('protocol_number')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

export async function saveEvaluation(
  trx: Transaction<Database>,
  id: string,
  outcome: {
    status: 'accepted' | 'rejected'
    reasons: string[]
    amountEur: number | null
    paymentDate: string | null
    evaluatedAt: Date
  },
): Promise<void> {
  await trx
    .updateTable('applications')
    .set({
      status: outcome.status,
      reasons: JSON.stringify(outcome.reasons),
      amount_eur: outcome.amountEur,
      payment_date: outcome.paymentDate,
      evaluated_at: outcome.evaluatedAt,
      // A review's outcome is the new status (docs/rules.md §11).
      riesame_outcome: sql`CASE WHEN riesame_requested_at IS NULL THEN NULL ELSE ${outcome.status} END`,
    })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .execute()
}

export async function countByBenefitAndStatus(
  db: Executor,
): Promise<Array<{ benefit_code: string; status: string; count: number }>> {
  return db
    .selectFrom('applications')
    .select(['benefit_code', 'status', sql<number>`count(*)::int`.as('count')])
    .groupBy(['benefit_code', 'status'])
    .execute()
}

export async function insertMandate(
  db: Executor,
  row: { id: string; patronato: string; codice_fiscale: string; granted_by: string; created_at: Date },
) {
  await db
    .insertInto('patronato_mandates')
    .values(row)
    .onConflict((oc) => oc.constraint('patronato_mandates_once').doNothing())
    .execute()
  return db
    .selectFrom('patronato_mandates')
    .selectAll()
    .where('patronato', '=', row.patronato)
    .where('codice_fiscale', '=', row.codice_fiscale)
    .executeTakeFirstOrThrow()
}

export async function hasMandate(db: Executor, patronato: string, codiceFiscale: string): Promise<boolean> {
  const row = await db
    .selectFrom('patronato_mandates')
    .select('id')
    .where('patronato', '=', patronato)
    .where('codice_fiscale', '=', codiceFiscale)
    .executeTakeFirst()
  return row !== undefined
}

/** Reopens a rejected application for its review; undefined when it is not (or no longer) rejected, or was reviewed already. */
export async function reopenForRiesame(
  db: Executor,
  id: string,
  at: Date,
  note: string,
): Promise<Row<'applications'> | undefined> {
  return db
    .updateTable('applications')
    .set({ status: 'submitted', riesame_requested_at: at, riesame_note: note, riesame_outcome: null })
    .where('id', '=', id)
    .where('status', '=', 'rejected')
    .where('riesame_requested_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

export async function updateApplicationPayment(
  db: Executor,
  id: string,
  payment: PaymentJson,
): Promise<Row<'applications'> | undefined> {
  return db
    .updateTable('applications')
    .set({ payment: JSON.stringify(payment) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

/** The documents an application waited for arrived: the worker may now evaluate it. Once only. */
export async function markDocumentsReceived(
  db: Executor,
  id: string,
  at: Date,
): Promise<Row<'applications'> | undefined> {
  return db
    .updateTable('applications')
    .set({ documents_received_at: at })
    .where('id', '=', id)
    .where('documents_received_at', 'is', null)
    .where('status', '=', 'submitted')
    .where((eb) => eb.or([sql<boolean>`payment ->> 'method' = 'iban_sepa'`, eb('documents_required', '=', true)]))
    .returningAll()
    .executeTakeFirst()
}

/** The accepted applications of these people for these benefits (the cumulation rules read them). */
export async function acceptedApplicationsOf(
  trx: Transaction<Database>,
  codiciFiscali: readonly string[],
  benefitCodes: readonly string[],
): Promise<Array<Pick<Row<'applications'>, 'id' | 'codice_fiscale' | 'benefit_code'>>> {
  return trx
    .selectFrom('applications')
    .select(['id', 'codice_fiscale', 'benefit_code'])
    .where('codice_fiscale', 'in', codiciFiscali)
    .where('benefit_code', 'in', benefitCodes)
    .where('status', '=', 'accepted')
    .execute()
}
