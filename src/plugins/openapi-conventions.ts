import { STATUS_CODES } from 'node:http'
import fp from 'fastify-plugin'
import type { RouteOptions } from 'fastify'
import type { ErrorCode } from '../lib/error-codes.js'
import { problemResponse, schemaNames } from '../lib/schemas.js'

/**
 * What every route shares, said once: the headers of every response, and the errors any route can
 * answer (faults, overload, a malformed request, a missing token) as shared responses. The onRoute hook
 * adds them to each route's schema.response (so Fastify knows them too); `finishDocument` turns them
 * into references to components.responses and components.headers in the OpenAPI document.
 */

interface HeaderSpec {
  component: string
  schema: Record<string, unknown>
  description: string
}

export const RESPONSE_HEADERS = {
  'x-request-id': {
    component: 'XRequestId',
    schema: { type: 'string', examples: ['b3a1c6f0-1d2e-4f5a-9b8c-7d6e5f4a3b2c'] },
    description:
      'Identifies the request in the logs (also `requestId` in problems). A harmless X-Request-Id sent by the caller is kept in front: `<theirs>~<uuid>`',
  },
  'cache-control': {
    component: 'CacheControl',
    schema: { type: 'string', examples: ['no-store'] },
    description: '`no-store`, unless a public route says otherwise: personal data never sits in a shared cache',
  },
  vary: {
    component: 'Vary',
    schema: { type: 'string', examples: ['Authorization'] },
    description: 'Always `Authorization`',
  },
  'retry-after': {
    component: 'RetryAfter',
    schema: { type: 'integer', minimum: 0, examples: [10] },
    description: 'Seconds to wait before retrying',
  },
  'idempotent-replayed': {
    component: 'IdempotentReplayed',
    schema: { type: 'string', enum: ['true'] },
    description: 'Present when this answer replays the first one given for the same Idempotency-Key',
  },
  etag: {
    component: 'ETag',
    schema: { type: 'string', examples: ['"9f86d081884c7d65…"'] },
    description: 'The SHA-256 of the bytes, quoted',
  },
} as const satisfies Record<string, HeaderSpec>
type HeaderName = keyof typeof RESPONSE_HEADERS

interface SharedResponse {
  status: number
  codes: ErrorCode[]
}

export const SHARED_RESPONSES = {
  BadRequest: { status: 400, codes: ['VALIDATION_ERROR', 'INVALID_JSON', 'BAD_URL'] },
  Unauthorized: {
    status: 401,
    codes: ['UNAUTHORIZED', 'INVALID_TOKEN', 'TOKEN_EXPIRED', 'TOKEN_ISSUED_IN_FUTURE', 'SESSION_REVOKED'],
  },
  EmulatorUnauthorized: { status: 401, codes: ['EMULATOR_TOKEN_REQUIRED', 'EMULATOR_TOKEN_INVALID'] },
  PayloadTooLarge: { status: 413, codes: ['PAYLOAD_TOO_LARGE'] },
  UnsupportedMediaType: { status: 415, codes: ['UNSUPPORTED_MEDIA_TYPE'] },
  TooManyRequests: { status: 429, codes: ['RATE_LIMITED'] },
  InternalError: { status: 500, codes: ['INTERNAL_ERROR', 'INJECTED_FAULT'] },
  ServiceUnavailable: { status: 503, codes: ['OVERLOADED', 'DATABASE_UNAVAILABLE'] },
} as const satisfies Record<string, SharedResponse>
type SharedName = keyof typeof SHARED_RESPONSES

/** Route schema key naming the shared responses added to a route; finishDocument replaces it by references. */
const SHARED_KEY = 'x-shared-responses'

type ResponseEntry = Record<string, unknown> & {
  content?: Record<string, unknown>
  headers?: Record<string, unknown>
  description?: string
}
type RouteSchema = Record<string, unknown> & {
  response?: Record<string, ResponseEntry>
  security?: ReadonlyArray<Record<string, readonly string[]>>
  hide?: boolean
}

const JSON_MEDIA = /^application\/(.+\+)?json$/

function isRateLimited(route: RouteOptions): boolean {
  // rate-limit.plugin.ts marks its preHandlers with a private symbol; its own onRoute hook reads it too.
  return [route.preHandler]
    .flat()
    .some(
      (handler) => !!handler && Object.getOwnPropertySymbols(handler).some((s) => s.description === 'rateLimitScope'),
    )
}

function headersOf(status: string, route: RouteSchema, entry: ResponseEntry): HeaderName[] {
  const names: HeaderName[] = ['x-request-id', 'cache-control', 'vary']
  if (status === '429' || status === '503') names.push('retry-after')
  const success = status.startsWith('2')
  const headerSchema = route.headers as { properties?: Record<string, unknown> } | undefined
  if (success && headerSchema?.properties?.['idempotency-key']) names.push('idempotent-replayed')
  if (success && entry.content && !Object.keys(entry.content).some((media) => JSON_MEDIA.test(media)))
    names.push('etag')
  return names
}

