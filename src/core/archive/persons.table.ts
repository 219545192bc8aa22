import type { ContactsJson, Json, ResidenceJson } from '../../db/database.js'
import type { Generated } from 'kysely'

export interface BankAccountJson {
  iban: string
  holders: string[]
}

export interface HouseholdFactsJson {
  isee?: { valueEur: number }
  movableAssets2019Eur?: number
  monthlyIncomeEur?: { april2020?: number; may2020?: number }
}

export interface PersonsTable {
  codice_fiscale: string
  first_name: string
  last_name: string
  birth_date: string
  sex: 'M' | 'F'
  birth_place: string
  residence: Json<ResidenceJson>
  contacts: Json<ContactsJson>
  positions: Json<Record<string, unknown>>
  household_id: string | null
  /** The household's facts (ISEE, assets, income: migrations/0021), given with its id. */
  household_facts: Json<HouseholdFactsJson>
  bank_accounts: Json<BankAccountJson[]>
  updated_at: Generated<Date>
}

declare module '../../db/database.js' {
  interface Database {
    persons: PersonsTable
  }
}
