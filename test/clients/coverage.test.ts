import { readFileSync } from 'node:fs'
import { ROOT } from '../root.js'
import t from 'tap'
import { Ajv } from 'ajv'
import { postmanCollection, walkthroughRanks } from '../../scripts/clients/postman-collection.js'
import { POSTMAN_COLLECTION_V21 } from './postman-v2.1.js'

/**
 * The committed clients against the committed document (which openapi:check ties to the routes):
 * every operation has its typed path in clients/typescript and its request in clients/postman.
 */
const read = (file: string) => readFileSync(new URL(file, ROOT), 'utf8')
const document = JSON.parse(read('openapi/openapi.json'))
const collection = JSON.parse(read('clients/postman/inps-2020-emulator.postman_collection.json'))
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']

const operations = Object.entries<Record<string, { operationId: string }>>(document.paths).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method]).map((method) => ({
    key: `${method.toUpperCase()} ${path}`,
    ...item[method],
  })),
)

interface Item {
  id?: string
  name: string
  item?: Item[]
  request?: { method: string; url: { path: string[] } }
}
const requests = (items: Item[]): Item[] => items.flatMap((item) => (item.item ? requests(item.item) : [item]))

t.test('the document has operations to count', async (t) => {
  t.ok(operations.length >= 80, `${operations.length} operations`)
})

t.test('the typed client has a typed path for every operation, and no other', async (t) => {
  // openapi-typescript writes `paths` as `  "<path>": {` then `    <method>: ...` lines.
  const block = /^export interface paths \{\n([\s\S]*?)^\}/m.exec(read('clients/typescript/src/schema.ts'))?.[1] ?? ''
  const typed: string[] = []
  let path = ''
  for (const line of block.split('\n')) {
    const opened = /^ {2}"(.+)": \{$/.exec(line)
    if (opened) path = opened[1]
    const method = /^ {4}(get|put|post|delete|patch|head|options): /.exec(line)
    if (method) typed.push(`${method[1].toUpperCase()} ${path}`)
  }
  t.same(typed.sort(), operations.map((o) => o.key).sort(), `${typed.length} typed operations`)
})

t.test('the collection has one request for every operation, and no other', async (t) => {
  const items = requests(collection.item)
  const keys = items.map((item) => {
    const path = item.request!.url.path.map((segment) => segment.replace(/^:(.+)$/, '{$1}')).join('/')
    return `${item.request!.method} /${path}`
  })
  t.same(keys.sort(), operations.map((o) => o.key).sort(), `${keys.length} requests`)
  t.same(
    items.map((item) => item.id).sort(),
    operations.map((o) => o.operationId).sort(),
    'each request carries its operationId',
  )
})

t.test('the collection is a Postman v2.1 collection, with the three variables', async (t) => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(POSTMAN_COLLECTION_V21)
  t.ok(validate(collection), JSON.stringify(validate.errors?.slice(0, 5)))
  t.same(
    collection.variable.map((v: { key: string }) => v.key),
    ['baseUrl', 'adminToken', 'accessToken'],
  )
  const broken = { ...collection, item: [{ name: 'x', request: { method: 'FETCH', url: { raw: '' } } }] }
  t.notOk(validate(broken), 'the schema refuses what the format does not allow')
})

t.test("the folders follow the walkthrough: the emulator API, then the citizen's PIN and application", async (t) => {
  const folders = collection.item.map((folder: Item) => folder.name)
  t.same(folders.slice(0, 3), ['emulator', 'pin', 'applications'])
  t.same(folders.toSorted(), [...new Set(operations.flatMap((o) => (o as { tags?: string[] }).tags?.[0] ?? []))].sort())
})

t.test('walkthrough ranks: first call wins, a static path beats a template', async (t) => {
  const ranks = walkthroughRanks(
    ['/a/{id}', '/a/search', '/b'],
    'curl $BASE/b\ncurl "$BASE/a/search?q=1"\ncurl $BASE/a/$ID -H x\ncurl $BASE/b',
  )
  t.same(
    [...ranks],
    [
      ['/b', 0],
      ['/a/search', 1],
      ['/a/{id}', 2],
    ],
  )
})

t.test('the generator works on whatever the document holds', async (t) => {
  const small = {
    info: { title: 'small' },
    tags: [{ name: 'one', description: 'The first' }],
    paths: {
      '/things/{id}': {
        delete: {
          operationId: 'deleteThing',
          summary: 'Delete a thing',
          tags: ['one'],
          security: [{ bearerAuth: [] }],
          parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' }, example: 't-1' }],
          responses: { 204: { description: 'Deleted' } },
        },
      },
    },
  }
  const generated = JSON.parse(postmanCollection(small, ''))
  t.match(generated.item, [
    {
      name: 'one',
      description: 'The first',
      item: [
        {
          id: 'deleteThing',
          request: {
            method: 'DELETE',
            url: { raw: '{{baseUrl}}/things/:id', variable: [{ key: 'id', value: 't-1' }] },
            auth: { type: 'bearer' },
          },
        },
      ],
    },
  ])
  t.ok(new Ajv({ strict: false }).compile(POSTMAN_COLLECTION_V21)(generated))
})