function withHeaders(status: string, route: RouteSchema, entry: ResponseEntry): ResponseEntry {
  const headers = Object.fromEntries(
    headersOf(status, route, entry).map((name) => [
      name,
      { ...RESPONSE_HEADERS[name].schema, description: RESPONSE_HEADERS[name].description },
    ]),
  )
  if (entry.content) {
    return {
      ...entry,
      description: entry.description ?? STATUS_CODES[Number(status)] ?? status,
      headers: { ...headers, ...entry.headers },
    }
  }
  const description =
    typeof entry.description === 'string' ? entry.description : (STATUS_CODES[Number(status)] ?? status)
  // No body (a 204): @fastify/swagger documents a `type: 'null'` response without content.
  if (entry.type === 'null') return { type: 'null', description, headers }
  // A bare body schema: moved under content so that the headers and the description stay out of the
  // schema the serializer compiles.
  return { description, headers, content: { 'application/json': { schema: entry } } }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function sharedFor(route: RouteOptions, schema: RouteSchema): SharedName[] {
  // Any route: a malformed URL, a NUL or a non-finite number in the query string (error-handler.ts).
  const names: SharedName[] = ['BadRequest', 'InternalError', 'ServiceUnavailable']
  // Fastify reads the body of these methods whether or not the route expects one.
  if ([route.method].flat().some((method) => BODY_METHODS.has(method)))
    names.push('PayloadTooLarge', 'UnsupportedMediaType')
  if (isRateLimited(route)) names.push('TooManyRequests')
  const schemes = (schema.security ?? []).flatMap((requirement) => Object.keys(requirement))
  if (schemes.includes('emulatorToken')) names.push('EmulatorUnauthorized')
  else if (schemes.length > 0) names.push('Unauthorized')
  return names
}

/** Rewrites one route's schema: declared headers, shared error responses, `security: []` when public. */
export function applyConventions(route: RouteOptions): void {
  const schema = route.schema as RouteSchema | undefined
  if (!schema || schema.hide || schema[SHARED_KEY]) return
  const response: Record<string, ResponseEntry> = {}
  for (const [status, entry] of Object.entries(schema.response ?? {}))
    response[status] = withHeaders(status, schema, entry)
  const shared: Record<string, SharedName> = {}
  for (const name of sharedFor(route, schema)) {
    const { status, codes } = SHARED_RESPONSES[name]
    if (response[status]) continue
    response[status] = withHeaders(String(status), schema, problemResponse(status, [...codes]))
    shared[status] = name
  }
  const rewritten: RouteSchema = { ...schema, security: schema.security ?? [], response, [SHARED_KEY]: shared }
  route.schema = rewritten
}

// The generated document is walked as plain JSON, of any shape the plugins produce.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>

/**
 * A body schema's `examples` shown as the media type's example(s), as @fastify/swagger does for a bare
 * schema: the conventions moved every body under `content`, where it leaves them in the schema.
 */
function mediaExamples(content: Json): Json {
  return Object.fromEntries(
    Object.entries(content).map(([media, entry]) => {
      const { examples, ...schema } = entry.schema ?? {}
      if (!Array.isArray(examples) || entry.example !== undefined || entry.examples !== undefined) return [media, entry]
      const named =
        examples.length === 1
          ? { example: examples[0] }
          : { examples: Object.fromEntries(examples.map((value, i) => [`example${i + 1}`, { value }])) }
      return [media, { ...entry, schema, ...named }]
    }),
  )
}

/**
 * A schema as @fastify/swagger writes it into the document (its convertJsonSchemaToOpenapi3), so that a
 * named schema matches its inline copies: `const` becomes a one-value `enum`, `patternProperties` (a
 * TypeBox Record) becomes `additionalProperties`, each added after the keys already there.
 */
function asDocumented(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asDocumented)
  if (!node || typeof node !== 'object') return node
  const documented: Json = {}
  const added: Array<[string, unknown]> = []
  for (const [key, child] of Object.entries(node)) {
    if (key === 'const') added.push(['enum', [child]])
    else if (key === 'patternProperties') added.push(['additionalProperties', asDocumented(Object.values(child)[0])])
    else if (key === 'properties')
      documented[key] = Object.fromEntries(
        Object.entries(child as Json).map(([name, schema]) => [name, asDocumented(schema)]),
      )
    else documented[key] = asDocumented(child)
  }
  for (const [key, value] of added) documented[key] = value
  return documented
}

