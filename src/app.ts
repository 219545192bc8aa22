import { randomBytes, randomUUID } from 'node:crypto'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import ajvFormats from 'ajv-formats'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { DestinationStream } from 'pino'
import type { Config } from './config.js'
import { createDatabase, type DatabaseHandle } from './db/create-db.js'
import { migrateToLatest } from './db/migrate.js'
import { createLogger } from './lib/logger.js'
import { PLAIN_UUID } from './lib/schemas.js'
import errorHandler, { frameworkErrors } from './plugins/error-handler.js'
import swagger from './plugins/swagger.js'
import hardening from './plugins/hardening.js'
import database from './plugins/database.js'
import services from './plugins/services.js'
import resilience from './plugins/resilience.js'
import healthRoutes from './modules/health/health.routes.js'
import auth from './core/auth/auth.plugin.js'
import jwksRoutes from './core/auth/jwks.routes.js'
import idpJwksRoutes from './modules/credential/idp-jwks.routes.js'
import apiRoutes from './plugins/api-routes.js'
import access from './core/access/access.plugin.js'
import refusalAudit from './core/audit/refusal-audit.plugin.js'
import rateLimit from './core/access/rate-limit.plugin.js'
import evaluationWorker from './modules/application/evaluation.worker.js'
import emulatorPlugin from './emulator/emulator.plugin.js'
import sandboxHooks from './emulator/sandbox.hooks.js'
import inboxRoutes from './emulator/inbox.routes.js'

type Ajv = Parameters<typeof ajvFormats.default>[0]

export interface BuildOptions {
  /** A database the caller owns (tests); otherwise one is opened from the config and closed with the app. */
  database?: DatabaseHandle
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: DestinationStream
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The X-Emulator-Token in force; generated at start when EMULATOR_ADMIN_TOKEN is unset. */
    emulatorAdminToken: string
    emulatorAdminTokenGenerated: boolean
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/

/**
 * Always a fresh id, so that one id never covers two requests (audit and logs trust it). A caller's
 * own id, when harmless to log, is kept in front of it for correlation: `<theirs>~<uuid>`.
 */
function requestIdOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && REQUEST_ID.test(given) ? `${given}~${randomUUID()}` : randomUUID()
}

/**
 * Fastify's own number option trusts no hop at all (fail closed), so hops are a function: the peer and
 * the next hops-1 addresses are our proxies, the address before them is the client.
 */
function trustProxyOf(trust: Config['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust
  return trust === false ? false : [...trust]
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const handle =
    options.database ??
    (await createDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolMax: config.dbPoolMax,
      statementTimeoutMs: config.dbStatementTimeoutMs,
    }))
  await migrateToLatest(handle.db)

  const app = Fastify({
    loggerInstance: createLogger(config.logLevel, options.logStream) as FastifyBaseLogger,
    genReqId: requestIdOf,
    // allErrors names every bad field; the bill stays small because hardening.ts refuses oversized
    // bodies before validation and the error handler reports at most MAX_REPORTED_ERRORS.
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: true,
        allowUnionTypes: true,
      },
      // ajv-formats, then the uuid every id column can take (Fastify adds ajv-formats itself unless a plugin
      // is it). Its type asks for options Fastify's plugin type does not promise: the cast names the same function.
      plugins: [ajvFormats.default as (ajv: Ajv) => Ajv, (ajv: Ajv) => ajv.addFormat('uuid', PLAIN_UUID)],
    },
    bodyLimit: 1_048_576,
    frameworkErrors,
    // Only the configured proxies may name the client (never "any": each request could pick a new IP).
    trustProxy: trustProxyOf(config.trustProxy),
    // A request must arrive whole in time: a promised body never sent once held a connection forever.
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.http.headersTimeoutMs,
      requestTimeout: config.http.requestTimeoutMs,
      // Node enforces both timeouts on this tick (30 s by default, which would double a 30 s timeout).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.http.headersTimeoutMs / 4))),
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  const adminToken = config.emulatorAdminToken ?? randomBytes(24).toString('base64url')
  app.decorate('emulatorAdminToken', adminToken)
  app.decorate('emulatorAdminTokenGenerated', config.emulatorAdminToken === undefined)

  // Once closing, each answer closes its connection: a kept-alive connection would otherwise hold the
  // shutdown until its keep-alive timeout, long after the last request in flight was answered.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (request, reply) => {
    if (closing) reply.header('connection', 'close')
    reply.header('x-request-id', request.id)
    // Personal data must never sit in a shared cache (the 1 April 2020 CDN incident): deny by default,
    // public routes opt in with their own Cache-Control.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    reply.header('vary', 'Authorization')
  })

  await app.register(errorHandler)
  await app.register(hardening)
  await app.register(swagger, { emulatorEnabled: config.emulatorEnabled })
  await app.register(database, { handle, closeWithApp: options.database === undefined })
  await app.register(services, { config, handle })
  // Before resilience's hooks: a request slowed by an injected fault is already in flight for a restore.
  await app.register(sandboxHooks)
  await app.register(resilience)
  await app.register(auth, { tokens: app.services.tokens })
  await app.register(access)
  await app.register(refusalAudit, { batch: app.services.auditBatch })
  await app.register(rateLimit)
  await app.register(healthRoutes)
  await app.register(jwksRoutes)
  await app.register(idpJwksRoutes)
  await app.register(apiRoutes, { prefix: '/api/v1' })
  if (config.emulatorEnabled) await app.register(emulatorPlugin, { prefix: '/emulator', adminToken })
  if (config.emulatorEnabled) await app.register(inboxRoutes, { prefix: '/emulator' })

  await app.register(evaluationWorker)

  await app.services.fixtures.seedIfNew({ fixtures: config.seedFixtures, publishedCredentials: config.emulatorEnabled })
  return app
}
