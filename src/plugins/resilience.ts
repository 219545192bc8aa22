import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import underPressure from '@fastify/under-pressure'
import { AppError } from '../lib/errors.js'
import { sendProblem } from './error-handler.js'
import { createFaultRegistry, type FaultRegistry } from '../core/faults/faults.service.js'
import { createShedDecision } from './shedding.rules.js'

declare module 'fastify' {
  interface FastifyInstance {
    faults: FaultRegistry
  }
  interface FastifyRequest {
    /** Counted among the requests in flight that shedding weighs, until answered or aborted. */
    inFlightCounted: boolean
  }
}

const RETRY_AFTER_SECONDS = 10
/** @fastify/under-pressure's sampling interval, and ours of its verdict. */
const SAMPLE_INTERVAL_MS = 200
/**
 * Routes that answer even under injected faults and real overload: the sandbox's own controls, the
 * probes, and Swagger UI with its static assets (a shed asset left a loaded machine with a blank page).
 */
const EXEMPT = /^\/(emulator|health|docs|openapi\.json)(\/|$|\?)/

export const overloaded = (retryAfterSeconds: number) =>
  new AppError(
    503,
    'OVERLOADED',
    'Service Unavailable',
    `The service is overloaded; retry after ${retryAfterSeconds} seconds`,
    {},
    { 'retry-after': String(retryAfterSeconds) },
  )

/**
 * Shed load with 503 + Retry-After before latency explodes (@fastify/under-pressure), when the pressure
 * is sustained and the instance busy (shedding.rules.ts), and apply the
 * faults injected through /emulator/faults (latency, errors, overload) to matching routes.
 */
export default fp(
  async (app) => {
    const shedding = createShedDecision(app.config.overload)
    // Counted before under-pressure's own hook runs, so the request being judged is in the count. A flag
    // on the request rather than a WeakSet: one entry per request in a weak table is work for every GC.
    app.decorateRequest('inFlightCounted', false)
    const finished = (request: FastifyRequest) => {
      if (!request.inFlightCounted) return
      request.inFlightCounted = false
      shedding.finished()
    }
    // Callback hooks, not async ones: no extra turn of the event loop before the hooks after them (the journal).
    app.addHook('onRequest', (request, _reply, done) => {
      request.inFlightCounted = true
      shedding.started()
      done()
    })
    app.addHook('onResponse', (request, _reply, done) => {
      finished(request)
      done()
    })
    app.addHook('onRequestAbort', (request, done) => {
      finished(request)
      done()
    })
    await app.register(underPressure, {
      maxEventLoopDelay: app.config.overload.maxEventLoopDelayMs,
      maxEventLoopUtilization: app.config.overload.maxEventLoopUtilization,
      sampleInterval: SAMPLE_INTERVAL_MS,
      retryAfter: RETRY_AFTER_SECONDS,
      // Returning without an answer lets the request through.
      pressureHandler: (request, reply, type, value) => {
        if (EXEMPT.test(request.url)) return
        shedding.sample(true)
        if (!shedding.shouldShed()) return
        request.log.warn({ type, value }, 'shedding load')
        sendProblem(
          request,
          reply,
          {
            status: 503,
            code: 'OVERLOADED',
            title: 'Service Unavailable',
            detail: `The service is overloaded (${type}); retry later`,
          },
          {
            'retry-after': String(RETRY_AFTER_SECONDS),
          },
        )
      },
    })

    const sampler = setInterval(() => shedding.sample(app.isUnderPressure()), SAMPLE_INTERVAL_MS).unref()
    app.addHook('onClose', async () => clearInterval(sampler))

    const registry = createFaultRegistry(app.db, app.config.faultsCacheMs)
    app.decorate('faults', registry)
    app.addHook('onRequest', async (request) => {
      if (EXEMPT.test(request.url)) return
      const path = request.url.split('?')[0]
      const fault = (await registry.active()).find((f) => f.matches(request.method, path))
      if (!fault) return
      if (fault.overload) throw overloaded(RETRY_AFTER_SECONDS)
      if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs))
      if (fault.errorRate > 0 && Math.random() < fault.errorRate) {
        throw new AppError(500, 'INJECTED_FAULT', 'Internal Server Error', 'A fault injected through /emulator/faults')
      }
    })
  },
  { name: 'resilience', dependencies: ['database', 'error-handler', 'services'] },
)
