import t from 'tap'
import { sql } from 'kysely'
import { setupTestApp } from '../helper.js'

// submit_applications keeps one plan per connection (PL/pgSQL): without sequential scans, a plan made on
// a small idempotency_keys still looks keys up by primary key once it holds millions (migration 0023).
// A migration that replaces the function must say SET enable_seqscan = off again, or this fails.
const ctx = await setupTestApp(t)

t.test('submit_applications runs without sequential scans', async (t) => {
  const { rows } = await sql<{ config: string[] | null }>`
    SELECT proconfig AS config FROM pg_proc WHERE proname = 'submit_applications'`.execute(ctx.app.db)
  t.equal(rows.length, 1, 'one submit_applications')
  t.same(rows[0].config, ['enable_seqscan=off'])
})

t.test('its keyed lookup takes the primary key even in a plan made for an empty table', async (t) => {
  await ctx.app.db.connection().execute(async (conn) => {
    await sql`SET plan_cache_mode = force_generic_plan`.execute(conn)
    await sql`SET enable_seqscan = off`.execute(conn)
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT k.application_id FROM jsonb_to_recordset(${JSON.stringify([{ caller: 'a', key: 'b' }])}::jsonb)
        AS i(caller text, key text) JOIN idempotency_keys k ON k.caller = i.caller AND k.key = i.key`.execute(conn)
    await sql`RESET ALL`.execute(conn)
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n')
    t.match(plan, /Index (Only )?Scan using idempotency_keys_pkey/)
    t.notMatch(plan, /Seq Scan on idempotency_keys/)
  })
})
