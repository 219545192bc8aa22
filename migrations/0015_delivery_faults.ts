import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
const statements = [
  // SMS and letters got lost in 2020 (that is why the 12-hour rule exists): the emulator can drop or
  // delay the messages of a channel, and letters per province (the red zones). One rule per channel.
  `CREATE TABLE delivery_faults (
    channel text PRIMARY KEY CHECK (channel IN ('sms', 'email', 'pec', 'post')),
    mode text NOT NULL CHECK (mode IN ('drop', 'delay')),
    delay_hours integer CHECK (delay_hours BETWEEN 1 AND 8760),
    provinces text[],
    updated_at timestamptz NOT NULL,
    CHECK ((mode = 'delay') = (delay_hours IS NOT NULL)),
    CHECK (provinces IS NULL OR channel = 'post')
  )`,
  // A dropped message stays in the outbox, recorded as dropped: never delivered.
  `ALTER TABLE outbox ADD COLUMN dropped boolean NOT NULL DEFAULT false`,
  `ALTER TABLE outbox ADD COLUMN province text`,
  `CREATE INDEX outbox_dropped_idx ON outbox (seq) WHERE dropped`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX outbox_dropped_idx`.execute(db)
  await sql`ALTER TABLE outbox DROP COLUMN province`.execute(db)
  await sql`ALTER TABLE outbox DROP COLUMN dropped`.execute(db)
  await sql`DROP TABLE delivery_faults`.execute(db)
}
