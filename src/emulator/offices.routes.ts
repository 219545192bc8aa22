import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../lib/schemas.js'
import { Office, OfficeList, OfficeParams, OfficeUpdate } from '../core/offices/offices.schemas.js'
import { allOffices, saveOffice } from '../core/offices/offices.service.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

const officesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put('/offices/:officeCode', {
    schema: {
      operationId: 'putOffice', tags: TAGS, security: SECURITY,
      summary: 'Open or close an INPS office (created if new)',
      params: OfficeParams, body: OfficeUpdate, response: { 200: Office, ...problemResponses(400, 401) },
    },
  }, async (request) => {
    const now = await app.clock.now()
    const office = await saveOffice(app.db, now, request.params.officeCode, request.body)
    await app.audit.record(app.db, now, { type: 'emulator', requestId: request.id }, { action: office.open ? 'office.opened' : 'office.closed', outcome: 'success', detail: { officeCode: office.officeCode } })
    return office
  })

  app.get('/offices', {
    schema: { operationId: 'listOffices', tags: TAGS, security: SECURITY, summary: 'List INPS offices', response: { 200: OfficeList, ...problemResponses(401) } },
  }, async () => ({ items: await allOffices(app.db) }))
}

export default officesRoutes
