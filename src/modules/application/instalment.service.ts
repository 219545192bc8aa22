import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { ClockService } from '../../core/clock/clock.service.js'
import { findArchivedPersons } from '../../core/archive/persons.service.js'
import { romeDate } from '../../lib/rome-time.js'
import type { PaymentService } from '../payment/payment.service.js'
import { automaticPayers, type AutomaticPayer } from './benefits/catalogue.js'
import type { Positions } from './benefits/definition.js'
import { addDays } from './outcome.rules.js'
import { paymentOfMonth } from './instalment.rules.js'
import { claimBeneficiaries, recordInstalments } from './instalment.repository.js'

/** Emulator's choice: the automatic instalments go out a few days after the job schedules them (INPS paid April from late May 2020). */
export const INSTALMENT_DELAY_DAYS = 3

export interface InstalmentDeps {
  db: Kysely<Database>
  clock: Pick<ClockService, 'now'>
  payments: Pick<PaymentService, 'schedule' | 'ofApplications' | 'budgets'>
  batchSize?: number
  /** Called after each application in a batch; tests throw from it to kill a run half way. */
  afterApplication?: (done: number) => void
}

/**
 * One batch in one transaction, for one paying benefit: claim, schedule what its definition pays (INSERT …
 * ON CONFLICT DO NOTHING on one payment per person, benefit and month), mark the application as dealt
 * with for that benefit. A crash rolls the whole batch back; a rerun takes it again. Returns how many
 * applications were claimed and the last one's id.
 */
async function runBatch(
  deps: InstalmentDeps,
  now: Date,
  batchSize: number,
  counter: { done: number },
  afterId: string | undefined,
  payer: AutomaticPayer,
): Promise<{ claimed: number; lastId?: string }> {
  const today = romeDate(now)
  const code = payer.benefit.code
  return deps.db.transaction().execute(async (trx) => {
    // docs/rules.md §12: the automatic months are spent from the paying benefit's budget like the first one.
    const capped = await deps.payments.budgets.lock(trx)
    const batch = await claimBeneficiaries(trx, code, payer.benefitCodes, batchSize, afterId)
    if (batch.length === 0) return { claimed: 0 }
    const people = new Map<string, Row<'persons'>>(
      (await findArchivedPersons(trx, [...new Set(batch.map((a) => a.codice_fiscale))])).map((p) => [
        p.codice_fiscale,
        p,
      ]),
    )
    const earlier = await deps.payments.ofApplications(
      batch.map((a) => a.id),
      trx,
    )
    for (const application of batch) {
      const positions = people.get(application.codice_fiscale)?.positions as Positions | undefined
      const months = payer.months(positions, application.benefit_code)
      const total = months.reduce((sum, m) => sum + m.amountEur, 0)
      const granted = !capped.has(code) || total === 0 || (await deps.payments.budgets.grant(trx, code, total))
      // docs/rules.md §14: an IBAN the first payment could not use fails the new instalments the same way.
      const first = earlier.get(application.id)?.find((p) => p.status === 'failed')
      const scheduled = []
      for (const month of granted ? months : []) {
        // A month this benefit already paid the person (through another application) is not paid again.
        const payment = await deps.payments.schedule(trx, now, {
          ...paymentOfMonth(application, month, first?.failureReason, code),
          valueDate: addDays(today, INSTALMENT_DELAY_DAYS),
        })
        if (payment) scheduled.push(month)
      }
      await recordInstalments(trx, {
        application_id: application.id,
        paying_benefit_code: code,
        processed_at: now,
        instalments: JSON.stringify(granted ? scheduled : { refused: 'FONDI_ESAURITI', months }),
      })
      counter.done += 1
      deps.afterApplication?.(counter.done)
    }
    return { claimed: batch.length, lastId: batch[batch.length - 1].id }
  })
}

/**
 * The instalment job (docs/rules.md §14, §17): every benefit that pays without a new application, each
 * from its day (DL 34: 19 May 2020, emulated), the later months of its own beneficiaries or its amount
 * to the beneficiaries of other benefits, until no beneficiary is left.
 */
async function runInstalments(deps: InstalmentDeps): Promise<number> {
  const now = await deps.clock.now()
  const today = romeDate(now)
  const batchSize = deps.batchSize ?? 200
  const counter = { done: 0 }
  for (const payer of automaticPayers().filter((p) => p.from <= today)) {
    // Rows another instance held locked are behind us once we pass them: its run deals with them, or,
    // if it fails, the next run of the job does.
    let afterId: string | undefined
    for (;;) {
      const { claimed, lastId } = await runBatch(deps, now, batchSize, counter, afterId, payer)
      if (claimed < batchSize) break
      afterId = lastId
    }
  }
  return counter.done
}

export function createInstalmentService(deps: InstalmentDeps) {
  return { runDue: () => runInstalments(deps) }
}

export type InstalmentService = ReturnType<typeof createInstalmentService>
