import type { FastifyPluginAsync } from 'fastify'

/** Every /api/v1 route plugin, registered under that prefix by app.ts. */
const apiPlugin: FastifyPluginAsync = async (app) => {
  for (const routes of [] as FastifyPluginAsync[]) await app.register(routes)
}

export default apiPlugin
