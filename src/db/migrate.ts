import { readdir } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration'

/** migrations/ sits two levels above this file both in src/db and in dist/src/db. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url))

const MIGRATION_FILE = /^\d{4}_[a-z0-9_-]+\.(ts|js)$/

/** The migrations of a folder, TypeScript sources or their compiled copies, by name. */
export class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((f) => MIGRATION_FILE.test(f)).sort()
    const migrations: Record<string, Migration> = {}
    for (const file of files) {
      const module = (await import(pathToFileURL(join(this.folder, file)).href)) as Migration
      migrations[file.replace(/\.(ts|js)$/, '')] = module
    }
    return migrations
  }
}

/** Applies every pending migration; Kysely takes a database lock, so concurrent instances are safe. */
// Migrations are written over Kysely<any> (they never import the typed schema): so is their runner.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>, folder = MIGRATIONS_FOLDER): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new FolderMigrationProvider(folder) })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
