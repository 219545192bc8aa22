import { performance } from 'node:perf_hooks'
import closeWithGrace from 'close-with-grace'
import { ConfigError, loadConfig } from './config.js'
import { buildApp } from './app.js'
import { createDatabase } from './db/create-db.js'
import { migrateToLatest } from './db/migrate.js'
import { createLogger } from './lib/logger.js'

let config
try {
  config = loadConfig()
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(1)
  }
  throw err
}

// PGlite can take half a minute to start on a busy machine: say what is happening meanwhile.
const started = performance.now()
const startupLog = createLogger(config.logLevel)
const elapsedMs = () => Math.round(performance.now() - started)
const progress = (message: string) => startupLog.info({ elapsedMs: elapsedMs() }, message)

const database = await createDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolMax: config.dbPoolMax,
  statementTimeoutMs: config.dbStatementTimeoutMs,
  progress,
})
progress('applying migrations…')
await migrateToLatest(database.db)
progress(
  config.seedFixtures ? 'loading plugins, routes and, on a new database, the fixtures…' : 'loading plugins and routes…',
)
const app = await buildApp(config, { database })
if (app.emulatorAdminTokenGenerated && config.emulatorEnabled) {
  // Printed once, on purpose: the sandbox owner needs it for /emulator and Swagger UI's "Authorize".
  console.log(`\nEMULATOR_ADMIN_TOKEN was not set; this run's X-Emulator-Token is:\n\n  ${app.emulatorAdminToken}\n`)
}

// Finish in-flight requests on SIGTERM/SIGINT, then close the database (opened here, so closed here).
closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'closing after an error')
  else app.log.info({ signal }, 'closing')
  await app.close()
  await database.close()
})

await app.listen({ port: config.port, host: config.host })
app.log.info(
  { backend: app.backend, startupMs: elapsedMs(), docs: `http://${config.host}:${config.port}/docs` },
  'INPS 2020 emulator ready',
)
