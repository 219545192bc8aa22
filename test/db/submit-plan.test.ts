import t from 'tap'
import { sql } from 'kysely'
import { setupTestApp } from '../helper.js'

// submit_applications keeps one plan per connection (PL/pgSQL). A plan made on a small idempotency_keys
// must still look each key up by primary key once the table holds millions: without sequential scans
// (migration 0023), a plan made on an empty table read the whole key index and its heap into a hash join;
// without hash and merge joins (migration 0025) the only plan left is a keyed lookup per item. A migration
// that replaces the function must set all three again, or this fails.
const ctx = await setupTestApp(t)

t.test('submit_applications runs without sequential scans, hash joins or merge joins', async (t) => {
  const { rows } = await sql<{ config: string[] | null }>`
    SELECT proconfig AS config FROM pg_proc WHERE proname = 'submit_applications'`.execute(ctx.app.db)
  t.equal(rows.length, 1, 'one submit_applications')
  t.same([...(rows[0].config ?? [])].sort(), ['enable_hashjoin=off', 'enable_mergejoin=off', 'enable_seqscan=off'])
})

t.test('its keyed lookup is one primary-key probe per item, even in a plan made for an empty table', async (t) => {
  await ctx.app.db.connection().execute(async (conn) => {
    const explain = async () => {
      const { rows } = await sql<{ 'QUERY PLAN': string }>`
        EXPLAIN SELECT k.application_id FROM jsonb_to_recordset(${JSON.stringify([{ caller: 'a', key: 'b' }])}::jsonb)
          AS i(caller text, key text) JOIN idempotency_keys k ON k.caller = i.caller AND k.key = i.key`.execute(conn)
      return rows.map((r) => r['QUERY PLAN']).join('\n')
    }
    await sql`SET plan_cache_mode = force_generic_plan`.execute(conn)
    await sql`SET enable_seqscan = off`.execute(conn)
    t.match(await explain(), /Hash Join[\s\S]*Index Scan using idempotency_keys_pkey/, 'the plan 0023 alone allowed')
    await sql`SET enable_hashjoin = off`.execute(conn)
    await sql`SET enable_mergejoin = off`.execute(conn)
    const plan = await explain()
    await sql`RESET ALL`.execute(conn)
    t.match(
      plan,
      /Nested Loop[\s\S]*Index Scan using idempotency_keys_pkey[\s\S]*Index Cond: \(\(caller = i\.caller\) AND \(key = i\.key\)\)/,
    )
    t.notMatch(plan, /Seq Scan on idempotency_keys|Hash Join|Merge Join/)
  })
})
