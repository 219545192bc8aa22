import { spawn } from 'node:child_process'
import { ROOT } from '../root.js'
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { ADMIN_TOKEN, setupTestApp } from '../helper.js'

/**
 * The shell blocks of the README and the walkthrough, run in order with bash against a server on a
 * fresh test database, as a reader would paste them: BASE and TOKEN are exported, every other variable
 * is captured by the blocks themselves. A block fenced as ```sh no-run is shown but not run (npm start,
 * the variables a reader sets by hand). A failing command (`curl -f` on an unexpected error status, a
 * missing jq field) fails the test and names the block.
 */
export function shellBlocks(markdown: string): Array<{ line: number; code: string }> {
  const blocks: Array<{ line: number; code: string }> = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^```sh(\s.*)?$/.exec(lines[i])
    if (!open) continue
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'))
    if (!/\bno-run\b/.test(open[1] ?? '')) blocks.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n') })
    i = end
  }
  return blocks
}

function runBlocks(blocks: Array<{ line: number; code: string }>, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  // Each block ends by announcing itself, so a failure is pinned on the first block that did not.
  const script = ['set -euo pipefail', ...blocks.map((b, i) => `${b.code}\necho "::block ${i} done::" >&2`)].join('\n')
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

for (const [file, atLeast] of [['README.md', 5], ['docs/walkthrough.md', 20], ['docs/contact-center.md', 10], ['docs/testing-with-the-sandbox.md', 8]] as const) {
  t.test(`every shell block of ${file} runs, in order, on a fresh start`, async (t) => {
    const blocks = shellBlocks(readFileSync(new URL(file, ROOT), 'utf8'))
    t.ok(blocks.length >= atLeast, `${blocks.length} blocks to run`)
    const ctx = await setupTestApp(t)
    await ctx.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = ctx.app.server.address() as AddressInfo
    const result = await runBlocks(blocks, { BASE: `http://127.0.0.1:${port}`, TOKEN: ADMIN_TOKEN })
    const done = [...result.stderr.matchAll(/::block (\d+) done::/g)].length
    const failed = blocks[done]
    t.equal(result.status, 0, failed ? `${file}: the block at line ${failed.line} failed:\n${failed.code}\n--- stderr ---\n${result.stderr.slice(-2000)}\n--- stdout ---\n${result.stdout.slice(-2000)}` : 'all blocks ran')
    t.equal(done, blocks.length, 'every block ran')
  })
}

t.test('blocks are found by their fence; no-run blocks are left out', async (t) => {
  const markdown = ['text', '```sh', 'echo one', '```', '```sh no-run', 'npm start', '```', '```json', '{}', '```', '```sh', 'echo two', 'echo three', '```'].join('\n')
  t.same(shellBlocks(markdown), [{ line: 2, code: 'echo one' }, { line: 11, code: 'echo two\necho three' }])
})

t.test('a failing command fails the run', async (t) => {
  const result = await runBlocks([{ line: 1, code: 'true' }, { line: 2, code: 'false' }, { line: 3, code: 'true' }], {})
  t.not(result.status, 0)
  t.equal([...result.stderr.matchAll(/::block (\d+) done::/g)].length, 1, 'stopped at the second block')
})
