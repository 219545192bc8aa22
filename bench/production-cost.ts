import { ENVIRONMENT_DEFAULTS } from '../src/config.js'

// Imported first by the bench scripts: they measure the production argon2id cost, and test/db.ts (which
// they use to create databases) lowers it for tests unless it is already set.
process.env.ARGON2_MEMORY_KIB ??= ENVIRONMENT_DEFAULTS.ARGON2_MEMORY_KIB
process.env.ARGON2_TIME_COST ??= ENVIRONMENT_DEFAULTS.ARGON2_TIME_COST
