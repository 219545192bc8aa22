import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { PersonRow } from '../../core/archive/persons.service.js'
import { romeDate } from '../../lib/rome-time.js'
import type { AuditService } from '../../core/audit/audit.service.js'
import { findArchivedPersons } from '../../core/archive/persons.service.js'
import type { ClockService } from '../../core/clock/clock.service.js'
import type { OutboxService } from '../../core/outbox/outbox.service.js'
import type { PaymentService } from '../payment/payment.service.js'
import { claimPendingApplications, saveEvaluation } from './application.repository.js'
import type { ApplicationRow } from './application.table.js'
import { addDays, ibanFailure, MARCH_PERIOD, outcomeMessage } from './outcome.rules.js'
import { findBenefit } from './benefits.rules.js'
import { evaluateEligibility, type Positions } from './eligibility.rules.js'
import { BABY_SITTING, evaluateBabySittingApplication } from './baby-sitting.service.js'
import { evaluateDl34Application, isDl34Application } from './dl34.rules.js'
import { alreadyPaidAutomatically, type InstalmentService } from './instalment.service.js'

export interface EvaluationDeps {
  db: Kysely<Database>
  audit: Pick<AuditService, 'record'>
  outbox: Pick<OutboxService, 'send'>
  clock: Pick<ClockService, 'now'>
  payments: Pick<PaymentService, 'schedule' | 'payDue' | 'budgets'>
  /** The DL 34 instalment job, run after the evaluations (docs/rules.md §14). */
  instalments?: Pick<InstalmentService, 'runDue'>
}

/** Payments of the 600 euro went out about two weeks after the applications (mid April 2020). */
export const PAYMENT_DELAY_DAYS = 14
const BATCH_SIZE = 100

type Outcome = {
  status: 'accepted' | 'rejected'
  reasons: string[]
  amountEur: number | null
  paymentDate: string | null
  evaluatedAt: Date
  instalments?: Array<{ period: string; amountEur: number }>
}

/** Eligibility, then the spending cap: an eligible application that no longer fits is rejected FONDI_ESAURITI (docs/rules.md §11). */
async function decide(
  deps: EvaluationDeps,
  trx: Transaction<Database>,
  capped: Set<string>,
  application: ApplicationRow,
  person: PersonRow | undefined,
  now: Date,
): Promise<Outcome> {
  const today = romeDate(now)
  const benefit = findBenefit(application.benefit_code)
  const dl34 = isDl34Application(benefit)
    ? evaluateDl34Application(benefit!, person?.positions as Positions | undefined, application.declarations)
    : undefined
  const verdict =
    application.benefit_code === BABY_SITTING
      ? await evaluateBabySittingApplication(trx, application, person)
      : (dl34 ??
        (benefit
          ? evaluateEligibility(benefit, person?.positions as Positions | undefined, application.children, today)
          : { eligible: false as const, reasons: ['UNKNOWN_BENEFIT'] }))
  if (!verdict.eligible)
    return { status: 'rejected', reasons: verdict.reasons, amountEur: null, paymentDate: null, evaluatedAt: now }
  const overlap = dl34 ? await alreadyPaidAutomatically(trx, application) : []
  if (overlap.length > 0)
    return { status: 'rejected', reasons: overlap, amountEur: null, paymentDate: null, evaluatedAt: now }
  if (
    capped.has(application.benefit_code) &&
    !(await deps.payments.budgets.grant(trx, application.benefit_code, verdict.amountEur))
  ) {
    return { status: 'rejected', reasons: ['FONDI_ESAURITI'], amountEur: null, paymentDate: null, evaluatedAt: now }
  }
  const onLibretto = application.payment.method === 'libretto_famiglia'
  // docs/rules.md §14: a DL 34 application pays one instalment per month, topped up to a citizenship income (reason kept on the application).
  const months = dl34?.eligible ? { instalments: dl34.instalments, reasons: dl34.notes } : { reasons: [] }
  return {
    status: 'accepted',
    amountEur: verdict.amountEur,
    paymentDate: onLibretto ? null : addDays(today, PAYMENT_DELAY_DAYS),
    evaluatedAt: now,
    ...months,
  }
}

