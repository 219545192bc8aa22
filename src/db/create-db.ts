import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Kysely, PostgresDialect, type Dialect } from 'kysely'
import pg from 'pg'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { from as copyFromStdin } from 'pg-copy-streams'
import { PGlite } from '@electric-sql/pglite'
import { PGliteDialect } from 'kysely-pglite-dialect'
import type { Database } from './database.js'

export type Backend = 'postgres' | 'pglite'

export interface DatabaseOptions {
  databaseUrl?: string
  /** PGlite folder, or 'memory://' for a database that lives and dies with the process. */
  dataDir: string
  poolMax: number
  statementTimeoutMs: number
  /** Start the embedded database from a dump (PGlite dumpDataDir) instead of an empty cluster: skips initdb. */
  pgliteDump?: Blob
  /** The embedded database's shared_buffers (Postgres's 128MB when unset): tests start hundreds of small ones, which 16MB starts faster. */
  pgliteSharedBuffers?: string
  /** Told what is starting, for a start-up that may take half a minute on a busy machine. */
  progress?: (message: string) => void
}

export interface DatabaseHandle {
  db: Kysely<Database>
  backend: Backend
  close(): Promise<void>
  /**
   * Calls `handler` with the payload on every NOTIFY on `channel`, and without one when the connection
   * is lost and again once it is back (notifications may have
   * been missed meanwhile). Only where other processes share the database (Postgres); resolves to
   * the function that stops listening.
   */
  listen?(channel: string, handler: (payload?: string) => void): Promise<() => Promise<void>>
  /**
   * Runs `statement`, a `COPY … FROM STDIN` in text format, with `data` as its rows (Postgres only): a
   * bulk write that costs the server about half of an INSERT of the same rows from a JSON parameter.
   */
  copyFrom?(statement: string, data: string): Promise<void>
  /** The embedded database as a tarball (PGlite only), to start others from it with `pgliteDump`. */
  dump?(): Promise<Blob>
}

const PG_INT8 = 20
const PG_DATE = 1082
const PG_NUMERIC = 1700

// Dates stay 'YYYY-MM-DD' strings: turning them into JS Dates would shift them by the process's time zone.
// int8 (counts, sums) become numbers: they never approach 2^53 here.
pg.types.setTypeParser(PG_DATE, (value) => value)
pg.types.setTypeParser(PG_INT8, (value) => Number(value))
// numeric (amounts in euro and cents) as numbers: they are far from 2^53 cents.
pg.types.setTypeParser(PG_NUMERIC, (value) => Number(value))

export const MEMORY_DATA_DIR = 'memory://'

export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    options.progress?.('connecting to Postgres…')
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax,
      statement_timeout: options.statementTimeoutMs,
      connectionTimeoutMillis: 10_000,
    })
    // A client that loses its server (restart, failover) must not crash the process: idle ones report
    // on the pool, checked-out ones on themselves (their query fails, and the pool drops them on release).
    pool.on('error', () => {})
    pool.on('connect', (client) => client.on('error', () => {}))
    return {
      ...wrap(new PostgresDialect({ pool }), 'postgres'),
      listen: (channel, handler) => listen(options.databaseUrl!, channel, handler),
      copyFrom: (statement, data) => copyFrom(pool, statement, data),
    }
  }
  const inMemory = options.dataDir === MEMORY_DATA_DIR
  const folder = inMemory ? undefined : resolve(options.dataDir, 'pglite')
  if (folder) mkdirSync(folder, { recursive: true })
  const fresh = !folder || !existsSync(join(folder, 'PG_VERSION'))
  options.progress?.(
    `starting embedded Postgres (PGlite${folder ? ` in ${folder}` : ', in memory'})${fresh && !options.pgliteDump ? ': a new cluster, initdb first' : ''}…`,
  )
  const pglite = await PGlite.create({
    dataDir: folder,
    loadDataDir: options.pgliteDump,
    ...(options.pgliteSharedBuffers && {
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.pgliteSharedBuffers}`],
    }),
    parsers: {
      [PG_DATE]: (value: string) => value,
      [PG_INT8]: (value: string) => Number(value),
      [PG_NUMERIC]: (value: string) => Number(value),
    },
  })
  return { ...wrap(new PGliteDialect(pglite), 'pglite'), dump: async () => (await pglite.dumpDataDir('none')) as Blob }
}

function wrap(dialect: Dialect, backend: Backend): DatabaseHandle {
  const db = new Kysely<Database>({ dialect })
  return { db, backend, close: () => db.destroy() }
}

async function copyFrom(pool: pg.Pool, statement: string, data: string): Promise<void> {
  const client = await pool.connect()
  try {
    await pipeline(Readable.from([data]), client.query(copyFromStdin(statement)))
    client.release()
  } catch (error) {
    // A COPY that failed half way may leave its connection in an unknown state: the pool drops it.
    client.release(true)
    throw error
  }
}

/** A dedicated connection for LISTEN, reconnecting with a pause when the server goes away. */
async function listen(
  connectionString: string,
  channel: string,
  handler: (payload?: string) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined
  let stopped = false
  let retry: NodeJS.Timeout | undefined
  let lost = false
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString })
    next.on('notification', (message) => {
      if (message.channel === channel) handler(message.payload)
    })
    next.on('error', () => {
      if (stopped) return
      next.end().catch(() => {})
      lost = true
      handler()
      retry = setTimeout(() => void connect().catch(() => {}), 1000)
    })
    try {
      await next.connect()
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
      client = next
      if (lost) {
        lost = false
        handler()
      }
    } catch {
      await next.end().catch(() => {})
      if (!stopped) retry = setTimeout(() => void connect().catch(() => {}), 1000)
    }
  }
  await connect()
  return async () => {
    stopped = true
    clearTimeout(retry)
    await client?.end().catch(() => {})
  }
}
