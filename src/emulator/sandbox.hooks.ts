import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { EMULATOR_TOKEN_HEADER } from './emulator.guard.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** What the sandbox hooks note about a request: when it came, whether it holds the restore gate, its problem code. */
    sandbox: { receivedAt: Date; gated: boolean } | null
  }
}

/** Never held back by a restore: liveness, the docs, the inbox page's files, and the restore itself (it waits for the others). */
const GATE_EXEMPT =
  /^\/(health|docs|openapi\.json)(\/|\?|$)|^\/emulator\/(inbox(\.js|\.css)?|snapshots\/[^/?]+\/restore)(\?|$)/
const JOURNALED = /^\/(api|emulator)(\/|\?|$)/
const CODICE_FISCALE = /^[A-Za-z0-9]{16}$/

function codiceFiscaleOf(request: FastifyRequest): string | undefined {
  if (request.auth?.role === 'citizen') return request.auth.subject
  for (const source of [request.params, request.query, request.body]) {
    const value = source && typeof source === 'object' ? (source as Record<string, unknown>).codiceFiscale : undefined
    if (typeof value === 'string' && CODICE_FISCALE.test(value)) return value.toUpperCase()
  }
  return undefined
}

function actorOf(request: FastifyRequest, code: string | undefined): { type: string; id?: string } {
  if (request.auth) return { type: request.auth.role, id: request.auth.subject }
  const emulator =
    request.url.startsWith('/emulator') &&
    typeof request.headers[EMULATOR_TOKEN_HEADER] === 'string' &&
    !code?.startsWith('EMULATOR_TOKEN_')
  return { type: emulator ? 'emulator' : 'anonymous' }
}

/**
 * The hooks of the sandbox powers, first on every request: the restore gate (snapshots.service.ts) and
 * the request journal, which is fed after the answer has gone (off the request path).
 */
export default fp(
  async (app) => {
    const { requestGate: gate, journal, clock } = app.services
    app.decorateRequest('sandbox', null)

    const leave = (request: FastifyRequest) => {
      if (request.sandbox?.gated) {
        request.sandbox.gated = false
        gate.leave()
      }
    }

    app.addHook('onRequest', async (request) => {
      request.sandbox = { receivedAt: new Date(), gated: false }
      if (GATE_EXEMPT.test(request.url)) return
      await gate.enter()
      request.sandbox.gated = true
    })

    app.addHook('onRequestAbort', async (request) => leave(request))

    // A callback, not async: the entry is queued before anything else can run.
    app.addHook('onResponse', (request, reply, done) => {
      leave(request)
      if (!journal.enabled || !request.sandbox || !JOURNALED.test(request.url)) return done()
      const { receivedAt } = request.sandbox
      const code = request.problemCode ?? undefined
      journal.record({
        requestId: request.id,
        receivedAt,
        emulatedAt: request.emulatedNow ?? clock.now(),
        method: request.method,
        route: request.routeOptions.url,
        path: request.url,
        status: reply.statusCode,
        code,
        durationMs: reply.elapsedTime,
        actor: actorOf(request, code),
        codiceFiscale: codiceFiscaleOf(request),
      })
      done()
    })
  },
  { name: 'sandbox-hooks', dependencies: ['services'] },
)
