import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../lib/schemas.js'
import { Office, OfficeList, OfficeParams, OfficeUpdate } from '../core/offices/offices.schemas.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

const officesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/offices/:officeCode',
    {
      schema: {
        operationId: 'putOffice',
        tags: TAGS,
        security: SECURITY,
        summary: 'Open or close an INPS office (created if new)',
        description:
          'Creates the office (sede) if new, else updates it. A closed office (`open: false`) records the emulated date it closed, and issues no PIN dispositivo at the counter (403 OFFICE_CLOSED).',
        params: OfficeParams,
        body: OfficeUpdate,
        response: { 200: Office, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      return app.services.offices.save(await request.now(), request.params.officeCode, request.body, request.id)
    },
  )

  app.get(
    '/offices',
    {
      schema: {
        operationId: 'listOffices',
        tags: TAGS,
        security: SECURITY,
        summary: 'List INPS offices',
        description: 'Every office (sede) with its code, name, and whether it is open to the public.',
        response: { 200: OfficeList, ...problemResponses(401) },
      },
    },
    async () => ({ items: await app.services.offices.all() }),
  )
}

export default officesRoutes
