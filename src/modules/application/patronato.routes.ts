import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { forbidden, unauthorized } from '../../lib/errors.js'
import { problemResponses } from '../../lib/schemas.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import { requireCodiceFiscale } from '../../core/archive/persons.service.js'
import { Application, ApplicationPage, ApplicationPageQuery, ApplicationParams, IdempotencyHeaders, Mandate, MandateBody, OnBehalfApplicationBody } from './application.schemas.js'
import { requireFound, submitApplication, toApplication, type ApplicationDeps } from './application.service.js'
import { findPatronatoApplication, hasMandate, insertMandate } from './application.repository.js'
import { pageApplications } from './application-read.service.js'

const TAGS = ['patronato']

/**
 * A patronato is its organisation, by id: its operators share mandates and see what any of them filed.
 * Never by name, which any new operator may repeat. A token without one predates organisations.
 */
function patronatoOf(request: FastifyRequest): string {
  const { organisationId } = authOf(request)
  if (organisationId === undefined) throw unauthorized('INVALID_TOKEN', 'The token names no organisation: log in again')
  return organisationId
}

const patronatoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps: ApplicationDeps = { db: app.db, submissions: app.submissions }
  const patronato = [app.requireAuth({ roles: ['patronato'] }), app.requireAccessWindow()]

  app.post('/patronato/mandates', {
    onRequest: patronato,
    schema: {
      operationId: 'createMandate', tags: TAGS, security: BEARER_SECURITY,
      summary: 'Record the mandate a citizen gave the patronato',
      body: MandateBody, response: { 201: Mandate, ...problemResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const now = await request.now()
    const codiceFiscale = requireCodiceFiscale(request.body.codiceFiscale)
    const row = await insertMandate(app.db, { id: randomUUID(), patronato: patronatoOf(request), codice_fiscale: codiceFiscale, granted_by: authOf(request).subject, created_at: now })
    await app.audit.record(app.db, now, { type: 'operator', id: authOf(request).subject, channel: 'patronato', requestId: request.id }, { action: 'patronato.mandate', outcome: 'success', codiceFiscale })
    return reply.code(201).send({ id: row.id, codiceFiscale: row.codice_fiscale, patronato: row.patronato, createdAt: row.created_at.toISOString() })
  })

  app.post('/patronato/applications', {
    onRequest: patronato,
    schema: {
      operationId: 'submitPatronatoApplication', tags: TAGS, security: BEARER_SECURITY,
      summary: 'Submit an application for a citizen under mandate',
      description: 'Patronati only, 08:00-16:00 Rome time from 2 April 2020. Intermediaries (CAF, commercialisti) get 403 INTERMEDIARY_NOT_ALLOWED.',
      headers: IdempotencyHeaders, body: OnBehalfApplicationBody,
      response: { 201: Application, ...problemResponses(400, 401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    const auth = authOf(request)
    const { codiceFiscale: given, ...body } = request.body
    const codiceFiscale = requireCodiceFiscale(given)
    if (!(await hasMandate(app.db, patronatoOf(request), codiceFiscale))) {
      throw forbidden('NO_MANDATE', 'The patronato has no mandate from this citizen: record it with POST /api/v1/patronato/mandates')
    }
    const result = await submitApplication(deps, await request.now(), {
      codiceFiscale, channel: 'patronato', authLevel: auth.authLevel, filedBy: auth.subject, patronato: patronatoOf(request),
      caller: `patronato:${patronatoOf(request)}`, requestId: request.id,
    }, body, request.headers['idempotency-key'])
    if (result.replayed) reply.header('idempotent-replayed', 'true')
    return reply.code(result.status as 201).send(result.body)
  })

  app.get('/patronato/applications', {
    onRequest: patronato,
    schema: { operationId: 'listPatronatoApplications', tags: TAGS, security: BEARER_SECURITY, summary: 'Applications this patronato filed', querystring: ApplicationPageQuery, response: { 200: ApplicationPage, ...problemResponses(400, 401, 403) } },
  }, async (request) => pageApplications(app.db, { patronato: patronatoOf(request) }, request.query.cursor, request.query.limit ?? 20))

  app.get('/patronato/applications/:id', {
    onRequest: patronato,
    schema: { operationId: 'getPatronatoApplication', tags: TAGS, security: BEARER_SECURITY, summary: 'One application this patronato filed', params: ApplicationParams, response: { 200: Application, ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => toApplication(requireFound(await findPatronatoApplication(app.db, request.params.id, patronatoOf(request)))))
}

export default patronatoRoutes
