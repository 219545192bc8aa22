import type { ColumnType, Insertable, Selectable } from 'kysely'

/** The database as the compiler knows it: column helpers here, each table in its module's `<x>.table.ts`. */

export type Timestamp = ColumnType<Date, Date | string, Date | string>
/** jsonb: written as a JSON string (both drivers accept it), read back parsed. */
export type Json<T> = ColumnType<T, string, string>

/** Shapes of jsonb columns that several tables share. */
export interface ResidenceJson {
  street: string
  postalCode: string
  municipality: string
  province: string
}

export interface ContactsJson {
  mobile?: string
  email?: string
  pec?: string
}

/**
 * Every table, as the compiler knows it: each module's `<x>.table.ts` adds its own tables here
 * (declaration merging), so this file never imports a module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}

/** A row of a table as a query returns it, and as an insert takes it: `Row<'persons'>`, `NewRow<'persons'>`. */
export type Row<T extends keyof Database> = Selectable<Database[T]>
export type NewRow<T extends keyof Database> = Insertable<Database[T]>
