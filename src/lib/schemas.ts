import { Type, type Static, type TSchema } from 'typebox'
import { ERROR_CODES, type ErrorCode } from './error-codes.js'
import { problemType } from './errors.js'

/** RFC 9457 problem details, the body of every error response. Examples per code are on each response. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI naming the kind of problem, derived from the code' }),
    title: Type.String({ description: 'The HTTP status, in words' }),
    status: Type.Integer({ description: 'The HTTP status' }),
    detail: Type.Optional(Type.String({ description: 'For humans; may change' })),
    code: Type.String({ description: 'Stable machine-readable code (see the examples of each response)' }),
    instance: Type.Optional(Type.String({ description: 'The path of the request' })),
    requestId: Type.Optional(
      Type.String({ description: 'Quote it when reporting a problem; also in the x-request-id header' }),
    ),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ examples: ['/codiceFiscale'] }),
          message: Type.String({ examples: ['must match pattern "^[A-Z0-9]{16}$"'] }),
        }),
      ),
    ),
  },
  { $id: 'Problem', additionalProperties: true, description: 'application/problem+json (RFC 9457) with a stable code' },
)
export type Problem = Static<typeof Problem>

/**
 * The `uuid` format of every schema: the plain form, any case. ajv-formats' own also takes the URN form
 * ("urn:uuid:…"), which Postgres refuses: such an id passed validation and failed its query (a 500).
 */
export const PLAIN_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request: the body, query or a header is malformed (code VALIDATION_ERROR names the fields)',
  401: 'Missing or invalid credentials',
  403: 'Authenticated, but not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Well formed but refused by a rule',
  423: 'Locked',
  429: 'Too many requests',
  500: 'Internal error: the service failed (never more than INTERNAL_ERROR and the requestId)',
  503: 'Service unavailable: overloaded or the database does not answer; retry after Retry-After seconds',
}

/** The example of a status given without codes. */
const GENERIC_CODE: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  503: 'OVERLOADED',
}

function genericCodeOf(status: number): ErrorCode {
  const code =
    GENERIC_CODE[status] ?? (Object.keys(ERROR_CODES) as ErrorCode[]).find((c) => ERROR_CODES[c].status === status)
  if (!code) throw new Error(`No error code has status ${status}: add one to src/lib/error-codes.ts`)
  return code
}

/** A problem+json example of `code`, named by the code. */
export function problemExample(code: ErrorCode): { summary: string; value: Record<string, unknown> } {
  const { status, title, description } = ERROR_CODES[code]
  return {
    summary: code,
    value: {
      type: problemType(code),
      title,
      status,
      code,
      detail: description,
      requestId: 'b3a1c6f0-1d2e-4f5a-9b8c-7d6e5f4a3b2c',
      ...(code === 'VALIDATION_ERROR'
        ? { errors: [{ field: '/codiceFiscale', message: 'must match pattern "^[A-Za-z0-9]{16}$"' }] }
        : {}),
    },
  }
}

/** One documented error status: its description and an example per code. */
export function problemResponse(status: number, codes: ErrorCode[]) {
  const examples = (codes.length > 0 ? codes : [genericCodeOf(status)]).map((code) => [code, problemExample(code)])
  return {
    description:
      codes.length > 0 ? `${STATUS_TEXT[status] ?? 'Error'}: ${codes.join(', ')}` : (STATUS_TEXT[status] ?? 'Error'),
    content: { 'application/problem+json': { schema: { $ref: 'Problem#' }, examples: Object.fromEntries(examples) } },
  }
}

/**
 * The error responses of a route, each as application/problem+json. Give codes (grouped under their
 * catalogue status, an example each) or bare statuses (a generic example):
 * `problemResponses('PIN_LOCKED', 'INVALID_CREDENTIALS', 400)`.
 */
export function problemResponses(
  ...items: Array<ErrorCode | number>
): Record<number, ReturnType<typeof problemResponse>> {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const item of items) {
    const status = typeof item === 'number' ? item : ERROR_CODES[item].status
    const codes = byStatus.get(status) ?? []
    if (typeof item === 'string' && !codes.includes(item)) codes.push(item)
    byStatus.set(status, codes)
  }
  return Object.fromEntries([...byStatus].map(([status, codes]) => [status, problemResponse(status, codes)]))
}

const namedSchemas = new Map<string, TSchema>()

/**
 * Gives a schema its name in the OpenAPI document (components.schemas), where every identical inline
 * copy becomes a reference to it. Not a `$id`: a schema used twice in one route schema (two dates) would
 * then be two schemas with one id, which Ajv refuses ("resolves to more than one schema").
 */
export function named<T extends TSchema>(name: string, schema: T): T {
  const known = namedSchemas.get(name)
  if (known && known !== schema) throw new Error(`Two schemas are named ${name}`)
  namedSchemas.set(name, schema)
  return schema
}

/** The schemas named so far, by name. */
export const schemaNames = (): ReadonlyMap<string, TSchema> => namedSchemas

export const IsoDateTime = named(
  'IsoDateTime',
  Type.String({ format: 'date-time', examples: ['2020-04-01T08:30:00.000+02:00'] }),
)
export const IsoDate = named(
  'IsoDate',
  Type.String({ format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', examples: ['1985-12-10'] }),
)
export const CodiceFiscale = named(
  'CodiceFiscale',
  Type.String({
    minLength: 16,
    maxLength: 16,
    pattern: '^[A-Za-z0-9]{16}$',
    description: 'Codice fiscale (16 characters, check character verified, omocodia accepted)',
    examples: ['RSSMRA85T10A562S'],
  }),
)

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page' })),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'nextCursor of the previous page' })),
})
export type PageQuery = Static<typeof PageQuery>

export function Page<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Type.Optional(
        Type.String({ description: 'Pass as cursor to get the next page; absent on the last page' }),
      ),
    },
    { description },
  )
}

export const Empty = named('Empty', Type.Object({}, { description: 'No content' }))
