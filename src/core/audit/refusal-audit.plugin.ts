import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify'
import type { AuditBatch } from './audit-batch.service.js'
import { auditableCodiceFiscale } from './audit.service.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * An onSend hook that records the route's refusals (4xx) of a caller with a valid token in the audit
     * trail, batched (docs/rules.md §1): refusals are thrown in guards, rules and services, and all meet here.
     */
    auditRefusals(route: { action: string; channel: string }): onSendHookHandler
  }
}

const BENEFIT_CODE = /^[a-z0-9-]{1,64}$/

/** What the body says, when it was read (guards refuse before it is): codice fiscale and benefit, nothing else. */
function bodyOf(request: FastifyRequest): { codiceFiscale?: unknown; benefitCode?: unknown } {
  return request.body && typeof request.body === 'object' ? request.body : {}
}

export default fp<{ batch: Pick<AuditBatch, 'add'> }>(
  async (app, { batch }) => {
    app.decorate('auditRefusals', ({ action, channel }: { action: string; channel: string }) => {
      const hook = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        const { auth } = request
        // Without a valid token there is nobody to name: the request journal keeps those.
        if (!auth || reply.statusCode < 400 || reply.statusCode >= 500) return payload
        // The problem's code, as the client got it (sendProblem noted it).
        const code = request.problemCode
        if (!code) return payload
        const body = bodyOf(request)
        const codiceFiscale =
          auth.role === 'citizen'
            ? auth.subject
            : auditableCodiceFiscale(typeof body.codiceFiscale === 'string' ? body.codiceFiscale : undefined)
        const benefitCode =
          typeof body.benefitCode === 'string' && BENEFIT_CODE.test(body.benefitCode) ? body.benefitCode : undefined
        // The guards read the emulated time already; should it fail now, the refusal goes unrecorded, never the answer.
        const at = await request.now().catch(() => undefined)
        if (!at) return payload
        batch.add(
          at,
          { type: auth.role === 'citizen' ? 'citizen' : 'operator', id: auth.subject, channel, requestId: request.id },
          { action, outcome: 'failure', codiceFiscale, detail: { code, ...(benefitCode ? { benefitCode } : {}) } },
        )
        return payload
      }
      return hook as onSendHookHandler
    })
  },
  { name: 'refusal-audit', dependencies: ['services'] },
)
