import t from 'tap'
import { ROOT } from '../root.js'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

// docs/architecture.md (Layers): a repository touches only the tables of its own module; another
// module's data is reached through that module's service. The import rules of .dependency-cruiser.cjs
// cannot see this: a table is named by a string, so a repository reads a foreign table without
// importing anything of the module that owns it.
const root = fileURLToPath(ROOT)
const src = join(root, 'src')

function filesEndingWith(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(dir, name))
}

/** A module is the folder of its files: src/core/auth, src/modules/pin, src/emulator. */
const moduleOf = (file: string) => relative(src, dirname(file))

/** Each table of the Database interface and the module whose *.table.ts declares it. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>()
  for (const file of filesEndingWith(src, '.table.ts')) {
    const block = /interface Database \{([^}]*)\}/.exec(readFileSync(file, 'utf8'))?.[1] ?? ''
    for (const [, table] of block.matchAll(/^\s*([a-z_][a-z0-9_]*)\s*:/gm)) owners.set(table!, moduleOf(file))
  }
  return owners
}

/**
 * The tables a repository's source names: the query builder's table arguments (selectFrom, joins,
 * insertInto, updateTable, deleteFrom, mergeInto, with an alias or not), qualified column references
 * ('table.column'), and the tables of raw SQL (after FROM, JOIN, INTO, UPDATE, TABLE, TRUNCATE).
 * Only names that are tables count, so `FROM clock_timestamp()` or a CTE's name pass.
 */
export function namedTables(source: string, tables: ReadonlySet<string>): Set<string> {
  const found = new Set<string>()
  const patterns = [
    /\.(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto|innerJoin|leftJoin|rightJoin|fullJoin|crossJoin|using)\(\s*['"`]([a-z_][a-z0-9_]*)/g,
    /['"`]([a-z_][a-z0-9_]*)\.[a-z_*][a-z0-9_]*['"`]/g,
    /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)/g,
    /sql\.(?:table|id)\(\s*['"`]([a-z_][a-z0-9_]*)/g,
  ]
  for (const pattern of patterns) {
    for (const [, name] of source.matchAll(pattern)) if (tables.has(name!)) found.add(name!)
  }
  return found
}

const owners = tableOwners()
const tables = new Set(owners.keys())

t.test('the scan sees the ways a repository names a table', async (t) => {
  t.ok(owners.size >= 25, `tables declared in *.table.ts files: ${owners.size}`)
  t.equal(owners.get('pin_credentials'), 'modules/pin')
  t.equal(owners.get('operators'), 'modules/operator')
  const sample = [
    "db.selectFrom('pin_credentials as c').innerJoin('persons', 'persons.codice_fiscale', 'c.codice_fiscale')",
    "db.updateTable('operators').set({ version: sql`version + 1` })",
    'sql`SELECT 1 FROM applications a LEFT JOIN payments p ON p.application_id = a.id`',
    'sql`DELETE FROM outbox; INSERT INTO audit_events SELECT * FROM clock_timestamp()`',
    "trx.deleteFrom('login_attempts')",
  ].join('\n')
  t.same([...namedTables(sample, tables)].sort(), [
    'applications',
    'audit_events',
    'login_attempts',
    'operators',
    'outbox',
    'payments',
    'persons',
    'pin_credentials',
  ])
})

t.test("every repository touches only its own module's tables", async (t) => {
  const repositories = filesEndingWith(src, '.repository.ts')
  t.ok(repositories.length >= 20, `repositories: ${repositories.length}`)
  const foreign: string[] = []
  for (const file of repositories) {
    const mine = moduleOf(file)
    for (const table of namedTables(readFileSync(file, 'utf8'), tables)) {
      const owner = owners.get(table)
      if (owner !== mine) foreign.push(`${relative(root, file)} names ${table} (owned by src/${owner})`)
    }
  }
  t.same(foreign, [], "a repository that needs another module's data asks that module's service")
})
