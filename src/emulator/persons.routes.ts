import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../lib/schemas.js'
import { Person, PersonPage, PersonPageQuery, PersonParams, PersonRecord } from '../core/archive/persons.schemas.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

const personsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/persons/:codiceFiscale',
    {
      schema: {
        operationId: 'putPerson',
        tags: TAGS,
        security: SECURITY,
        summary: 'Create or replace an archive record',
        description:
          'The INPS archive that eligibility and the PIN address check read. The codice fiscale must be valid and agree with name, surname, birth date and sex.',
        params: PersonParams,
        body: PersonRecord,
        response: { 200: Person, ...problemResponses(400, 401, 422) },
      },
    },
    async (request) => {
      return app.services.persons.save(await request.now(), request.params.codiceFiscale, request.body, request.id)
    },
  )

  app.get(
    '/persons/:codiceFiscale',
    {
      schema: {
        operationId: 'getPerson',
        tags: TAGS,
        security: SECURITY,
        summary: 'Read an archive record',
        description:
          'The INPS archive record of one codice fiscale, as PUT /emulator/persons/{codiceFiscale} stored it; 404 PERSON_NOT_FOUND if there is none.',
        params: PersonParams,
        response: { 200: Person, ...problemResponses(401, 404) },
      },
    },
    async (request) => app.services.persons.get(request.params.codiceFiscale),
  )

  app.get(
    '/persons',
    {
      schema: {
        operationId: 'listPersons',
        tags: TAGS,
        security: SECURITY,
        summary: 'List archive records',
        description:
          'Archive records by codice fiscale. Pages of `limit` (default 50); pass `nextCursor` as `cursor` for the next page.',
        querystring: PersonPageQuery,
        response: { 200: PersonPage, ...problemResponses(400, 401) },
      },
    },
    async (request) => app.services.persons.page(request.query.cursor, request.query.limit ?? 50),
  )
}

export default personsRoutes
