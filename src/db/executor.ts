import type { Kysely, Transaction } from 'kysely'
import type { Database } from './database.js'

/** Either the database or an open transaction: repositories that only read or append take this. */
export type Executor = Kysely<Database> | Transaction<Database>
