import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createDatabase, MEMORY_DATA_DIR, type DatabaseHandle } from '../src/db/create-db.js'
import { migrateToLatest, MIGRATIONS_FOLDER } from '../src/db/migrate.js'

// argon2id at its production cost takes some 40 ms a hash: tests check the rules, not the cost. Set
// before any hash (secrets.ts reads them once, at the first); server processes the tests start inherit them.
process.env.ARGON2_MEMORY_KIB ??= '1024'
process.env.ARGON2_TIME_COST ??= '1'

/**
 * One database per test file, so files run in parallel:
 * - with DATABASE_URL: a fresh database cloned from a migrated template (CREATE DATABASE ... TEMPLATE),
 *   the template named after the migrations' content so a changed migration makes a new one;
 * - without: an in-memory PGlite.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { name: string }> {
  const url = process.env.DATABASE_URL
  if (!url) {
    const handle = await createDatabase({
      dataDir: MEMORY_DATA_DIR,
      poolMax: 1,
      statementTimeoutMs: 0,
      pgliteDump: await pgliteTemplate(),
      pgliteSharedBuffers: PGLITE_SHARED_BUFFERS,
    })
    await migrateToLatest(handle.db)
    return { ...handle, name: 'pglite-memory' }
  }
  const template = `inps_tpl_${migrationsHash()}`
  const name = `inps_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    // Files start in parallel: one builds the template, the others wait for it; clones are serialised
    // too, since CREATE DATABASE refuses a template that another session is connected to.
    await admin.query(`SELECT pg_advisory_lock(hashtext('inps-test-template'))`)
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${template}`)
      const handle = await createDatabase({
        databaseUrl: withDatabase(url, template),
        dataDir: '',
        poolMax: 1,
        statementTimeoutMs: 0,
      })
      try {
        await migrateToLatest(handle.db)
      } catch (err) {
        await handle.close()
        await admin.query(`DROP DATABASE ${template}`)
        throw err
      }
      await handle.close()
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
  } finally {
    await admin.query(`SELECT pg_advisory_unlock(hashtext('inps-test-template'))`)
    await admin.end()
  }
  const handle = await createDatabase({
    databaseUrl: withDatabase(url, name),
    dataDir: '',
    poolMax: 10,
    statementTimeoutMs: 10_000,
  })
  return {
    ...handle,
    name,
    close: async () => {
      await handle.close()
      const cleanup = new pg.Client({ connectionString: url })
      await cleanup.connect()
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await cleanup.end()
    },
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/** A test's database holds a few hundred rows: a small buffer pool starts about 0.4 s of CPU sooner. */
const PGLITE_SHARED_BUFFERS = '16MB'

/**
 * The template's bytes, already read, as the Blob PGlite wants. PGlite only asks for `arrayBuffer()`,
 * and Node 20's own Blob answers that by copying the 41 MB in small chunks (about 0.3 s of CPU a file).
 */
class LoadedBlob extends Blob {
  readonly #contents: Buffer

  constructor(contents: Buffer) {
    super([], { type: 'application/x-tar' })
    this.#contents = contents
  }

  override get size(): number {
    return this.#contents.length
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    // A file this size is read into a buffer of its own: hand it over rather than copy 41 MB again.
    const { buffer, byteOffset, length } = this.#contents
    const whole = byteOffset === 0 && length === buffer.byteLength
    return Promise.resolve((whole ? buffer : buffer.slice(byteOffset, byteOffset + length)) as ArrayBuffer)
  }
}

/**
 * A migrated embedded cluster, dumped once per migrations hash under the system's temp folder:
 * loading it takes about a second, where a fresh PGlite spends several in initdb.
 */
async function pgliteTemplate(): Promise<Blob> {
  const file = join(tmpdir(), `inps-pglite-${migrationsHash()}.tar`)
  if (existsSync(file)) return new LoadedBlob(readFileSync(file))
  const built = await createDatabase({
    dataDir: MEMORY_DATA_DIR,
    poolMax: 1,
    statementTimeoutMs: 0,
    pgliteSharedBuffers: PGLITE_SHARED_BUFFERS,
  })
  await migrateToLatest(built.db)
  const dump = await built.dump!()
  await built.close()
  // Files starting together may each build one: write privately, then rename into place.
  const partial = `${file}.${process.pid}`
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
  renameSync(partial, file)
  return dump
}

function migrationsHash(): string {
  const hash = createHash('sha256')
  for (const file of readdirSync(MIGRATIONS_FOLDER).sort())
    hash.update(file).update(readFileSync(join(MIGRATIONS_FOLDER, file)))
  return hash.digest('hex').slice(0, 12)
}
