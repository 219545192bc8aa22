import { readFile, writeFile, mkdir } from 'node:fs/promises'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createDatabase, MEMORY_DATA_DIR } from '../src/db/create-db.js'
import { postmanCollection } from './clients/postman-collection.js'
import { typescriptSchema } from './clients/typescript-schema.js'

/**
 * Writes (--write) or verifies (--check) openapi/openapi.json, generated from the route schemas, and
 * what is generated from it: the typed client's types and the Postman collection.
 */
const ROOT = new URL('..', import.meta.url)
const mode = process.argv[2]
if (mode !== '--write' && mode !== '--check') {
  console.error('usage: openapi.ts --write | --check')
  process.exit(2)
}

export async function generateOpenApi(): Promise<string> {
  const database = await createDatabase({ dataDir: MEMORY_DATA_DIR, poolMax: 1, statementTimeoutMs: 0 })
  const app = await buildApp(
    loadConfig({ LOG_LEVEL: 'silent', EMULATOR_ADMIN_TOKEN: 'openapi-generation-only', SEED_FIXTURES: 'false' }),
    { database },
  )
  await app.ready()
  const document = JSON.stringify(app.swagger(), null, 2) + '\n'
  await app.close()
  await database.close()
  return document
}

const document = await generateOpenApi()
const walkthrough = await readFile(new URL('docs/walkthrough.md', ROOT), 'utf8')
const outputs = {
  'openapi/openapi.json': document,
  'clients/typescript/src/schema.ts': await typescriptSchema(JSON.parse(document)),
  'clients/postman/inps-2020-emulator.postman_collection.json': postmanCollection(JSON.parse(document), walkthrough),
}
const stale: string[] = []
for (const [file, generated] of Object.entries(outputs)) {
  const output = new URL(file, ROOT)
  if (mode === '--write') {
    await mkdir(new URL('.', output), { recursive: true })
    await writeFile(output, generated)
    console.log(`wrote ${file}`)
  } else if ((await readFile(output, 'utf8').catch(() => '')) !== generated) stale.push(file)
}
if (stale.length > 0) {
  console.error(`out of date: ${stale.join(', ')}. Run \`npm run openapi\` and commit the result`)
  process.exit(1)
}
if (mode === '--check') console.log(`current: ${Object.keys(outputs).join(', ')}`)