/**
 * Evaluates one claimed batch in one transaction. Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * several instances share the work, and a crash rolls the batch back to 'submitted' for the next run.
 * When a benefit has a cap, the budget rows are locked first: runs then take turns, so grants follow
 * protocol order and never exceed the cap.
 */
async function evaluateBatch(deps: EvaluationDeps): Promise<number> {
  const now = await deps.clock.now()
  const today = romeDate(now)
  return deps.db.transaction().execute(async (trx) => {
    const capped = await deps.payments.budgets.lock(trx)
    const batch = await claimPendingApplications(trx, BATCH_SIZE)
    if (batch.length === 0) return 0
    const people = await findArchivedPersons(trx, [...new Set(batch.map((a) => a.codice_fiscale))])
    const byCf = new Map<string, PersonRow>(people.map((p) => [p.codice_fiscale, p]))
    for (const application of batch) {
      const person = byCf.get(application.codice_fiscale)
      const outcome = await decide(deps, trx, capped, application, person, now)
      await saveEvaluation(trx, application.id, outcome)
      // The baby-sitting bonus is credited on the Libretto Famiglia, not paid to the applicant, unless it pays summer centres.
      const paid = outcome.status === 'accepted' && application.payment.method !== 'libretto_famiglia'
      const paymentFailure = paid
        ? ibanFailure(application.payment, application.codice_fiscale, person?.bank_accounts, today)
        : undefined
      const instalments = outcome.instalments ?? [
        {
          period: application.benefit_code === BABY_SITTING ? today.slice(0, 7) : MARCH_PERIOD,
          amountEur: outcome.amountEur!,
        },
      ]
      for (const instalment of paid ? instalments : []) {
        await deps.payments.schedule(trx, now, {
          codiceFiscale: application.codice_fiscale,
          applicationId: application.id,
          benefitCode: application.benefit_code,
          period: instalment.period,
          amountEur: instalment.amountEur,
          method: application.payment.method,
          iban: application.payment.iban,
          valueDate: outcome.paymentDate!,
          failureReason: paymentFailure,
        })
      }
      await deps.audit.record(
        trx,
        now,
        { type: 'system', channel: 'evaluation' },
        {
          action: application.riesame_requested_at ? 'application.riesame_decided' : 'application.evaluated',
          outcome: 'success',
          codiceFiscale: application.codice_fiscale,
          detail: {
            applicationId: application.id,
            status: outcome.status,
            reasons: outcome.reasons,
            ...(paymentFailure ? { paymentFailure } : {}),
          },
        },
      )
      const email = person?.contacts.email
      if (email) {
        const message = outcomeMessage(findBenefit(application.benefit_code), application.protocol_number, {
          ...outcome,
          evaluatedOn: today,
          paymentFailure,
          afterRiesame: application.riesame_requested_at !== null,
        })
        await deps.outbox.send(trx, now, [
          { codiceFiscale: application.codice_fiscale, channel: 'email', recipient: email, deliverAt: now, ...message },
        ])
      }
    }
    return batch.length
  })
}

/** Runs batches until nothing is pending; returns how many applications were evaluated. */
async function runPendingEvaluations(deps: EvaluationDeps): Promise<number> {
  let processed = 0
  for (;;) {
    const n = await evaluateBatch(deps)
    processed += n
    if (n < BATCH_SIZE) break
  }
  await deps.instalments?.runDue()
  // The payment job rides along: scheduled payments whose value date has come are paid.
  await deps.payments.payDue(await deps.clock.now())
  return processed
}

export function createEvaluationService(deps: EvaluationDeps) {
  return { runPending: () => runPendingEvaluations(deps) }
}

export type EvaluationService = ReturnType<typeof createEvaluationService>
