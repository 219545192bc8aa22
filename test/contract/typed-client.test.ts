import { execFile } from 'node:child_process'
import { ROOT } from '../root.js'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import openapiTS from 'openapi-typescript'
import { setupTestApp } from '../helper.js'

// The compiler's native binary: tap instruments node children, and tsc's node wrapper fails under it.
const { default: getExePath } = (await import(new URL('node_modules/typescript/lib/getExePath.js', ROOT).href)) as {
  default: () => string
}
const TSC = getExePath()

/**
 * A client written against types generated from the document: if the document lost a body, a status
 * or a field (or the generator could no longer read it), this no longer compiles. The @ts-expect-error
 * lines fail the compilation if the types degrade to `any`.
 */
const CLIENT = `
import type { components, paths } from './api.js'

type Submit = paths['/api/v1/applications']['post']
export type SubmitBody = NonNullable<Submit['requestBody']>['content']['application/json']
export type Submitted = Submit['responses'][201]['content']['application/json']
type Refused = Submit['responses'][409]['content']['application/problem+json']
type Failed = Submit['responses'][500]['content']['application/problem+json']
type Login = paths['/api/v1/auth/pin']['post']
type LoginResult = Login['responses'][200]['content']['application/json']
type Problem = components['schemas']['Problem']

export type Send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: unknown }>

export async function login(send: Send, body: NonNullable<Login['requestBody']>['content']['application/json']): Promise<string | undefined> {
  const res = await send('POST', '/api/v1/auth/pin', body)
  const result = res.body as LoginResult
  return result.status === 'authenticated' ? result.accessToken : undefined
}

export async function submit(send: Send, token: string, body: SubmitBody): Promise<Submitted | Problem> {
  const res = await send('POST', '/api/v1/applications', body, { authorization: 'Bearer ' + token, 'idempotency-key': 'k-1' })
  if (res.status === 201) return res.body as Submitted
  const problem = res.body as Refused | Failed
  return problem
}

export const body: SubmitBody = {
  benefitCode: 'indennita-professionisti-cococo',
  payment: { method: 'iban', iban: 'IT60X0542811101000000123456' },
  declarations: { truthfulness: true },
}
export const protocol = (a: Submitted): string => a.protocolNumber
export const code = (p: Problem): string => p.code

// @ts-expect-error payment.method is an enum
export const wrongMethod: SubmitBody = { ...body, payment: { method: 'cheque' } }
// @ts-expect-error protocolNumber is a string
export const wrongField: number = ({} as Submitted).protocolNumber
`

t.test('a client typed from the generated document compiles', async (t) => {
  const ctx = await setupTestApp(t)
  const document = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json()
  const dir = await mkdtemp(join(tmpdir(), 'inps-typed-client-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await writeFile(join(dir, 'api.d.ts'), await openapiTS(document))
  await writeFile(join(dir, 'client.ts'), CLIENT)
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      files: ['client.ts'],
    }),
  )
  const failure = await promisify(execFile)(TSC, ['-p', dir]).then(
    () => undefined,
    (e: { stdout?: string; stderr?: string; message: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message,
  )
  t.equal(failure, undefined, 'the client compiles')
})
