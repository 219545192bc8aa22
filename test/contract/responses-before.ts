import { existsSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { responseLogDir } from './response-log.js'

// tap's `before`: this run starts with no records, and runs that ended without their `after` leave none.
const root = dirname(responseLogDir())
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
rmSync(responseLogDir(), { recursive: true, force: true })
for (const run of existsSync(root) ? readdirSync(root) : []) {
  if (!alive(Number(run))) rmSync(join(root, run), { recursive: true, force: true })
}
