import t from 'tap'
import { Type } from 'typebox'
import { named } from '../../src/lib/schemas.js'
import { finishDocument } from '../../src/plugins/openapi-conventions.js'
import { setupTestApp } from '../helper.js'

type Json = Record<string, any>
const ctx = await setupTestApp(t)
const served: Json = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json()

t.test('a named schema becomes one component, referenced wherever a copy of it was', async (t) => {
  const Receipt = named(
    'TestReceipt',
    Type.Object({ number: Type.String() }, { examples: [{ number: 'INPS.2020.1' }] }),
  )
  t.throws(() => named('TestReceipt', Type.Object({})), /Two schemas are named TestReceipt/)
  const copy = JSON.parse(JSON.stringify(Receipt))
  const { examples: _examples, ...withoutExamples } = copy
  const document = finishDocument({
    paths: {
      '/receipts': {
        post: {
          requestBody: {
            content: { 'application/json': { schema: { type: 'object', properties: { receipt: copy } } } },
          },
          // As a body, its examples were moved to the media type.
          responses: {
            201: {
              description: 'Created',
              content: { 'application/json': { schema: withoutExamples, example: copy.examples[0] } },
            },
          },
        },
      },
    },
    components: { schemas: {} },
  }) as Record<string, any>
  const ref = { $ref: '#/components/schemas/TestReceipt' }
  t.same(document.paths['/receipts'].post.requestBody.content['application/json'].schema.properties.receipt, ref)
  t.same(document.paths['/receipts'].post.responses['201'].content['application/json'].schema, ref)
  t.same(document.components.schemas.TestReceipt, JSON.parse(JSON.stringify(Receipt)))
})

t.test('a named schema with a literal or a record matches its copies as @fastify/swagger writes them', async (t) => {
  const Accepted = named(
    'TestAccepted',
    Type.Object({
      status: Type.Literal('accepted', { description: 'Taken in' }),
      flags: Type.Record(Type.String({ pattern: '^[a-z]+$' }), Type.Boolean()),
    }),
  )
  // The document's copy: `const` as a one-value `enum`, the record's patternProperties as additionalProperties.
  const copy = {
    type: 'object',
    required: ['status', 'flags'],
    properties: {
      status: { type: 'string', description: 'Taken in', enum: ['accepted'] },
      flags: { type: 'object', additionalProperties: { type: 'boolean' } },
    },
  }
  t.same(JSON.parse(JSON.stringify(Accepted)).properties.status.const, 'accepted', 'TypeBox writes a const')
  const document = finishDocument({
    paths: {
      '/accepted': {
        get: { responses: { 200: { description: 'OK', content: { 'application/json': { schema: copy } } } } },
      },
    },
    components: { schemas: {} },
  }) as Json
  t.same(document.paths['/accepted'].get.responses['200'].content['application/json'].schema, {
    $ref: '#/components/schemas/TestAccepted',
  })
  t.same(document.components.schemas.TestAccepted, copy, 'the component is written as the document writes schemas')
})

t.test('every JSON request body and 2xx JSON response of the served document is a named component', async (t) => {
  const isRef = (schema: Json) =>
    typeof schema.$ref === 'string' ||
    (schema.type === 'array' && typeof schema.items?.$ref === 'string' && Object.keys(schema.items).length === 1)
  const referenced = new Set<string>()
  let bodies = 0
  const check = (where: string, content: Json | undefined) => {
    for (const [media, entry] of Object.entries<Json>(content ?? {})) {
      if (!media.includes('json')) continue
      const schema: Json = entry.schema ?? {}
      if (schema.type === 'null') continue
      bodies++
      t.ok(isRef(schema), `${where} (${media}) is a $ref to components.schemas, not inline`)
      const ref = schema.$ref ?? schema.items?.$ref
      if (typeof ref === 'string') referenced.add(ref)
    }
  }
  for (const [path, item] of Object.entries<Json>(served.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      const where = `${method.toUpperCase()} ${path} (${op.operationId})`
      check(`${where} request body`, op.requestBody?.content)
      for (const [status, response] of Object.entries<Json>(op.responses ?? {})) {
        if (!status.startsWith('2')) continue
        const resolved = response.$ref ? served.components.responses[response.$ref.split('/').pop()] : response
        check(`${where} ${status}`, resolved?.content)
      }
    }
  }
  t.ok(bodies > 100, `${bodies} JSON bodies checked`)
  // Every reference anywhere in the document, the bodies' among them, names a component that is there.
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect)
    if (!node || typeof node !== 'object') return
    const ref = (node as Json).$ref
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) referenced.add(ref)
    Object.values(node).forEach(collect)
  }
  collect(served)
  for (const ref of referenced) {
    t.match(ref, /^#\/components\/schemas\/[A-Za-z0-9]+$/, `${ref} points into components.schemas`)
    t.ok(served.components.schemas[ref.split('/').pop()!], `${ref} exists`)
  }
})
