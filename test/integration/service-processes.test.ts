import t from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startService } from '../../bench/processes.js'
import { freePort } from '../free-port.js'
import { MODULE_EXTENSION, ROOT } from '../root.js'

// A server process a test starts must never outlive it: one that did held CI's output pipe open, and
// the run hung until its time limit.
const dir = mkdtempSync(join(tmpdir(), 'inps-processes-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
const gone = async (pid: number) => {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100))
  return !alive(pid)
}

t.test('a service that does not start in time is stopped, not left running', async (t) => {
  const pidFile = join(dir, 'silent.pid')
  const entry = join(dir, 'silent.mjs')
  writeFileSync(
    entry,
    `import { writeFileSync } from 'node:fs'\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid))\nsetInterval(() => {}, 1000)\n`,
  )
  const port = await freePort()
  await t.rejects(startService(entry, port, {}, '/ready', [], 1500), /did not start in 1500 ms/)
  const pid = Number(readFileSync(pidFile, 'utf8'))
  t.ok(await gone(pid), `process ${pid} is gone`)
})

t.test('a service still running when its parent exits is killed with it', async (t) => {
  const entry = join(dir, 'ready.mjs')
  writeFileSync(
    entry,
    `import { createServer } from 'node:http'\ncreateServer((_, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')\n`,
  )
  const processes = fileURLToPath(
    new URL(`${MODULE_EXTENSION === '.js' ? '.test-dist/' : ''}bench/processes${MODULE_EXTENSION}`, ROOT),
  )
  const parent = join(dir, 'parent.mjs')
  const port = await freePort()
  // The parent starts the service, prints its pid and exits without stopping it.
  writeFileSync(
    parent,
    `const { startService } = await import(${JSON.stringify(processes)})\nconst s = await startService(${JSON.stringify(entry)}, ${port}, {}, '/')\nconsole.log(s.child.pid)\nprocess.exit(0)\n`,
  )
  const loader = MODULE_EXTENSION === '.ts' ? ['--import', 'tsx'] : []
  // Its exit, not the end of its output: a service that survived it would hold the output open.
  const child = spawn(process.execPath, [...loader, parent], {
    cwd: fileURLToPath(ROOT),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  await once(child, 'exit')
  const pid = Number(stdout.trim())
  t.ok(pid > 0, 'the parent started a service')
  t.ok(await gone(pid), `service ${pid} did not outlive its parent`)
})
