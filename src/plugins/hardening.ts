import fp from 'fastify-plugin'
import helmet from 'helmet'
import { AppError } from '../lib/errors.js'
import { isContainer, pathOf, type Walked } from '../lib/json-walk.js'

/** No request body of this API comes near these; a bigger one is an attack on the validator, refused before it runs. */
export const MAX_BODY_PROPERTIES = 100
export const MAX_BODY_VALUES = 1000

/**
 * Body limits by route, in bytes. The largest JSON body a schema allows (a person of the archive with
 * every field) is under 5 KB, so a route with a body schema takes 16 KiB and one without takes 1 KiB
 * (an empty `{}`). Fastify compares the limit with Content-Length before reading a byte, and stops a
 * chunked body as it crosses it: an 850 KB body costs a 413 and no JSON parsing. Multipart uploads are
 * not read by this limit (their parser streams them under its own per-file limits, uploads.plugin.ts);
 * a route that needs more declares its own `bodyLimit`.
 */
export const JSON_BODY_LIMIT = 16 * 1024
export const NO_BODY_LIMIT = 1024

/**
 * The first reason `body` is too big a shape to validate: an object with more than MAX_BODY_PROPERTIES
 * keys, or more than MAX_BODY_VALUES keys and array items in all. Iterative, and it stops early.
 */
export function oversizedShape(body: unknown): { field: string; message: string } | undefined {
  const stack: Walked[] = [{ value: body }]
  let values = 0
  while (stack.length > 0) {
    const node = stack.pop()!
    const { value } = node
    if (!isContainer(value)) continue
    const keys = Object.keys(value)
    if (!Array.isArray(value) && keys.length > MAX_BODY_PROPERTIES) {
      return { field: pathOf(node) || '/', message: `must NOT have more than ${MAX_BODY_PROPERTIES} properties` }
    }
    values += keys.length
    if (values > MAX_BODY_VALUES)
      return { field: '/', message: `must NOT have more than ${MAX_BODY_VALUES} values in all` }
    for (const key of keys) stack.push({ value: value[key], key, parent: node })
  }
  return undefined
}

/**
 * Edge protections every route shares: security headers, a body limit that fits each route, and a cap on
 * the shape of request bodies (an 80,000-key body once cost seconds of CPU in the validator and an 8 MB
 * list of errors; a flood of them, parsed before any check, starved the other routes).
 */
export default fp(
  async (app) => {
    // Only the headers that matter for this API: no sniffing (downloads included), no framing. The CSP
    // is Swagger UI's own (see swagger.ts); JSON answers need none. HSTS is the TLS proxy's business.
    // helmet's middleware is built once; @fastify/helmet built it again on every request (issue 22).
    const securityHeaders = helmet({
      contentSecurityPolicy: false,
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: false,
      originAgentCluster: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
    })
    // helmet hands `next` an Error or nothing, which is what Fastify's `done` takes: no wrapper per request.
    app.addHook('onRequest', (request, reply, done) =>
      securityHeaders(request.raw, reply.raw, done as (err?: unknown) => void),
    )

    app.addHook('onRoute', (route) => {
      route.bodyLimit ??= route.schema?.body ? JSON_BODY_LIMIT : NO_BODY_LIMIT
    })

    app.addHook('preValidation', async (request) => {
      const oversized = oversizedShape(request.body)
      if (oversized) {
        throw new AppError(
          400,
          'VALIDATION_ERROR',
          'Bad Request',
          `Invalid body: ${oversized.field} ${oversized.message}`,
          { errors: [oversized] },
        )
      }
    })
  },
  { name: 'hardening', dependencies: ['error-handler'] },
)
