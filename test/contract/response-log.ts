import { appendFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { ERROR_CODES, isErrorCode } from '../../src/lib/error-codes.js'

type Json = Record<string, any>

/**
 * Every (method, route, status, content type, problem code, body or none) the test apps answered, for the check that
 * the OpenAPI document declares them all (responses-check.ts, tap's `after`). One directory per tap
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
  /** Whether the answer carried a body (a 204, a 304 and an answer to HEAD never do). */
  body: boolean
}

export const responseLogDir = (runId = process.ppid) => join(tmpdir(), 'inps-responses', String(runId))

/** Records this app's answers while running under tap; written when the app closes. */
export function recordResponses(app: FastifyInstance): void {
  if (process.env.TAP !== '1') return
  const seen = new Set<string>()
  const codes = new WeakMap<object, string>()
  const bodies = new WeakSet<object>()
  app.addHook('onSend', async (request, reply, payload) => {
    if (hasBody(request.method, reply.statusCode, payload)) bodies.add(request)
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
      contentType:
        String(reply.getHeader('content-type') ?? '')
          .split(';')[0]
          .trim() || undefined,
      code: codes.get(request),
      body: bodies.has(request),
    }
    seen.add(JSON.stringify(record))
  })
  app.addHook('onClose', async () => {
    if (seen.size === 0) return
    mkdirSync(responseLogDir(), { recursive: true })
    appendFileSync(join(responseLogDir(), `${process.pid}.jsonl`), [...seen].join('\n') + '\n')
  })
}

/** What the client receives: Node sends no body for 204 and 304, nor in answer to HEAD, whatever the payload. */
function hasBody(method: string, status: number, payload: unknown): boolean {
  if (method === 'HEAD' || status === 204 || status === 304 || payload === null || payload === undefined) return false
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) return payload.length > 0
  return true // a stream
}

/** The recorded answers the document does not declare, and problem codes the catalogue does not know. */
export function undocumented(document: Json, records: ResponseRecord[]): string[] {
  const gaps = new Set<string>()
  for (const record of records) {
    const where = `${record.method} ${record.route ?? '(no route)'} ${record.status}`
    if (record.code !== undefined) {
      if (!isErrorCode(record.code)) gaps.add(`${where}: code ${record.code} is not in src/lib/error-codes.ts`)
      else if (ERROR_CODES[record.code].status !== record.status)
        gaps.add(`${where}: code ${record.code} is catalogued with ${ERROR_CODES[record.code].status}`)
    }
    // Unmatched URLs (the not-found handler) and hidden routes (/docs, /openapi.json) are not operations.
    if (record.route === undefined || record.hidden) continue
    const path = record.route.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    const operation = document.paths?.[path]?.[record.method.toLowerCase()]
    if (!operation) {
      gaps.add(`${where}: the operation is not documented`)
      continue
    }
    let response =
      operation.responses?.[String(record.status)] ??
      operation.responses?.[`${String(record.status)[0]}XX`] ??
      operation.responses?.default
    if (response?.$ref) response = document.components?.responses?.[response.$ref.split('/').pop()]
    if (!response) {
      gaps.add(`${where}: status not documented`)
      continue
    }
    const documented = Object.keys(response.content ?? {})
    if (record.body && documented.length === 0) gaps.add(`${where}: answered with a body, documented without content`)
    else if (!record.body && documented.length > 0)
      gaps.add(`${where}: answered without a body, documented with content (${documented.join(', ')})`)
    else if (record.contentType && record.body && !documented.includes(record.contentType)) {
      gaps.add(`${where}: content type ${record.contentType} not documented (${documented.join(', ') || 'none'})`)
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
  return files.flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ResponseRecord),
  )
}
