import type { Kysely, Transaction } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import { romeDate } from '../../lib/rome-time.js'
import type { AuditService } from '../../core/audit/audit.service.js'
import { findArchivedPersons } from '../../core/archive/persons.service.js'
import type { ClockService } from '../../core/clock/clock.service.js'
import type { OutboxService } from '../../core/outbox/outbox.service.js'
import type { PaymentService } from '../payment/payment.service.js'
import { acceptedApplicationsOf, claimPendingApplications, saveEvaluation } from './application.repository.js'
import { addDays, ibanFailure, outcomeMessage } from './outcome.rules.js'
import { alternativesOf, cumulableWith, findBenefit, paidAutomaticallyThrough } from './benefits/catalogue.js'
import type { BenefitDefinition, Month, Positions } from './benefits/definition.js'
import { alternativesOfHouseholdLocked, grantedToHouseholdLocked, releaseChildren } from './baby-sitting.service.js'
import { householdView, releaseHousehold } from './household.service.js'
import { createCumulationLedger, type CumulationLedger } from './cumulation.rules.js'
import { paymentOfMonth } from './instalment.rules.js'
import type { InstalmentService } from './instalment.service.js'

export interface EvaluationDeps {
  db: Kysely<Database>
  audit: Pick<AuditService, 'record'>
  outbox: Pick<OutboxService, 'send'>
  clock: Pick<ClockService, 'now'>
  payments: Pick<PaymentService, 'schedule' | 'payDue' | 'budgets' | 'ofApplications'>
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
  months: Month[]
}

const rejected = (reasons: string[], now: Date): Outcome => ({
  status: 'rejected',
  reasons,
  amountEur: null,
  paymentDate: null,
  evaluatedAt: now,
  months: [],
})

/**
 * The benefit's definition decides eligibility and months; then the rules where benefits meet: the same
 * month never twice (cumulation), and the spending cap (FONDI_ESAURITI, docs/rules.md §11).
 */
async function decide(
  deps: EvaluationDeps,
  trx: Transaction<Database>,
  capped: Set<string>,
  ledger: CumulationLedger,
  application: Row<'applications'>,
  person: Row<'persons'> | undefined,
  now: Date,
): Promise<Outcome> {
  const today = romeDate(now)
  const benefit = findBenefit(application.benefit_code)
  if (!benefit) return rejected(['UNKNOWN_BENEFIT'], now)
  if (!person) return rejected(['NOT_IN_ARCHIVE'], now)
  // The group's lock first, then the benefit's: every evaluation takes them in this order.
  const alternatives = benefit.alternativeGroup
    ? await alternativesOfHouseholdLocked(
        trx,
        benefit.alternativeGroup,
        alternativesOf(benefit),
        application.codice_fiscale,
        person,
      )
    : []
  const householdGrantedEur = benefit.householdMaximum
    ? await grantedToHouseholdLocked(trx, benefit.code, application.codice_fiscale, person)
    : 0
  const verdict = benefit.eligibility({
    positions: person.positions as Positions,
    declarations: application.declarations,
    children: application.children,
    payment: application.payment,
    details: application.details,
    today,
    submittedOn: romeDate(application.submitted_at),
    householdGrantedEur,
    ...(benefit.onePerHousehold ? { household: await householdView(trx, application, person) } : {}),
    periods: application.periods,
    alternatives,
  })
  if (!verdict.eligible) return rejected(verdict.reasons, now)
  if (ledger.overlaps(application.codice_fiscale, application.id, benefit, verdict.months))
    return rejected(['NOT_CUMULABLE'], now)
  // Months may be in cents (the congedo COVID): the total is rounded to the cent, not left to floating point.
  const amountEur = Math.round(verdict.months.reduce((sum, m) => sum + m.amountEur, 0) * 100) / 100
  if (capped.has(benefit.code) && !(await deps.payments.budgets.grant(trx, benefit.code, amountEur)))
    return rejected(['FONDI_ESAURITI'], now)
  ledger.add(application.codice_fiscale, application.id, benefit, verdict.months, person.positions as Positions)
  return {
    status: 'accepted',
    reasons: verdict.notes ?? [],
    amountEur,
    paymentDate: isPaid(benefit, application) ? addDays(today, PAYMENT_DELAY_DAYS) : null,
    evaluatedAt: now,
    months: verdict.months,
  }
}

const isPaid = (benefit: BenefitDefinition | undefined, application: Row<'applications'>) =>
  benefit?.paid?.(application.payment) ?? true

/** What the people of a batch were already granted in the cumulation groups of its benefits. */
async function loadLedger(
  deps: EvaluationDeps,
  trx: Transaction<Database>,
  batch: Row<'applications'>[],
  byCf: Map<string, Row<'persons'>>,
) {
  const codes = [...new Set(batch.flatMap((a) => cumulableWith(findBenefit(a.benefit_code))))]
  const accepted = codes.length
    ? await acceptedApplicationsOf(trx, [...new Set(batch.map((a) => a.codice_fiscale))], codes)
    : []
  const payments = await deps.payments.ofApplications(
    accepted.map((a) => a.id),
    trx,
  )
  return createCumulationLedger(
    accepted.map((a) => {
      const paid = payments.get(a.id) ?? []
      return {
        codiceFiscale: a.codice_fiscale,
        applicationId: a.id,
        benefit: findBenefit(a.benefit_code)!,
        periods: paid.filter((p) => p.benefitCode === a.benefit_code).map((p) => p.period),
        // DL 104, DL 137: paid automatically through this application, as their own months.
        paidByOthers: paid
          .filter((p) => p.benefitCode !== a.benefit_code && findBenefit(p.benefitCode))
          .map((p) => ({ benefit: findBenefit(p.benefitCode)!, period: p.period })),
        positions: byCf.get(a.codice_fiscale)?.positions as Positions | undefined,
      }
    }),
    paidAutomaticallyThrough,
  )
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
    const byCf = new Map<string, Row<'persons'>>(people.map((p) => [p.codice_fiscale, p]))
    const ledger = await loadLedger(deps, trx, batch, byCf)
    for (const application of batch) {
      const person = byCf.get(application.codice_fiscale)
      const outcome = await decide(deps, trx, capped, ledger, application, person, now)
      await saveEvaluation(trx, application.id, outcome)
      const benefit = findBenefit(application.benefit_code)
      // docs/rules.md §13: a rejected application keeps no child; its riesame claims them again.
      if (outcome.status === 'rejected' && benefit?.takesChildren) await releaseChildren(trx, application.id)
      // docs/rules.md §19: a rejected household application lets another member apply.
      if (outcome.status === 'rejected' && benefit?.onePerHousehold) await releaseHousehold(trx, application.id)
      // A benefit credited elsewhere (the baby-sitting bonus on the Libretto Famiglia) schedules no payment.
      const paid = outcome.status === 'accepted' && isPaid(benefit, application)
      const paymentFailure = paid
        ? ibanFailure(application.payment, application.codice_fiscale, person?.bank_accounts, today)
        : undefined
      for (const month of paid ? outcome.months : []) {
        await deps.payments.schedule(trx, now, {
          ...paymentOfMonth(application, month, paymentFailure),
          // A later instalment of the same grant (the second quota of the Rem) goes out later.
          valueDate: month.paidAfterDays ? addDays(outcome.paymentDate!, month.paidAfterDays) : outcome.paymentDate!,
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
        const message = outcomeMessage(benefit, application.protocol_number, {
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
