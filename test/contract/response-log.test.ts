import t from 'tap'
import { undocumented, type ResponseRecord } from './response-log.js'

const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
const document = {
  paths: {
    '/api/v1/applications/{id}': {
      get: {
        responses: {
          200: { content: { 'application/json': {} } },
          404: { content: problem },
          500: { $ref: '#/components/responses/InternalError' },
        },
      },
    },
    '/emulator/requests': {
      delete: { responses: { 204: { description: 'Emptied' } } },
    },
    // How both 204s were documented before: a JSON body of type null, where the service sends none.
    '/emulator/snapshots/{name}': {
      delete: {
        responses: { 204: { content: { 'application/json': { schema: { type: 'null', description: 'Deleted' } } } } },
      },
    },
  },
  components: { responses: { InternalError: { content: problem } } },
}
const at = (record: Partial<ResponseRecord>): ResponseRecord => ({
  method: 'GET',
  route: '/api/v1/applications/:id',
  status: 200,
  contentType: 'application/json',
  body: true,
  ...record,
})

t.test('documented answers pass, shared responses through their reference', async (t) => {
  t.same(
    undocumented(document, [
      at({}),
      at({ status: 404, contentType: 'application/problem+json', code: 'APPLICATION_NOT_FOUND' }),
      at({ status: 500, contentType: 'application/problem+json', code: 'INTERNAL_ERROR' }),
      at({ route: undefined, status: 404, contentType: 'application/problem+json', code: 'ROUTE_NOT_FOUND' }),
      at({ route: '/docs/', hidden: true, contentType: 'text/html' }),
      at({ method: 'DELETE', route: '/emulator/requests', status: 204, contentType: undefined, body: false }),
    ]),
    [],
  )
})

t.test('every kind of gap is named', async (t) => {
  t.same(
    undocumented(document, [
      at({ status: 503, contentType: 'application/problem+json', code: 'OVERLOADED' }),
      at({ status: 200, contentType: 'text/plain' }),
      at({ method: 'DELETE' }),
      at({ status: 404, contentType: 'application/problem+json', code: 'NO_SUCH_CODE' }),
      at({ status: 404, contentType: 'application/problem+json', code: 'PIN_LOCKED' }),
    ]),
    [
      'DELETE /api/v1/applications/:id 200: the operation is not documented',
      'GET /api/v1/applications/:id 200: content type text/plain not documented (application/json)',
      'GET /api/v1/applications/:id 404: code NO_SUCH_CODE is not in src/lib/error-codes.ts',
      'GET /api/v1/applications/:id 404: code PIN_LOCKED is catalogued with 423',
      'GET /api/v1/applications/:id 503: status not documented',
    ],
  )
})

t.test('an answer with a body where the document has none, and the other way round', async (t) => {
  t.same(
    undocumented(document, [
      at({ method: 'DELETE', route: '/emulator/snapshots/:name', status: 204, contentType: undefined, body: false }),
      at({ method: 'DELETE', route: '/emulator/requests', status: 204 }),
      at({ body: false }),
    ]),
    [
      'DELETE /emulator/requests 204: answered with a body, documented without content',
      'DELETE /emulator/snapshots/:name 204: answered without a body, documented with content (application/json)',
      'GET /api/v1/applications/:id 200: answered without a body, documented with content (application/json)',
    ],
  )
})
