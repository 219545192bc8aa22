import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import { romeDate, toRomeIso } from '../../lib/rome-time.js'
import type { PaymentStatus } from './payment.table.js'
import type { Budget, PaymentItem } from './payment.schemas.js'
import {
  findBudget,
  grantFromBudget,
  insertPayment,
  listBudgets,
  listPaymentsOf,
  listPaymentsOfApplications,
  lockBudgets,
  payDue,
  redirectUnpaid,
  upsertBudget,
} from './payment.repository.js'

/** One instalment of a benefit for one month, as asked for and as shown. */
interface Instalment {
  applicationId?: string
  benefitCode: string
  /** YYYY-MM */
  period: string
  amountEur: number
  method: string
  iban?: string
}

/** What a module asks to be paid. */
export interface NewPayment extends Instalment {
  codiceFiscale: string
  valueDate: string
  /** A payment that cannot go out (e.g. IBAN_NOT_HELD) is recorded as failed with its reason. */
  failureReason?: string
}

export interface Payment extends Instalment {
  id: string
  status: PaymentStatus
  valueDate?: string
  failureReason?: string
  paidAt?: string
}

function toPayment(row: Row<'payments'>): Payment {
  return {
    id: row.id,
    applicationId: row.application_id ?? undefined,
    benefitCode: row.benefit_code,
    period: row.period,
    amountEur: row.amount_eur,
    method: row.method,
    iban: row.iban ?? undefined,
    status: row.status,
    valueDate: row.value_date ?? undefined,
    failureReason: row.failure_reason ?? undefined,
    paidAt: row.paid_at ? toRomeIso(row.paid_at) : undefined,
  }
}

export function toPaymentItem(p: Payment): PaymentItem {
  return {
    ...(p.applicationId ? { applicationId: p.applicationId } : {}),
    benefitCode: p.benefitCode,
    period: p.period,
    amountEur: p.amountEur,
    method: p.method,
    status: p.status,
    ...(p.valueDate ? { valueDate: p.valueDate } : {}),
    ...(p.failureReason ? { failureReason: p.failureReason } : {}),
  }
}

const toBudget = (row: { benefit_code: string; cap_eur: string | number; granted_eur: string | number }): Budget => ({
  benefitCode: row.benefit_code,
  capEur: Number(row.cap_eur),
  grantedEur: Number(row.granted_eur),
})

/** The row of an instalment: failed at once when its failure is already known (an IBAN not held). */
function paymentRow(now: Date, payment: NewPayment) {
  return {
    id: randomUUID(),
    codice_fiscale: payment.codiceFiscale,
    application_id: payment.applicationId ?? null,
    benefit_code: payment.benefitCode,
    period: payment.period,
    amount_eur: payment.amountEur,
    method: payment.method,
    iban: payment.iban ?? null,
    status: payment.failureReason ? ('failed' as const) : ('scheduled' as const),
    value_date: payment.valueDate,
    failure_reason: payment.failureReason ?? null,
    created_at: now,
  }
}

export function createPaymentService(deps: { db: Kysely<Database> }) {
  const { db } = deps
  return {
    /** A person's payments, every benefit and month (docs/rules.md §12: "where are my 600 euro"). */
    listOf: async (codiceFiscale: string, on: Executor = db) =>
      (await listPaymentsOf(on, codiceFiscale)).map(toPayment),
    /** The payments of these applications, by application id. */
    async ofApplications(applicationIds: readonly string[], on: Executor = db): Promise<Map<string, Payment[]>> {
      const byApplication = new Map<string, Payment[]>()
      for (const row of await listPaymentsOfApplications(on, applicationIds)) {
        const list = byApplication.get(row.application_id!) ?? []
        list.push(toPayment(row))
        byApplication.set(row.application_id!, list)
      }
      return byApplication
    },
    /** Schedules one instalment (in the caller's transaction when given); a second one for the same person, benefit and month is ignored. */
    async schedule(on: Executor, now: Date, payment: NewPayment): Promise<Payment | undefined> {
      const row = await insertPayment(on, paymentRow(now, payment), 'ignore')
      return row ? toPayment(row) : undefined
    },
    /** Adds to the person's scheduled payment of that benefit and month, or schedules one (amounts to the cent). */
    async accrue(on: Executor, now: Date, payment: NewPayment): Promise<Payment | undefined> {
      const row = await insertPayment(on, paymentRow(now, { ...payment, failureReason: undefined }), 'add')
      return row ? toPayment(row) : undefined
    },
    /** New payment details for an application's unpaid instalments; the paid ones stay as they were. */
    redirect: async (
      on: Executor,
      applicationId: string,
      change: { method: string; iban?: string; valueDate: string; failureReason?: string },
    ) =>
      (
        await redirectUnpaid(on, applicationId, {
          method: change.method,
          iban: change.iban ?? null,
          valueDate: change.valueDate,
          status: change.failureReason ? 'failed' : 'scheduled',
          failureReason: change.failureReason ?? null,
        })
      ).map(toPayment),
    /** The payment job: every scheduled payment whose value date (Rome) has come is paid. Idempotent. */
    payDue: async (now: Date) => (await payDue(db, romeDate(now), now)).length,

    budgets: {
      set: async (benefitCode: string, capEur: number) => toBudget(await upsertBudget(db, benefitCode, capEur)),
      list: async () => (await listBudgets(db)).map(toBudget),
      get: async (benefitCode: string) => {
        const row = await findBudget(db, benefitCode)
        return row ? toBudget(row) : undefined
      },
      /** Locks the caps for the rest of the transaction (callers evaluate in protocol order meanwhile); returns the capped benefit codes. */
      lock: async (trx: Executor) => new Set((await lockBudgets(trx)).map((b) => b.benefit_code)),
      /** Grants from a capped benefit's budget: false when the amount no longer fits. */
      grant: async (trx: Executor, benefitCode: string, amountEur: number) =>
        (await grantFromBudget(trx, benefitCode, amountEur)) !== undefined,
    },
  }
}

export type PaymentService = ReturnType<typeof createPaymentService>
