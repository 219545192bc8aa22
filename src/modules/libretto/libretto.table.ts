import type { Generated } from 'kysely'
import type { Timestamp } from '../../db/database.js'

/** A Libretto Famiglia: the baby-sitting bonus of one applicant (utilizzatore), in cents. */
export interface LibrettiTable {
  codice_fiscale: string
  application_id: string
  credit_cents: number
  used_cents: Generated<number>
  registered_at: Timestamp
}

/** A baby-sitter (prestatore) registered on a libretto. */
export interface LibrettoPrestatoriTable {
  libretto: string
  codice_fiscale: string
  first_name: string
  last_name: string
  registered_at: Timestamp
}

/** Work entered on a libretto, paid to the prestatore on payment_date. */
export interface LibrettoPrestazioniTable {
  id: string
  libretto: string
  prestatore: string
  work_date: string
  hours: number
  amount_cents: number
  entered_at: Timestamp
  payment_date: string
}

declare module '../../db/database.js' {
  interface Database {
    libretti: LibrettiTable
    libretto_prestatori: LibrettoPrestatoriTable
    libretto_prestazioni: LibrettoPrestazioniTable
  }
}
