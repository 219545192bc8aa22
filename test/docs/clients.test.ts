import { execFile, spawn } from 'node:child_process'
import { ROOT } from '../root.js'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { ADMIN_TOKEN, setupTestApp } from '../helper.js'

/**
 * The TypeScript example of docs/clients.md, as a frontend would write it: type-checked against the
 * client (strict), then run with Node against a fresh server, its output compared with the block
 * under it. The package name is pointed at the client's source, as an installed tarball would be.
 */
const CLIENT = fileURLToPath(new URL('clients/typescript/src/index.js', ROOT))
// The compiler's native binary: tap instruments node children, and tsc's node wrapper fails under it.
const { default: getExePath } = (await import(new URL('node_modules/typescript/lib/getExePath.js', ROOT).href)) as {
  default: () => string
}

export function example(markdown: string): { code: string; output: string } {
  const found = /^```ts\n([\s\S]*?)^```\n```text\n([\s\S]*?)^```/m.exec(markdown)
  if (!found) throw new Error('docs/clients.md has no ```ts block followed by its ```text output')
  return { code: found[1], output: found[2] }
}

t.test("docs/clients.md's example compiles and runs against a fresh server", async (t) => {
  const { code, output } = example(await readFile(new URL('docs/clients.md', ROOT), 'utf8'))
  t.match(code, /from '@inps-2020-emulator\/client'/, 'the example imports the package by its name')
  const dir = await mkdtemp(join(tmpdir(), 'inps-client-example-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await writeFile(join(dir, 'example.mts'), code.replace("'@inps-2020-emulator/client'", JSON.stringify(CLIENT)))
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [fileURLToPath(new URL('node_modules/@types', ROOT))],
      },
      files: ['example.mts'],
    }),
  )
  const compiled = await promisify(execFile)(getExePath(), ['-p', dir]).then(
    () => undefined,
    (e: { stdout?: string; stderr?: string; message: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message,
  )
  t.equal(compiled, undefined, 'the example compiles')

  const ctx = await setupTestApp(t)
  await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`
  const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    // tsx from the repository, where the example's imports resolve; ESM, for its top-level awaits.
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'example.mts')], {
      cwd: fileURLToPath(ROOT),
      env: { ...process.env, BASE: base, TOKEN: ADMIN_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
  t.equal(run.status, 0, run.stderr.slice(-2000))
  t.equal(run.stdout, output, 'prints what the page shows')
})
