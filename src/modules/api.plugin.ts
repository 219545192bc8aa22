import type { FastifyPluginAsync } from 'fastify'
import authRoutes from './pin/auth.routes.js'

/** Every /api/v1 route plugin, registered under that prefix by app.ts. */
const apiPlugin: FastifyPluginAsync = async (app) => {
  for (const routes of [authRoutes] as FastifyPluginAsync[]) await app.register(routes)
}

export default apiPlugin
