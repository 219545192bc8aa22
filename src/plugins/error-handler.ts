import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, ERROR_CODES, problemType, type ErrorCode } from '../lib/errors.js'
import type { Problem } from '../lib/schemas.js'
import { isContainer, pathOf, type Walked } from '../lib/json-walk.js'

const PROBLEM_JSON = 'application/problem+json; charset=utf-8'

/** At most this many entries in a VALIDATION_ERROR's `errors` list. */
export const MAX_REPORTED_ERRORS = 10

/** Fastify's own errors that are the caller's fault, mapped to stable codes (status and title: the catalogue's). */
const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_CTP_INVALID_TYPE: 'INVALID_CONTENT_TYPE',
  FST_ERR_BAD_URL: 'BAD_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_ASYNC_CONSTRAINT: 'BAD_REQUEST',
}

/** The status, code and title of a catalogued code. */
function catalogued(code: ErrorCode): { status: number; code: ErrorCode; title: string } {
  const { status, title } = ERROR_CODES[code]
  return { status, code, title }
}

function fieldOf(error: { instancePath?: string; params?: Record<string, unknown> }, context?: string): string {
  const missing = error.params?.missingProperty
  const extra = error.params?.additionalProperty
  const base = error.instancePath ?? ''
  const path = missing ? `${base}/${String(missing)}` : extra ? `${base}/${String(extra)}` : base
  return context && context !== 'body' ? `${context}:${path || '/'}` : path || '/'
}

/** Lost or refused database connections (a restart, a failover): temporary, so 503 with Retry-After, not 500. */
function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (
    typeof code === 'string' &&
    (['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03'].includes(code) || /^08/.test(code))
  )
    return true
  return (
    typeof message === 'string' &&
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message)
  )
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The problem's code when the answer is a problem: the hooks after it (journal, audit) read it here. */
    problemCode: string | null
  }
}

/**
 * Answers with a problem. It gives nothing back: a handler that returned the reply itself would make
 * Fastify wait for the response to end with a listener of its own, on every refusal.
 */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: Omit<Problem, 'type' | 'instance' | 'requestId'>,
  headers: Record<string, string> = {},
): void {
  const body: Problem = {
    type: problemType(problem.code),
    ...problem,
    instance: request.url.split('?')[0],
    requestId: request.id,
  }
  request.problemCode = problem.code
  reply.code(problem.status).headers(headers).type(PROBLEM_JSON).send(body)
}

/** The first string with U+0000 or non-finite number in the parsed input (iteratively: bodies may nest deeply). */
function unusableInput(
  parts: Record<string, unknown>,
): { context: string; field: string; message: string } | undefined {
  // params, then querystring, then body: when several parts are unusable, the one named stays the same.
  for (const [context, part] of Object.entries(parts).reverse()) {
    const stack: Walked[] = [{ value: part }]
    while (stack.length > 0) {
      const node = stack.pop()!
      const { value } = node
      const problem =
        typeof value === 'string' && value.includes('\u0000')
          ? 'must not contain the NUL character'
          : typeof value === 'number' && !Number.isFinite(value)
            ? 'must be a finite number'
            : undefined
      if (problem) {
        const path = pathOf(node) || '/'
        return { context, field: context === 'body' ? path : `${context}:${path}`, message: problem }
      }
      if (isContainer(value)) for (const key of Object.keys(value)) stack.push({ value: value[key], key, parent: node })
    }
  }
  return undefined
}

/**
 * Fastify's `frameworkErrors` option: errors raised while routing (a malformed URL, a path parameter
 * over maxParamLength) never reach the error handler, and would otherwise leave as plain JSON.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(request, reply, {
    ...catalogued(FRAMEWORK_CODES[error.code] ?? 'BAD_REQUEST'),
    detail: error.message,
  })
}

/** One error handler: every error becomes problem+json; 5xx never show what went wrong inside. */
export default fp(
  async (app) => {
    app.decorateRequest('problemCode', null)
    app.setErrorHandler((thrown: FastifyError | AppError | null | undefined, request, reply) => {
      // `throw null` (or any non-object) must still end as a masked 500, not crash this handler.
      const error = (typeof thrown === 'object' && thrown !== null ? thrown : { message: String(thrown) }) as
        FastifyError | AppError
      if (error instanceof AppError) {
        return sendProblem(
          request,
          reply,
          { status: error.status, code: error.code, title: error.title, detail: error.detail, ...error.extensions },
          error.headers,
        )
      }
      if (error.validation) {
        // A few errors are enough to fix a request; thousands are an amplifier (one per unknown key once).
        const errors = error.validation
          .slice(0, MAX_REPORTED_ERRORS)
          .map((v) => ({ field: fieldOf(v, error.validationContext), message: v.message ?? 'is invalid' }))
        const more = error.validation.length - errors.length
        return sendProblem(request, reply, {
          status: 400,
          code: 'VALIDATION_ERROR',
          title: 'Bad Request',
          detail: `Invalid ${error.validationContext ?? 'request'}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
          errors,
        })
      }
      const known = error.code ? FRAMEWORK_CODES[error.code] : undefined
      if (known) return sendProblem(request, reply, { ...catalogued(known), detail: error.message })
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        return sendProblem(request, reply, {
          status: error.statusCode,
          code: 'BAD_REQUEST',
          title: 'Bad Request',
          detail: error.message,
        })
      }
      if (isDatabaseUnavailable(thrown)) {
        request.log.warn({ err: thrown }, 'database unavailable')
        return sendProblem(
          request,
          reply,
          {
            status: 503,
            code: 'DATABASE_UNAVAILABLE',
            title: 'Service Unavailable',
            detail: 'The database does not answer; retry shortly',
          },
          { 'retry-after': '5' },
        )
      }
      request.log.error({ err: thrown }, 'unhandled error')
      return sendProblem(request, reply, {
        status: 500,
        code: 'INTERNAL_ERROR',
        title: 'Internal Server Error',
        detail: 'Something went wrong on our side; quote the requestId if you report it',
      })
    })

    // Valid by the schema but unusable downstream, found by the fuzz tests: Ajv coerces "1e309" in a query to
    // Infinity and then skips minimum/maximum; Postgres text and jsonb cannot hold U+0000. After validation,
    // before any handler passes them to SQL.
    app.addHook('preHandler', async (request) => {
      const unusable = unusableInput({ body: request.body, querystring: request.query, params: request.params })
      if (unusable) {
        throw new AppError(
          400,
          'VALIDATION_ERROR',
          'Bad Request',
          `Invalid ${unusable.context}: ${unusable.field} ${unusable.message}`,
          {
            errors: [{ field: unusable.field, message: unusable.message }],
          },
        )
      }
    })

    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, {
        status: 404,
        code: 'ROUTE_NOT_FOUND',
        title: 'Not Found',
        detail: `No route ${request.method} ${request.url.split('?')[0]}`,
      }),
    )
  },
  { name: 'error-handler' },
)
