import type { Generated } from 'kysely'
import type { Json } from '../../db/database.js'

/** signing_keys (access tokens) and idp_keys (the test IdP): the same columns. */
export interface KeysTable {
  kid: string
  alg: string
  public_jwk: Json<Record<string, unknown>>
  private_jwk: Json<Record<string, unknown>>
  created_at: Generated<Date>
}

declare module '../../db/database.js' {
  interface Database {
    signing_keys: KeysTable
    idp_keys: KeysTable
  }
}
