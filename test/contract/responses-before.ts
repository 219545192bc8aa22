import { rmSync } from 'node:fs'
import { responseLogDir } from './response-log.js'

// tap's `before`: this run starts with no records.
rmSync(responseLogDir(), { recursive: true, force: true })
