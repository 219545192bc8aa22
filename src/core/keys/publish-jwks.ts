import type { FastifyInstance } from 'fastify'
import type { TSchema } from 'typebox'

/** A public key set on a well-known address: no token, cacheable for 5 minutes (keys rotate rarely). */
export function publishJwks(
  app: FastifyInstance,
  route: {
    url: string
    operationId: string
    tags: string[]
    summary: string
    description: string
    schema: TSchema
    keys: () => Promise<unknown>
  },
): void {
  const { url, keys, schema, ...documented } = route
  app.get(url, { schema: { ...documented, response: { 200: schema } } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300')
    return keys()
  })
}
