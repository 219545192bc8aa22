import closeWithGrace from 'close-with-grace'
import { ConfigError, loadConfig } from './config.js'
import { buildApp } from './app.js'

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

const started = Date.now()
const app = await buildApp(config)
if (app.emulatorAdminTokenGenerated && config.emulatorEnabled) {
  // Printed once, on purpose: the sandbox owner needs it for /emulator and Swagger UI's "Authorize".
  console.log(`\nEMULATOR_ADMIN_TOKEN was not set; this run's X-Emulator-Token is:\n\n  ${app.emulatorAdminToken}\n`)
}

// Finish in-flight requests on SIGTERM/SIGINT, then close the database.
closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'closing after an error')
  else app.log.info({ signal }, 'closing')
  await app.close()
})

await app.listen({ port: config.port, host: config.host })
app.log.info({ backend: app.backend, startupMs: Date.now() - started, docs: `http://${config.host}:${config.port}/docs` }, 'INPS 2020 emulator ready')
