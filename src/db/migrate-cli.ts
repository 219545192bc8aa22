import { loadConfig } from '../config.js'
import { createDatabase } from './create-db.js'
import { migrateToLatest } from './migrate.js'

const config = loadConfig()
const handle = await createDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolMax: 1,
  statementTimeoutMs: 0,
})
try {
  const applied = await migrateToLatest(handle.db)
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date')
} finally {
  await handle.close()
}
