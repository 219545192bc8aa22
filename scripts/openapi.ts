import { readFile, writeFile, mkdir } from 'node:fs/promises'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createDatabase, MEMORY_DATA_DIR } from '../src/db/create-db.js'

/** Writes (--write) or verifies (--check) openapi/openapi.json, generated from the route schemas. */
const OUTPUT = new URL('../openapi/openapi.json', import.meta.url)
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

const generated = await generateOpenApi()
if (mode === '--write') {
  await mkdir(new URL('.', OUTPUT), { recursive: true })
  await writeFile(OUTPUT, generated)
  console.log(`wrote ${OUTPUT.pathname}`)
} else {
  const committed = await readFile(OUTPUT, 'utf8').catch(() => '')
  if (committed !== generated) {
    console.error('openapi/openapi.json is out of date: run `npm run openapi` and commit the result')
    process.exit(1)
  }
  console.log('openapi/openapi.json is current')
}
