import type { Timestamp } from '../../db/database.js'

export type PaymentStatus = 'scheduled' | 'paid' | 'failed'

export interface PaymentsTable {
  id: string
  codice_fiscale: string
  application_id: string | null
  benefit_code: string
  /** YYYY-MM: the month the instalment is for. */
  period: string
  amount_eur: number
  method: string
  iban: string | null
  status: PaymentStatus
  value_date: string | null
  failure_reason: string | null
  created_at: Timestamp
  paid_at: Timestamp | null
}

export interface BudgetsTable {
  benefit_code: string
  cap_eur: string | number
  granted_eur: string | number
}

declare module '../../db/database.js' {
  interface Database {
    payments: PaymentsTable
    budgets: BudgetsTable
  }
}
