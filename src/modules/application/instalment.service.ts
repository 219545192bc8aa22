import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { ClockService } from '../../core/clock/clock.service.js'
import { findArchivedPersons, type PersonRow } from '../../core/archive/persons.service.js'
import { romeDate } from '../../lib/rome-time.js'
import type { PaymentService } from '../payment/payment.service.js'
import { DL34_FROM } from './benefits.rules.js'
import { automaticInstalments } from './dl34.rules.js'
import type { Positions } from './eligibility.rules.js'
import { addDays, MARCH_PERIOD } from './outcome.rules.js'
import { claimMarchBeneficiaries, hasAcceptedApplication, recordInstalments } from './instalment.repository.js'
import type { ApplicationRow } from './application.table.js'

/** The five March indemnities of DL 18 whose beneficiaries DL 34 pays again without a new application. */
export const MARCH_BENEFITS = [
  'indennita-professionisti-cococo',
  'indennita-autonomi-ago',
  'indennita-stagionali-turismo',
  'indennita-agricoli',
  'indennita-spettacolo',
] as const
/** Emulator's choice: the automatic instalments go out a few days after the job schedules them (INPS paid April from late May 2020). */
export const INSTALMENT_DELAY_DAYS = 3

export interface InstalmentDeps {
  db: Kysely<Database>
  clock: Pick<ClockService, 'now'>
  payments: Pick<PaymentService, 'schedule' | 'ofApplications'>
  batchSize?: number
  /** Called after each application in a batch; tests throw from it to kill a run half way. */
  afterApplication?: (done: number) => void
}

/**
 * One batch in one transaction: claim, schedule the April and May payments (INSERT … ON CONFLICT DO
 * NOTHING on one payment per person, benefit and month), mark the application as dealt with. A crash
 * rolls the whole batch back; a rerun takes it again. Returns how many applications were claimed and
 * the last one's id.
 */
async function runBatch(
  deps: InstalmentDeps,
  now: Date,
  batchSize: number,
  counter: { done: number },
  afterId: string | undefined,
): Promise<{ claimed: number; lastId?: string }> {
  const today = romeDate(now)
  return deps.db.transaction().execute(async (trx) => {
    const batch = await claimMarchBeneficiaries(trx, MARCH_BENEFITS, batchSize, afterId)
    if (batch.length === 0) return { claimed: 0 }
    const people = new Map<string, PersonRow>(
      (await findArchivedPersons(trx, [...new Set(batch.map((a) => a.codice_fiscale))])).map((p) => [
        p.codice_fiscale,
        p,
      ]),
    )
    const march = await deps.payments.ofApplications(
      batch.map((a) => a.id),
      trx,
    )
    for (const application of batch) {
      const instalments = automaticInstalments(
        application.benefit_code,
        people.get(application.codice_fiscale)?.positions as Positions | undefined,
      )
      // docs/rules.md §14: an IBAN the March payment could not use fails the new instalments the same way.
      const marchPayment = march.get(application.id)?.find((p) => p.period === MARCH_PERIOD)
      const failureReason = marchPayment?.status === 'failed' ? marchPayment.failureReason : undefined
      for (const instalment of instalments) {
        await deps.payments.schedule(trx, now, {
          codiceFiscale: application.codice_fiscale,
          applicationId: application.id,
          benefitCode: application.benefit_code,
          period: instalment.period,
          amountEur: instalment.amountEur,
          method: application.payment.method,
          iban: application.payment.iban,
          valueDate: addDays(today, INSTALMENT_DELAY_DAYS),
          failureReason,
        })
      }
      await recordInstalments(trx, {
        application_id: application.id,
        processed_at: now,
        instalments: JSON.stringify(instalments),
      })
      counter.done += 1
      deps.afterApplication?.(counter.done)
    }
    return { claimed: batch.length, lastId: batch[batch.length - 1].id }
  })
}

/** The DL 34 instalment job (docs/rules.md §14): from 19 May 2020 (emulated), until no March beneficiary is left. */
async function runInstalments(deps: InstalmentDeps): Promise<number> {
  const now = await deps.clock.now()
  if (romeDate(now) < DL34_FROM) return 0
  const batchSize = deps.batchSize ?? 200
  const counter = { done: 0 }
  // Rows another instance held locked are behind us once we pass them: its run deals with them, or,
  // if it fails, the next run of the job does.
  let afterId: string | undefined
  for (;;) {
    const { claimed, lastId } = await runBatch(deps, now, batchSize, counter, afterId)
    if (claimed < batchSize) return counter.done
    afterId = lastId
  }
}

/**
 * c. 10: the art. 38 beneficiaries of March get April and May without applying; their application for
 * the DL 34 entertainment indemnity would pay the same months twice, so it is rejected with that reason.
 */
export async function alreadyPaidAutomatically(
  trx: Transaction<Database>,
  application: ApplicationRow,
): Promise<string[]> {
  if (application.benefit_code !== 'indennita-spettacolo-dl34') return []
  return (await hasAcceptedApplication(trx, application.codice_fiscale, 'indennita-spettacolo'))
    ? ['ART38_PAID_AUTOMATICALLY']
    : []
}

export function createInstalmentService(deps: InstalmentDeps) {
  return { runDue: () => runInstalments(deps) }
}

export type InstalmentService = ReturnType<typeof createInstalmentService>
