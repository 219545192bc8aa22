import { named } from '../../lib/schemas.js'
import { Type } from 'typebox'

const RoutePattern = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^/[A-Za-z0-9/_*{}.-]*$',
  description:
    'Path to affect; * matches any characters (e.g. /api/v1/applications*). /emulator routes are never affected.',
  examples: ['/api/v1/applications*'],
})

export const FaultBody = named(
  'FaultBody',
  Type.Object(
    {
      routePattern: RoutePattern,
      method: Type.Optional(Type.Enum(['*', 'GET', 'POST', 'PUT', 'DELETE'], { default: '*' })),
      latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60000, default: 0, description: 'Added delay' })),
      errorRate: Type.Optional(
        Type.Number({
          minimum: 0,
          maximum: 1,
          default: 0,
          description: 'Share of requests answered 500 INJECTED_FAULT',
        }),
      ),
      overload: Type.Optional(
        Type.Boolean({
          default: false,
          description: 'Answer every request 503 OVERLOADED with Retry-After, as on 1 April 2020',
        }),
      ),
    },
    {
      additionalProperties: false,
      examples: [{ routePattern: '/api/v1/applications*', method: 'POST', latencyMs: 2000, errorRate: 0.1 }],
    },
  ),
)

export const Fault = named(
  'Fault',
  Type.Object({
    routePattern: Type.String(),
    method: Type.String(),
    latencyMs: Type.Integer(),
    errorRate: Type.Number(),
    overload: Type.Boolean(),
  }),
)
export const FaultList = named('FaultList', Type.Object({ items: Type.Array(Fault) }))
export const FaultDeleteQuery = named('FaultDeleteQuery', Type.Object({ routePattern: Type.Optional(RoutePattern) }))
export const FaultDeleted = named('FaultDeleted', Type.Object({ deleted: Type.Integer() }))
