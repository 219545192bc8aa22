import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { unauthorized } from '../../lib/errors.js'
import { problemResponses } from '../../lib/schemas.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import { submissionAnswer, submissionContract } from './application.routes.js'
import { requireCodiceFiscale } from '../../core/archive/persons.service.js'
import {
  Application,
  ApplicationPage,
  ApplicationPageQuery,
  ApplicationParams,
  Mandate,
  MandateBody,
  OnBehalfApplicationBody,
} from './application.schemas.js'

const TAGS = ['patronato']

/**
 * A patronato is its organisation, by id: its operators share mandates and see what any of them filed.
 * Never by name, which any new operator may repeat. A token without one predates organisations.
 */
export function patronatoOf(request: FastifyRequest): string {
  const { organisationId } = authOf(request)
  if (organisationId === undefined) throw unauthorized('INVALID_TOKEN', 'The token names no organisation: log in again')
  return organisationId
}

/** A CAF files on its own channel; everything else about its filings is a patronato's. */
const channelOf = (request: FastifyRequest) => (authOf(request).role === 'caf' ? 'caf' : 'patronato')

const patronatoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { applications } = app.services
  // A CAF under convention uses the same routes, with its own mandates and filings (docs/rules.md §19).
  const patronato = [app.requireAuth({ roles: ['patronato', 'caf'] }), app.requireAccessWindow()]

  app.post(
    '/patronato/mandates',
    {
      onRequest: patronato,
      schema: {
        operationId: 'createMandate',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Record the mandate a citizen gave the patronato',
        description:
          "Patronato and CAF operators only, within the intermediaries' access window. The mandate belongs to the operator's organisation; recording it again answers the first one. Applications on the citizen's behalf need it (403 NO_MANDATE otherwise).",
        body: MandateBody,
        response: { 201: Mandate, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const mandate = await applications.grantMandate(
        await request.now(),
        patronatoOf(request),
        authOf(request).subject,
        requireCodiceFiscale(request.body.codiceFiscale),
        request.id,
        channelOf(request),
      )
      reply.code(201)
      return mandate
    },
  )

  app.post(
    '/patronato/applications',
    {
      onRequest: patronato,
      onSend: app.auditRefusals({ action: 'application.submitted', channel: 'patronato' }),
      schema: {
        operationId: 'submitPatronatoApplication',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Submit an application for a citizen under mandate',
        description:
          'Patronati, 08:00-16:00 Rome time from 2 April 2020; CAF (role caf) the same way, for the benefits open to CAF only (the Reddito di Emergenza), on channel caf: another benefit answers 403 INTERMEDIARY_NOT_ALLOWED. Other intermediaries (commercialisti) get 403 INTERMEDIARY_NOT_ALLOWED.',
        body: OnBehalfApplicationBody,
        ...submissionContract(),
      },
    },
    async (request, reply) => {
      const auth = authOf(request)
      const { codiceFiscale: given, ...body } = request.body
      const result = await applications.submitForPatronato(
        await request.now(),
        {
          codiceFiscale: requireCodiceFiscale(given),
          channel: channelOf(request),
          authLevel: auth.authLevel,
          filedBy: auth.subject,
          patronato: patronatoOf(request),
          caller: `patronato:${patronatoOf(request)}`,
          requestId: request.id,
        },
        body,
        request.headers['idempotency-key'],
      )
      return submissionAnswer(reply, result)
    },
  )

  app.get(
    '/patronato/applications',
    {
      onRequest: patronato,
      schema: {
        operationId: 'listPatronatoApplications',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Applications this patronato filed',
        description:
          'Patronato (and CAF) operators only, within the access window: the applications filed by any operator of the same organisation, newest first. Pages of `limit` (default 20) with `cursor`.',
        querystring: ApplicationPageQuery,
        response: { 200: ApplicationPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => applications.pageFiledBy(patronatoOf(request), request.query.cursor, request.query.limit ?? 20),
  )

  app.get(
    '/patronato/applications/:id',
    {
      onRequest: patronato,
      schema: {
        operationId: 'getPatronatoApplication',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'One application this patronato filed',
        description:
          'Patronato (and CAF) operators only, within the access window. An application filed by anyone else answers 404 APPLICATION_NOT_FOUND.',
        params: ApplicationParams,
        response: { 200: Application, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => applications.getFiledBy(request.params.id, patronatoOf(request)),
  )
}

export default patronatoRoutes
