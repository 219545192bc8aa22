import { readFile, writeFile } from 'node:fs/promises'
import { Environment } from '../src/config.js'
import { fixtureOffices, fixtureOperators, fixturePersons } from '../src/emulator/fixtures.data.js'

/**
 * Writes (--write) or verifies (--check) the generated parts of docs/: the configuration table from
 * the declarations in src/config.ts, the fixture tables from the fixture data. Each part sits between
 * `<!-- generated:<name> -->` and `<!-- /generated:<name> -->`; everything around it is written by hand.
 */
const mode = process.argv[2]
if (mode !== '--write' && mode !== '--check') {
  console.error('usage: docs.ts --write | --check')
  process.exit(2)
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n')

interface Declared {
  description: string
  default?: string
  defaultText?: string
  kind?: string
  enum?: string[]
}

function configurationTable(): string {
  const rows = Object.entries(Environment.properties as unknown as Record<string, Declared>).map(([name, schema]) => {
    const type =
      schema.kind === 'one of'
        ? (schema.enum ?? []).map((v) => `\`${v}\``).join(', ')
        : schema.kind === 'boolean'
          ? '`true`, `false`'
          : (schema.kind ?? 'string')
    const byDefault = schema.default !== undefined ? `\`${schema.default}\`` : (schema.defaultText ?? 'unset')
    return [`\`${name}\``, type, byDefault, schema.description]
  })
  return table(['variable', 'type', 'default', 'meaning'], rows)
}

const ROLES_WITH_OFFICE = new Set(['office'])

const PARTS: Record<string, { file: string; render: () => string }> = {
  configuration: { file: 'docs/configuration.md', render: configurationTable },
  'fixture-persons': {
    file: 'docs/fixtures.md',
    render: () =>
      table(
        ['codice fiscale', 'name', 'what it exercises'],
        fixturePersons.map((p) => [
          `\`${p.codiceFiscale}\``,
          `${p.record.firstName} ${p.record.lastName}`,
          p.note.replace(/\b([A-Z]+_[A-Z_]+)\b/g, '`$1`'),
        ]),
      ),
  },
  'fixture-offices': {
    file: 'docs/fixtures.md',
    render: () =>
      table(
        ['code', 'name', 'state'],
        fixtureOffices.map((o) => [`\`${o.code}\``, o.name, o.open ? 'open' : `closed since ${o.closedSince}`]),
      ),
  },
  'fixture-operators': {
    file: 'docs/fixtures.md',
    render: () =>
      table(
        ['operator id', 'role', 'organisation (id)', 'sandbox PIN'],
        fixtureOperators.map((o) => [
          `\`${o.operatorId}\``,
          `\`${o.role}\``,
          `${o.organisation}${ROLES_WITH_OFFICE.has(o.role) && o.officeCode ? `, office \`${o.officeCode}\`` : ''} (\`${o.organisationId}\`)`,
          `\`${o.pin}\``,
        ]),
      ),
  },
}

const root = new URL('..', import.meta.url)
const files = new Map<string, string>()
for (const part of Object.values(PARTS))
  files.set(part.file, files.get(part.file) ?? (await readFile(new URL(part.file, root), 'utf8')))

const stale: string[] = []
for (const [name, part] of Object.entries(PARTS)) {
  const text = files.get(part.file)!
  const open = `<!-- generated:${name} (npm run docs) -->`
  const close = `<!-- /generated:${name} -->`
  const start = text.indexOf(open)
  const end = text.indexOf(close)
  if (start < 0 || end < start) {
    console.error(`${part.file}: markers for "${name}" not found (${open} ... ${close})`)
    process.exit(1)
  }
  const updated = `${text.slice(0, start + open.length)}\n${part.render()}\n${text.slice(end)}`
  if (updated !== text) stale.push(`${part.file} (${name})`)
  files.set(part.file, updated)
}

if (mode === '--write') {
  for (const [file, text] of files) await writeFile(new URL(file, root), text)
  console.log(stale.length > 0 ? `updated ${stale.join(', ')}` : 'docs are current')
} else if (stale.length > 0) {
  console.error(`out of date: ${stale.join(', ')}: run \`npm run docs\` and commit the result`)
  process.exit(1)
} else {
  console.log('generated docs are current')
}
