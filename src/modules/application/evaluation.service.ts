import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { PersonRow } from '../../core/archive/persons.service.js'
import { romeDate } from '../../lib/rome-time.js'
import type { AuditService } from '../../core/audit/audit.service.js'
import { findArchivedPersons } from '../../core/archive/persons.service.js'
import type { ClockService } from '../../core/clock/clock.service.js'
import type { OutboxService } from '../../core/outbox/outbox.service.js'
import { claimPendingApplications, saveEvaluation } from './application.repository.js'
import { findBenefit } from './benefits.rules.js'
import { evaluateEligibility, type Positions } from './eligibility.rules.js'

export interface EvaluationDeps {
  db: Kysely<Database>
  audit: Pick<AuditService, 'record'>
  outbox: Pick<OutboxService, 'send'>
  clock: Pick<ClockService, 'now'>
}

/** Payments of the 600 euro went out about two weeks after the applications (mid April 2020). */
export const PAYMENT_DELAY_DAYS = 14
const BATCH_SIZE = 100

function paymentDate(now: Date): string {
  const d = new Date(`${romeDate(now)}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + PAYMENT_DELAY_DAYS)
  return d.toISOString().slice(0, 10)
}

/**
 * Evaluates one claimed batch in one transaction. Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * several instances share the work, and a crash rolls the batch back to 'submitted' for the next run.
 */
async function evaluateBatch(deps: EvaluationDeps): Promise<number> {
  const now = await deps.clock.now()
  return deps.db.transaction().execute(async (trx) => {
    const batch = await claimPendingApplications(trx, BATCH_SIZE)
    if (batch.length === 0) return 0
    const people = await findArchivedPersons(trx, [...new Set(batch.map((a) => a.codice_fiscale))])
    const byCf = new Map<string, PersonRow>(people.map((p) => [p.codice_fiscale, p]))
    for (const application of batch) {
      const benefit = findBenefit(application.benefit_code)
      const person = byCf.get(application.codice_fiscale)
      const verdict = benefit ? evaluateEligibility(benefit, person?.positions as Positions | undefined, application.children) : { eligible: false as const, reasons: ['UNKNOWN_BENEFIT'] }
      const outcome = verdict.eligible
        ? { status: 'accepted' as const, reasons: [], amountEur: verdict.amountEur, paymentDate: paymentDate(now), evaluatedAt: now }
        : { status: 'rejected' as const, reasons: verdict.reasons, amountEur: null, paymentDate: null, evaluatedAt: now }
      await saveEvaluation(trx, application.id, outcome)
      await deps.audit.record(trx, now, { type: 'system', channel: 'evaluation' }, {
        action: 'application.evaluated', outcome: 'success', codiceFiscale: application.codice_fiscale,
        detail: { applicationId: application.id, status: outcome.status, reasons: outcome.reasons },
      })
      const email = person?.contacts.email
      if (email) {
        await deps.outbox.send(trx, now, [{
          codiceFiscale: application.codice_fiscale, channel: 'email', recipient: email, deliverAt: now,
          subject: `Esito domanda ${application.protocol_number}`,
          body: verdict.eligible
            ? `INPS: la domanda ${application.protocol_number} è stata accolta: ${verdict.amountEur} euro, pagamento dal ${outcome.paymentDate}.`
            : `INPS: la domanda ${application.protocol_number} è stata respinta (${verdict.reasons.join(', ')}).`,
        }])
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
    if (n < BATCH_SIZE) return processed
  }
}

export function createEvaluationService(deps: EvaluationDeps) {
  return { runPending: () => runPendingEvaluations(deps) }
}

export type EvaluationService = ReturnType<typeof createEvaluationService>
