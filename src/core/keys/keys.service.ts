import { randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, type JWK } from 'jose'
import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import { findKey, insertKey, listKeys, lockKeyCreation, type KeyTableName } from './keys.repository.js'

export interface KeyStoreSpec {
  table: KeyTableName
  /** Names the advisory lock under which the first key is created. */
  lockName: string
  alg: 'ES256'
  kidPrefix?: string
}

/**
 * One key store for every signer (access tokens, the test IdP): key pairs kept in the database, the
 * newest first, created once by whichever instance needs one first and shared by all.
 */
export function createKeyStore(db: Kysely<Database>, spec: KeyStoreSpec) {
  return {
    /** The newest key, created if there is none yet. */
    async current(): Promise<Row<'signing_keys'>> {
      return db.transaction().execute(async (trx) => {
        await lockKeyCreation(trx, spec.lockName)
        const [existing] = await listKeys(trx, spec.table)
        if (existing) return existing
        const { publicKey, privateKey } = await generateKeyPair(spec.alg, { extractable: true })
        const kid = `${spec.kidPrefix ?? ''}${randomUUID()}`
        await insertKey(trx, spec.table, {
          kid,
          alg: spec.alg,
          public_jwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: spec.alg, use: 'sig' }),
          private_jwk: JSON.stringify(await exportJWK(privateKey)),
        })
        return (await listKeys(trx, spec.table))[0]
      })
    },
    all: () => listKeys(db, spec.table),
    find: (kid: string) => findKey(db, spec.table, kid),
  }
}

export type KeyStore = ReturnType<typeof createKeyStore>
export type { JWK }
