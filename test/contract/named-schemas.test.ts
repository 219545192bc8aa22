import t from 'tap'
import { Type } from 'typebox'
import { named } from '../../src/lib/schemas.js'
import { finishDocument } from '../../src/plugins/openapi-conventions.js'

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
