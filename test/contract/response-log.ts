import { appendFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'

/**
 * Every (method, route, status, content type, problem code) the test apps answered, for the check that
 * the OpenAPI document declares them all (contract-check.ts, tap's `after`). One directory per tap
 * run: test files and the before/after scripts are all children of the same tap process.
 */
export interface ResponseRecord {
  method: string
  /** Fastify's route pattern (`/api/v1/applications/:id`); absent when no route matched. */
  route?: string
  hidden?: boolean
  status: number
  contentType?: string
  code?: string
}

export const responseLogDir = (runId = process.ppid) => join(tmpdir(), 'inps-responses', String(runId))

/** Records this app's answers while running under tap; written when the app closes. */
export function recordResponses(app: FastifyInstance): void {
  if (process.env.TAP !== '1') return
  const seen = new Set<string>()
  const codes = new WeakMap<object, string>()
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload === 'string' && /problem\+json/.test(String(reply.getHeader('content-type')))) {
      try {
        const code = (JSON.parse(payload) as { code?: unknown }).code
        if (typeof code === 'string') codes.set(request, code)
      } catch {
        codes.set(request, '(unparsable problem body)')
      }
    }
    return payload
  })
  app.addHook('onResponse', async (request, reply) => {
    const record: ResponseRecord = {
      method: request.method,
      route: request.routeOptions.url,
      hidden: (request.routeOptions.schema as { hide?: boolean } | undefined)?.hide,
      status: reply.statusCode,
      contentType: String(reply.getHeader('content-type') ?? '').split(';')[0].trim() || undefined,
      code: codes.get(request),
    }
    seen.add(JSON.stringify(record))
  })
  app.addHook('onClose', async () => {
    if (seen.size === 0) return
    mkdirSync(responseLogDir(), { recursive: true })
    appendFileSync(join(responseLogDir(), `${process.pid}.jsonl`), [...seen].join('\n') + '\n')
  })
}
