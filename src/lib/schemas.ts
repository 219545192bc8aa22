import { Type, type Static, type TSchema } from 'typebox'

/** RFC 9457 problem details, the body of every error response. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI naming the kind of problem', examples: ['urn:inps-emulator:problem:pin-locked'] }),
    title: Type.String({ examples: ['Locked'] }),
    status: Type.Integer({ examples: [423] }),
    detail: Type.Optional(Type.String({ examples: ['Too many wrong PINs: try again after the lock expires or recover the PIN'] })),
    code: Type.String({ description: 'Stable machine-readable code', examples: ['PIN_LOCKED'] }),
    instance: Type.Optional(Type.String({ examples: ['/api/v1/auth/pin'] })),
    requestId: Type.Optional(Type.String({ description: 'Quote it when reporting a problem', examples: ['req-1a2b3c'] })),
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

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request: the body, query or a header is malformed (code VALIDATION_ERROR names the fields)',
  401: 'Missing or invalid credentials',
  403: 'Authenticated, but not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Well formed but refused by a rule',
  423: 'Locked',
  429: 'Too many requests',
  503: 'Service unavailable',
}

/** The error responses of a route, each as application/problem+json. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: STATUS_TEXT[status] ?? 'Error', content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } },
    ]),
  )
}

export const IsoDateTime = Type.String({ format: 'date-time', examples: ['2020-04-01T08:30:00.000+02:00'] })
export const IsoDate = Type.String({ format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', examples: ['1985-12-10'] })
export const CodiceFiscale = Type.String({
  minLength: 16,
  maxLength: 16,
  pattern: '^[A-Za-z0-9]{16}$',
  description: 'Codice fiscale (16 characters, check character verified, omocodia accepted)',
  examples: ['RSSMRA85T10A562S'],
})

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page' })),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'nextCursor of the previous page' })),
})
export type PageQuery = Static<typeof PageQuery>

export function Page<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Type.Optional(Type.String({ description: 'Pass as cursor to get the next page; absent on the last page' })),
    },
    { description },
  )
}

export const Empty = Type.Object({}, { description: 'No content' })
