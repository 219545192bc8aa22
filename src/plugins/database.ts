import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { DatabaseHandle } from '../db/create-db.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
    backend: DatabaseHandle['backend']
  }
}

/** Exposes the database; the handle is closed with the app unless the caller owns it. */
export default fp<{ handle: DatabaseHandle; closeWithApp: boolean }>(
  async (app, { handle, closeWithApp }) => {
    app.decorate('db', handle.db)
    app.decorate('backend', handle.backend)
    if (closeWithApp) app.addHook('onClose', async () => handle.close())
  },
  { name: 'database' },
)
