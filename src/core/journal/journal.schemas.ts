import { Type, type Static } from 'typebox'
import { CodiceFiscale, Page, PageQuery, named } from '../../lib/schemas.js'

export const JournalQuery = named(
  'JournalQuery',
  Type.Object({
    ...PageQuery.properties,
    method: Type.Optional(Type.Enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])),
    path: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 512,
        pattern: '^/',
        description: 'Requests whose path starts with this',
        examples: ['/api/v1/pin-requests'],
      }),
    ),
    status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
    code: Type.Optional(
      Type.String({
        pattern: '^[A-Z][A-Z0-9_]{0,63}$',
        description: 'The problem code of refused requests',
        examples: ['VALIDATION_ERROR'],
      }),
    ),
    codiceFiscale: Type.Optional(CodiceFiscale),
  }),
)
export type JournalQuery = Static<typeof JournalQuery>

export const JournalEntry = named(
  'JournalEntry',
  Type.Object(
    {
      requestId: Type.String({
        description: 'The X-Request-Id the answer carried',
        examples: ['c0a8012e-5b1f-4c36-9d1c-2f1f3f3e9a10'],
      }),
      receivedAt: Type.String({ format: 'date-time', description: 'Real time the request arrived' }),
      emulatedAt: Type.Optional(Type.String({ format: 'date-time', description: 'The emulated now of the request' })),
      method: Type.String({ examples: ['POST'] }),
      route: Type.Optional(
        Type.String({ description: 'The route pattern that answered', examples: ['/api/v1/pin-requests'] }),
      ),
      path: Type.String({ description: 'The path, without query string', examples: ['/api/v1/pin-requests'] }),
      status: Type.Integer({ examples: [422] }),
      code: Type.Optional(
        Type.String({ description: 'The problem code, for a refused request', examples: ['ADDRESS_MISMATCH'] }),
      ),
      durationMs: Type.Number({ examples: [12.5] }),
      actor: Type.Object({
        type: Type.String({
          description: '`anonymous`, `emulator` (the admin token) or the role of the bearer token',
          examples: ['citizen'],
        }),
        id: Type.Optional(Type.String({ description: 'Codice fiscale or operator id of the bearer token' })),
      }),
      codiceFiscale: Type.Optional(Type.String({ description: 'The person the request was about, when known' })),
    },
    {
      examples: [
        {
          requestId: 'c0a8012e-5b1f-4c36-9d1c-2f1f3f3e9a10',
          receivedAt: '2026-11-29T15:00:00.000+01:00',
          emulatedAt: '2020-04-01T10:00:00.000+02:00',
          method: 'POST',
          route: '/api/v1/pin-requests',
          path: '/api/v1/pin-requests',
          status: 422,
          code: 'ADDRESS_MISMATCH',
          durationMs: 12.5,
          actor: { type: 'anonymous' },
          codiceFiscale: 'CLMGPP71P08A944C',
        },
      ],
    },
  ),
)

export const JournalPage = named('JournalPage', Page(JournalEntry, 'Recorded requests, newest first'))
