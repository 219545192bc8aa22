import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { createClockService, type ClockService } from '../core/clock/clock.service.js'
import { createAuditService, type Actor, type AuditService } from '../core/audit/audit.service.js'
import { createOutboxService, type OutboxService } from '../core/outbox/outbox.service.js'
import type { Config } from '../config.js'
import type { DatabaseHandle } from '../db/create-db.js'
import { CLOCK_CHANNEL } from '../core/clock/clock.repository.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    clock: ClockService
    audit: AuditService
    outbox: OutboxService
  }
  interface FastifyRequest {
    emulatedNow: Promise<Date> | null
    /** The emulated time of this request: read once, then the same instant for every rule it meets. */
    now(): Promise<Date>
  }
}

/** The shared services every module uses, built once from the database. */
export default fp<{ config: Config; handle: DatabaseHandle }>(
  async (app, { config, handle }) => {
    app.decorate('config', config)
    const clock = createClockService(app.db)
    app.decorate('clock', clock)
    const listening = await handle.listen?.(CLOCK_CHANNEL, () => clock.invalidate())
    if (listening) app.addHook('onClose', listening)
    app.decorate('audit', createAuditService())
    app.decorate('outbox', createOutboxService())
    app.decorateRequest('emulatedNow', null)
    app.decorateRequest('now', function (this: FastifyRequest) {
      this.emulatedNow ??= this.server.clock.now()
      return this.emulatedNow
    })
  },
  { name: 'services', dependencies: ['database'] },
)

export type { Actor }
