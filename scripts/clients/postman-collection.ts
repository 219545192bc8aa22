/**
 * clients/postman/inps-2020-emulator.postman_collection.json: a Postman v2.1 collection of every
 * operation of the OpenAPI document, one folder per tag. Folders, and the requests in each, come in the
 * order docs/walkthrough.md first calls them; what it never calls follows in the document's order.
 * Deterministic (no generated ids), so that `npm run openapi:check` can compare it byte for byte.
 */

// The document is read as plain JSON, of the shape @fastify/swagger writes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>

export const POSTMAN_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'
export const DEFAULT_BASE_URL = 'http://127.0.0.1:3000'
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const

interface Operation {
  method: string
  path: string
  operation: Json
}

function operationsOf(document: Json): Operation[] {
  return Object.entries<Json>(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ method, path, operation: item[method] })),
  )
}

/** Where each path is first called in the walkthrough (`$BASE/api/v1/applications/$ID`): its rank. */
export function walkthroughRanks(paths: string[], walkthrough: string): Map<string, number> {
  // A static path beats a template that also matches (`/emulator/persons/search` before `{codiceFiscale}`).
  const templates = [...paths]
    .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))
    .map((path) => ({ path, pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`) }))
  const ranks = new Map<string, number>()
  for (const [, url] of walkthrough.matchAll(/\$BASE(\/[^\s"'?)]*)/g)) {
    const found = templates.find(({ pattern }) => pattern.test(url))
    if (found && !ranks.has(found.path)) ranks.set(found.path, ranks.size)
  }
  return ranks
}

function resolve(document: Json, node: Json | undefined): Json | undefined {
  const ref = node?.$ref
  if (typeof ref !== 'string') return node
  return resolve(
    document,
    ref
      .slice(2)
      .split('/')
      .reduce<Json | undefined>((at, key) => at?.[key], document),
  )
}

function exampleOf(document: Json, media: Json): unknown {
  if (media.example !== undefined) return media.example
  const first = Object.values<Json>(media.examples ?? {})[0]
  if (first?.value !== undefined) return first.value
  const schema = resolve(document, media.schema)
  return schema?.examples?.[0] ?? schema?.example
}

function text(value: unknown): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function described<T extends Json>(entry: T, description: unknown): T {
  return typeof description === 'string' && description ? { ...entry, description } : entry
}

function body(document: Json, operation: Json): Json | undefined {
  const content: Json = resolve(document, operation.requestBody)?.content ?? {}
  const json = Object.entries<Json>(content).find(([media]) => /^application\/(.+\+)?json$/.test(media))
  if (json) {
    const example = exampleOf(document, json[1])
    return {
      mode: 'raw',
      raw: JSON.stringify(example ?? {}, null, 2),
      options: { raw: { language: 'json' } },
    }
  }
  const form = content['multipart/form-data']
  if (!form) return undefined
  const schema = resolve(document, form.schema) ?? {}
  return {
    mode: 'formdata',
    formdata: Object.entries<Json>(schema.properties ?? {}).map(([key, property]) => {
      const field = resolve(document, property) ?? {}
      return field.format === 'binary'
        ? described({ key, type: 'file', src: [] }, field.description)
        : described({ key, type: 'text', value: text(field.examples?.[0] ?? field.example) }, field.description)
    }),
  }
}

function auth(operation: Json): Json {
  const schemes = (operation.security ?? []).flatMap((requirement: Json) => Object.keys(requirement))
  if (schemes.includes('emulatorToken'))
    return {
      type: 'apikey',
      apikey: [
        { key: 'key', value: 'X-Emulator-Token', type: 'string' },
        { key: 'value', value: '{{adminToken}}', type: 'string' },
        { key: 'in', value: 'header', type: 'string' },
      ],
    }
  if (schemes.includes('bearerAuth'))
    return { type: 'bearer', bearer: [{ key: 'token', value: '{{accessToken}}', type: 'string' }] }
  return { type: 'noauth' }
}

function request(document: Json, { method, path, operation }: Operation): Json {
  const parameters: Json[] = (operation.parameters ?? []).map((p: Json) => resolve(document, p) ?? p)
  const inPlace = (where: string) => parameters.filter((p) => p.in === where)
  const value = (p: Json) => text(p.example ?? p.schema?.examples?.[0] ?? p.schema?.example)
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((segment) => segment.replace(/^\{(.+)\}$/, ':$1'))
  const query = inPlace('query').map((p) =>
    described({ key: p.name, value: value(p), ...(p.required ? {} : { disabled: true }) }, p.description),
  )
  const enabledQuery = query.filter((q) => !q.disabled).map((q) => `${q.key}=${q.value}`)
  const requestBody = body(document, operation)
  const header = [
    ...(requestBody?.mode === 'raw' ? [{ key: 'Content-Type', value: 'application/json' }] : []),
    ...inPlace('header').map((p) =>
      described({ key: p.name, value: value(p), ...(p.required ? {} : { disabled: true }) }, p.description),
    ),
  ]
  return {
    method: method.toUpperCase(),
    header,
    url: {
      raw: `{{baseUrl}}/${segments.join('/')}${enabledQuery.length ? `?${enabledQuery.join('&')}` : ''}`,
      host: ['{{baseUrl}}'],
      path: segments,
      ...(query.length ? { query } : {}),
      ...(inPlace('path').length
        ? { variable: inPlace('path').map((p) => described({ key: p.name, value: value(p) }, p.description)) }
        : {}),
    },
    ...(requestBody ? { body: requestBody } : {}),
    auth: auth(operation),
    ...(operation.description ? { description: operation.description } : {}),
  }
}

/** After any answer carrying an accessToken (a login), later requests send it: no copying by hand. */
const KEEP_ACCESS_TOKEN = [
  "if ((pm.response.headers.get('Content-Type') || '').includes('json')) {",
  '  const body = pm.response.json()',
  "  if (body && typeof body.accessToken === 'string') pm.collectionVariables.set('accessToken', body.accessToken)",
  '}',
]

export function postmanCollection(document: Json, walkthrough: string): string {
  const operations = operationsOf(document)
  const ranks = walkthroughRanks(
    operations.map((o) => o.path),
    walkthrough,
  )
  const rank = (o: Operation) => ranks.get(o.path) ?? Number.MAX_SAFE_INTEGER
  const ordered = operations.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
  const tags: Json[] = document.tags ?? []
  const folders = new Map<string, Json[]>()
  for (const { o } of ordered) {
    const tag: string = o.operation.tags?.[0] ?? 'other'
    folders.set(tag, [
      ...(folders.get(tag) ?? []),
      {
        id: o.operation.operationId,
        name: o.operation.summary ?? `${o.method} ${o.path}`,
        request: request(document, o),
      },
    ])
  }
  // Folders of tags the walkthrough never calls, in the document's tag order, after the others.
  const tagOrder = (name: string) => {
    const i = tags.findIndex((tag) => tag.name === name)
    return i < 0 ? tags.length : i
  }
  const firstRank = (name: string) =>
    Math.min(...operations.filter((o) => (o.operation.tags?.[0] ?? 'other') === name).map(rank))
  const names = [...folders.keys()].sort((a, b) => firstRank(a) - firstRank(b) || tagOrder(a) - tagOrder(b))
  const collection = {
    info: {
      name: document.info?.title ?? 'API',
      description:
        `${document.info?.description ?? ''}\n\nGenerated from openapi/openapi.json by \`npm run openapi\`. Set the variables baseUrl, adminToken (EMULATOR_ADMIN_TOKEN) and accessToken (kept by itself after a login).`.trim(),
      schema: POSTMAN_SCHEMA,
    },
    item: names.map((name) =>
      described({ name, item: folders.get(name) ?? [] }, tags.find((tag) => tag.name === name)?.description),
    ),
    event: [{ listen: 'test', script: { type: 'text/javascript', exec: KEEP_ACCESS_TOKEN } }],
    variable: [
      { key: 'baseUrl', value: DEFAULT_BASE_URL, type: 'string' },
      { key: 'adminToken', value: '', type: 'string' },
      { key: 'accessToken', value: '', type: 'string' },
    ],
  }
  return JSON.stringify(collection, null, 2) + '\n'
}
