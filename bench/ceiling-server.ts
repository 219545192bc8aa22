import Fastify from 'fastify'
import pg from 'pg'

/**
 * The ceiling: the same framework and driver doing one INSERT per request, nothing else.
 * Submissions are compared with it (npm run bench, figure b/a).
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) })
await pool.query(
  'CREATE TABLE IF NOT EXISTS bench_ceiling (id bigserial PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
)
const app = Fastify({ logger: false })
app.post('/insert', async (request, reply) => {
  const { rows } = await pool.query('INSERT INTO bench_ceiling (payload) VALUES ($1) RETURNING id', [
    JSON.stringify(request.body ?? {}),
  ])
  return reply.code(201).send({ id: rows[0].id })
})
app.addHook('onClose', () => pool.end())
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
