import t from 'tap'
import { Validator } from '@seriousme/openapi-schema-validator'
import { setupTestApp } from './helper.js'

const ctx = await setupTestApp(t)

t.test('/openapi.json is a valid OpenAPI 3.1 document', async (t) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(res.statusCode, 200)
  const document = res.json()
  const validator = new Validator()
  const result = await validator.validate(document)
  t.same(result.errors ?? [], [], 'no validation errors')
  t.equal(result.valid, true)
  t.equal(document.openapi, '3.1.0')
  t.match(document.components.securitySchemes, {
    bearerAuth: { type: 'http', scheme: 'bearer' },
    emulatorToken: { type: 'apiKey', in: 'header', name: 'X-Emulator-Token' },
  })
})

t.test('every operation has an id, a summary, tags and problem+json errors', async (t) => {
  const document = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json()
  const ids = new Set<string>()
  for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const where = `${method.toUpperCase()} ${path}`
      t.ok(op.operationId, `${where} has an operationId`)
      t.notOk(ids.has(op.operationId), `${where} operationId is unique`)
      ids.add(op.operationId)
      t.ok(op.summary, `${where} has a summary`)
      t.ok(op.tags?.length, `${where} has tags`)
      for (const [status, declared] of Object.entries<any>(op.responses)) {
        const response = declared.$ref ? document.components.responses[declared.$ref.split('/').pop()] : declared
        if (Number(status) >= 400)
          t.ok(response.content?.['application/problem+json'], `${where} ${status} is problem+json`)
      }
      if (path.startsWith('/emulator'))
        t.same(op.security, [{ emulatorToken: [] }], `${where} declares the emulator token`)
    }
  }
})

t.test('Swagger UI is served at /docs', async (t) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/docs/' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
  t.match(res.body, /swagger/i)
})
