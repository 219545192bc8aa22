import { rmSync } from 'node:fs'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createDatabase, MEMORY_DATA_DIR } from '../../src/db/create-db.js'
import { readRecords, responseLogDir, undocumented } from './response-log.js'

/**
 * tap's `after`: every (route, status, content type, body or none) the tests produced must be in the OpenAPI document,
 * and every problem code in the catalogue with the status it was sent with. Lists all gaps, then fails.
 */
type Json = Record<string, any>

async function buildDocument(): Promise<Json> {
  const database = await createDatabase({ dataDir: MEMORY_DATA_DIR, poolMax: 1, statementTimeoutMs: 0 })
  const app = await buildApp(
    loadConfig({
      LOG_LEVEL: 'silent',
      EMULATOR_ADMIN_TOKEN: 'contract-check-only-0123',
      SEED_FIXTURES: 'false',
      JOBS_INTERVAL_MS: '0',
    }),
    { database },
  )
  await app.ready()
  const document = app.swagger() as Json
  await app.close()
  await database.close()
  return document
}

const records = readRecords()
rmSync(responseLogDir(), { recursive: true, force: true })
if (records.length > 0) {
  const gaps = undocumented(await buildDocument(), records)
  if (gaps.length > 0) {
    console.error(`# Responses the tests received that the OpenAPI document does not declare (${gaps.length}):`)
    for (const gap of gaps) console.error(`#   ${gap}`)
    process.exit(1)
  }
  console.log(
    `# contract: all ${records.length} recorded (route, status, content type, body or none) answers are documented`,
  )
}
