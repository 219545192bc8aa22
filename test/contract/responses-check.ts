import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { ERROR_CODES, isErrorCode } from '../../src/lib/error-codes.js'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createDatabase, MEMORY_DATA_DIR } from '../../src/db/create-db.js'
import { responseLogDir, type ResponseRecord } from './response-log.js'

/**
 * tap's `after`: every (route, status, content type) the tests produced must be in the OpenAPI document,
 * and every problem code in the catalogue with the status it was sent with. Lists all gaps, then fails.
 */
type Json = Record<string, any>

export function undocumented(document: Json, records: ResponseRecord[]): string[] {
  const gaps = new Set<string>()
  for (const record of records) {
    const where = `${record.method} ${record.route ?? '(no route)'} ${record.status}`
    if (record.code !== undefined) {
      if (!isErrorCode(record.code)) gaps.add(`${where}: code ${record.code} is not in src/lib/error-codes.ts`)
      else if (ERROR_CODES[record.code].status !== record.status) gaps.add(`${where}: code ${record.code} is catalogued with ${ERROR_CODES[record.code].status}`)
    }
    // Unmatched URLs (the not-found handler) and hidden routes (/docs, /openapi.json) are not operations.
    if (record.route === undefined || record.hidden) continue
    const path = record.route.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    const operation = document.paths?.[path]?.[record.method.toLowerCase()]
    if (!operation) {
      gaps.add(`${where}: the operation is not documented`)
      continue
    }
    let response = operation.responses?.[String(record.status)] ?? operation.responses?.[`${String(record.status)[0]}XX`] ?? operation.responses?.default
    if (response?.$ref) response = document.components?.responses?.[response.$ref.split('/').pop()]
    if (!response) {
      gaps.add(`${where}: status not documented`)
      continue
    }
    if (record.contentType && !Object.keys(response.content ?? {}).includes(record.contentType)) {
      gaps.add(`${where}: content type ${record.contentType} not documented (${Object.keys(response.content ?? {}).join(', ') || 'none'})`)
    }
  }
  return [...gaps].sort()
}

export function readRecords(dir = responseLogDir()): ResponseRecord[] {
  const files = (() => {
    try {
      return readdirSync(dir).filter((f) => f.endsWith('.jsonl'))
    } catch {
      return []
    }
  })()
  return files.flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as ResponseRecord))
}

async function buildDocument(): Promise<Json> {
  const database = await createDatabase({ dataDir: MEMORY_DATA_DIR, poolMax: 1, statementTimeoutMs: 0 })
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', EMULATOR_ADMIN_TOKEN: 'contract-check-only-0123', SEED_FIXTURES: 'false', JOBS_INTERVAL_MS: '0' }), { database })
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
  console.log(`# contract: all ${records.length} recorded (route, status, content type) answers are documented`)
}
