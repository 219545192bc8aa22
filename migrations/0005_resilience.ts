import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
const statements = [
  // Faults injected through /emulator/faults: in the database, so every instance applies them.
  `CREATE TABLE faults (
  route_pattern text NOT NULL,
  method text NOT NULL DEFAULT '*',
  latency_ms integer NOT NULL DEFAULT 0 CHECK (latency_ms BETWEEN 0 AND 60000),
  error_rate real NOT NULL DEFAULT 0 CHECK (error_rate BETWEEN 0 AND 1),
  overload boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (route_pattern, method)
)`,
  // Fixed-window counters shared by every instance (real time: a limit protects the real service).
  `CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  window_ends_at timestamptz NOT NULL
)`,
  `CREATE INDEX rate_limits_expiry ON rate_limits (window_ends_at)`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['rate_limits', 'faults']) await sql`DROP TABLE ${sql.id(table)}`.execute(db)
}
