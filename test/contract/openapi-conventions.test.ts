import t from 'tap'
import { problemResponses } from '../../src/lib/schemas.js'
import { setupTestApp } from '../helper.js'

type Json = Record<string, any>
const ctx = await setupTestApp(t)
const document: Json = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json()
const resolve = (response: Json): Json =>
  response.$ref ? document.components.responses[response.$ref.split('/').pop()] : response
const headerNames = (response: Json): string[] => Object.keys(resolve(response).headers ?? {})
const operations = Object.entries<Json>(document.paths).flatMap(([path, item]) =>
  Object.entries<Json>(item).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, path, method, op })),
)

t.test('the document says where it is served, under which licence and whom to contact', async (t) => {
  t.same(document.servers, [{ url: '/', description: 'This instance' }])
  t.ok(document.info.license?.name)
  t.ok(document.info.contact?.name)
})

t.test('every operation has a description and says who may call it', async (t) => {
  for (const { where, op } of operations) {
    t.ok(op.description, `${where} has a description`)
    t.ok(Array.isArray(op.security), `${where} declares its security (empty when public)`)
  }
  t.same(document.paths['/api/v1/benefits'].get.security, [], 'a public operation says so')
})

t.test('every operation behind a bearer token documents the 403 a token of the wrong role gets', async (t) => {
  for (const { where, op } of operations) {
    const schemes = (op.security ?? []).flatMap((requirement: Json) => Object.keys(requirement))
    if (schemes.includes('bearerAuth')) t.ok(op.responses['403'], `${where} documents 403`)
  }
  t.ok(document.paths['/api/v1/payments'].get.responses['403'], 'the payments list among them')
})

t.test('every response declares its headers, and none is a "Default Response"', async (t) => {
  for (const { where, op } of operations) {
    for (const [status, response] of Object.entries<Json>(op.responses)) {
      const names = headerNames(response)
      for (const name of ['x-request-id', 'cache-control', 'vary'])
        t.ok(names.includes(name), `${where} ${status} declares ${name}`)
      if (status === '429' || status === '503')
        t.ok(names.includes('retry-after'), `${where} ${status} declares retry-after`)
      t.not(resolve(response).description, 'Default Response', `${where} ${status} has a named description`)
    }
  }
  for (const path of [
    '/api/v1/applications',
    '/api/v1/patronato/applications',
    '/api/v1/contact-center/applications',
  ]) {
    t.ok(
      headerNames(document.paths[path].post.responses['201']).includes('idempotent-replayed'),
      `POST ${path} 201 declares idempotent-replayed`,
    )
  }
  t.ok(
    headerNames(
      document.paths['/api/v1/backoffice/pin-dispositivo-requests/{id}/documents/{field}'].get.responses['200'],
    ).includes('etag'),
    'the download declares its etag',
  )
  t.same(document.components.headers.XRequestId.schema.type, 'string')
})

t.test('the statuses any route can answer are documented once and referenced', async (t) => {
  for (const { where, method, op } of operations) {
    for (const status of ['400', '500', '503']) t.ok(op.responses[status], `${where} documents ${status}`)
    if (['post', 'put', 'patch', 'delete'].includes(method)) t.ok(op.responses['413'], `${where} documents 413`)
    if (op.security.length > 0) t.ok(op.responses['401'], `${where} documents 401`)
  }
  t.same(document.paths['/emulator/clock'].put.responses['500'], { $ref: '#/components/responses/InternalError' })
  t.ok(document.paths['/emulator/persons/{codiceFiscale}'].get.responses['400'], 'the emulator routes document 400 too')
  for (const path of ['/api/v1/auth/pin', '/api/v1/pin-requests', '/api/v1/pin-recoveries'])
    t.ok(document.paths[path].post.responses['429'], `POST ${path} documents 429`)
  t.match(resolve(document.paths['/health/live'].get.responses['503']).content['application/problem+json'].examples, {
    OVERLOADED: {},
    DATABASE_UNAVAILABLE: {},
  })
})

t.test('errors have an example per code, and the Problem schema none of its own', async (t) => {
  t.notMatch(JSON.stringify(document.components.schemas.Problem), /PIN_LOCKED/)
  const responses = problemResponses('PIN_LOCKED', 'INVALID_CREDENTIALS', 'TOKEN_EXPIRED', 400) as Record<number, Json>
  t.same(Object.keys(responses).sort(), ['400', '401', '423'])
  t.same(Object.keys(responses[401].content['application/problem+json'].examples), [
    'INVALID_CREDENTIALS',
    'TOKEN_EXPIRED',
  ])
  t.match(responses[423].content['application/problem+json'].examples.PIN_LOCKED.value, {
    status: 423,
    code: 'PIN_LOCKED',
    title: 'Locked',
    type: 'urn:inps-emulator:problem:pin-locked',
  })
  t.same(
    Object.keys(responses[400].content['application/problem+json'].examples),
    ['VALIDATION_ERROR'],
    'a bare status gets a generic example',
  )
  t.match(responses[401].description, /INVALID_CREDENTIALS, TOKEN_EXPIRED/)
})

t.test('shared schemas are named components, referenced where used', async (t) => {
  for (const name of ['Problem', 'CodiceFiscale', 'IsoDate', 'IsoDateTime'])
    t.ok(document.components.schemas[name], `${name} is a component`)
  t.match(JSON.stringify(document.paths), /"#\/components\/schemas\/CodiceFiscale"/)
})

t.test('the declared headers are the ones sent', async (t) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/benefits' })
  t.equal(res.statusCode, 200)
  t.ok(res.headers['x-request-id'])
  t.equal(res.headers.vary, 'Authorization')
  t.match(res.headers['cache-control'], /max-age/)
  t.ok(res.json().items.length > 0, 'the body still serialises through the moved schema')
})