/** Every inline copy of a named schema (schemas.ts `named`) becomes a reference to components.schemas. */
function referenceNamedSchemas(document: Json): void {
  // Bottom-up: a node's children become references first, so a named schema that contains other named
  // schemas is recognised by its referenced form. Smaller schemas are learned first, since they nest.
  const nameOf = new Map<string, string>()
  const reference = (node: unknown, root: boolean): unknown => {
    if (Array.isArray(node)) return node.map((child) => reference(child, false))
    if (!node || typeof node !== 'object') return node
    // Example values are data, not schemas.
    // `$id` names a schema for the validator; the document drops it.
    const inner = Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => key !== '$id')
        .map(([key, child]) => [key, key === 'example' || key === 'examples' ? child : reference(child, false)]),
    )
    const name = root ? undefined : nameOf.get(JSON.stringify(inner))
    return name ? { $ref: `#/components/schemas/${name}` } : inner
  }
  const canonical = new Map<string, Json>()
  const bySize = [...schemaNames()].sort(([, a], [, b]) => JSON.stringify(a).length - JSON.stringify(b).length)
  for (const [name, schema] of bySize) {
    const form = reference(asDocumented(JSON.parse(JSON.stringify(schema))), true) as Json
    canonical.set(name, form)
    // A body's examples move to its media type, and a response body's description becomes the
    // response's own (@fastify/swagger): match without them too.
    const { examples: _examples, ...withoutExamples } = form
    const { description: _description, ...withoutBoth } = withoutExamples
    const { description: _alone, ...withoutDescription } = form
    for (const variant of [withoutBoth, withoutDescription, withoutExamples, form]) {
      if (!nameOf.has(JSON.stringify(variant))) nameOf.set(JSON.stringify(variant), name)
    }
  }
  const used = new Set<string>()
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect)
    if (!node || typeof node !== 'object') return
    const ref = (node as Json).$ref
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = ref.slice('#/components/schemas/'.length)
      if (!used.has(name) && canonical.has(name)) {
        used.add(name)
        collect(canonical.get(name))
      }
    }
    Object.values(node).forEach(collect)
  }
  document.paths = reference(document.paths, false)
  const schemas = Object.fromEntries(
    Object.entries<unknown>(document.components?.schemas ?? {}).map(([name, schema]) => [
      name,
      reference(schema, true),
    ]),
  )
  collect(document.paths)
  collect(schemas)
  for (const name of [...used].sort()) schemas[name] = canonical.get(name)
  document.components = { ...document.components, schemas }
}

/** @fastify/swagger's transformObject: shared responses and headers become references to components. */
export function finishDocument<D extends object>(input: D): D {
  const document = input as Json
  const headerRef = (name: HeaderName) => ({ $ref: `#/components/headers/${RESPONSE_HEADERS[name].component}` })
  const refHeaders = (headers: Json | undefined) =>
    headers &&
    Object.fromEntries(
      Object.entries(headers).map(([name, header]) => [
        name,
        name in RESPONSE_HEADERS ? headerRef(name as HeaderName) : header,
      ]),
    )

  const used = new Set<SharedName>()
  for (const item of Object.values<Json>(document.paths ?? {})) {
    for (const operation of Object.values<Json>(item)) {
      const shared: Record<string, SharedName> = operation[SHARED_KEY] ?? {}
      delete operation[SHARED_KEY]
      for (const name of Object.values(shared)) used.add(name)
      const responses: Json = {}
      for (const status of Object.keys(operation.responses ?? {}).sort()) {
        const response = operation.responses[status]
        responses[status] = shared[status]
          ? { $ref: `#/components/responses/${shared[status]}` }
          : {
              ...response,
              headers: refHeaders(response.headers),
              ...(response.content ? { content: mediaExamples(response.content) } : {}),
            }
      }
      operation.responses = responses
    }
  }

  referenceNamedSchemas(document)
  const problemContent = (status: number, codes: ErrorCode[]) => {
    const { description, content } = problemResponse(status, codes)
    const media = content['application/problem+json']
    return {
      description,
      content: { 'application/problem+json': { ...media, schema: { $ref: '#/components/schemas/Problem' } } },
    }
  }
  document.components = {
    ...document.components,
    responses: Object.fromEntries(
      Object.entries(SHARED_RESPONSES)
        .filter(([name]) => used.has(name as SharedName))
        .map(([name, { status, codes }]) => {
          const headers: HeaderName[] = [
            'x-request-id',
            'cache-control',
            'vary',
            ...(status === 429 || status === 503 ? (['retry-after'] as const) : []),
          ]
          return [
            name,
            {
              ...problemContent(status, [...codes]),
              headers: Object.fromEntries(headers.map((h) => [h, headerRef(h)])),
            },
          ]
        }),
    ),
    headers: Object.fromEntries(
      Object.values<HeaderSpec>(RESPONSE_HEADERS).map(({ component, schema, description }) => [
        component,
        { description, schema },
      ]),
    ),
  }
  return input
}

/** Registered before any route: every route added afterwards, in any context, follows the conventions. */
export default fp(
  async (app) => {
    app.addHook('onRoute', applyConventions)
  },
  { name: 'openapi-conventions' },
)
