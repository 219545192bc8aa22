import { Writable } from 'node:stream'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { createTestDatabase } from './db.js'
import type { DatabaseHandle } from '../src/db/create-db.js'
import { recordResponses } from './contract/response-log.js'

export const ADMIN_TOKEN = 'test-admin-token-0123456789'

interface Tap {
  teardown(fn: () => unknown): void
}

export interface TestContext {
  app: FastifyInstance
  database: DatabaseHandle
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, unknown>>
  /** Raw log text, for "never appears" assertions. */
  logText(): string
  /** An /emulator request with the admin token. */
  emulator(method: InjectOptions['method'], url: string, payload?: unknown): Promise<LightMyRequestResponse>
}

/** Environment variables as a test wants them, on top of safe defaults. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    EMULATOR_ADMIN_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'info',
    JOBS_INTERVAL_MS: '0',
    RATE_LIMIT_PER_IP: '0',
    RATE_LIMIT_PER_SUBJECT: '0',
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
    ...env,
  })
}

/** Builds the app on this file's own database; everything is closed when the test file ends. */
export async function setupTestApp(
  t: Tap,
  env: Record<string, string> = {},
  database?: DatabaseHandle,
): Promise<TestContext> {
  const ownDatabase = database ?? (await createTestDatabase())
  const chunks: string[] = []
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString())
      done()
    },
  })
  const app = await buildApp(testConfig(env), { database: ownDatabase, logStream })
  recordResponses(app)
  await app.ready()
  t.teardown(async () => {
    await app.close()
    if (!database) await ownDatabase.close()
  })
  return {
    app,
    database: ownDatabase,
    get logs() {
      return chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    },
    logText: () => chunks.join(''),
    emulator: (method, url, payload) =>
      app.inject({
        method,
        url,
        headers: { 'x-emulator-token': ADMIN_TOKEN },
        ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
      }),
  }
}

export function json<T = any>(response: LightMyRequestResponse): T {
  return response.json() as T
}
