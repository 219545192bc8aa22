import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import type { ErrorCode } from '../../lib/error-codes.js'
import { problemResponses } from '../../lib/schemas.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import {
  Application,
  ApplicationBody,
  ApplicationPage,
  ApplicationPageQuery,
  ApplicationParams,
  BenefitList,
  IdempotencyHeaders,
  Stats,
} from './application.schemas.js'
import type { SubmissionResult } from './application.service.js'

const TAGS = ['applications']

/**
 * A submission on any channel: an Idempotency-Key makes it safe to retry, and the retry gets the first
 * answer again, marked. `refusals` are the channel's own, besides the ones every submission can give.
 */
export const submissionContract = (...refusals: ErrorCode[]) => ({
  headers: IdempotencyHeaders,
  response: { 201: Application, ...problemResponses(...refusals, 400, 401, 403, 409, 422) },
})

/** Sets a submission's status (and marks a replay); the handler returns the body it gives back. */
export function submissionAnswer(reply: FastifyReply, result: SubmissionResult): SubmissionResult['body'] {
  if (result.replayed) reply.header('idempotent-replayed', 'true')
  reply.code(result.status)
  return result.body
}

const applicationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { applications } = app.services
  const citizen = [app.requireAuth({ roles: ['citizen'] }), app.requireAccessWindow()]

  app.get(
    '/benefits',
    {
      schema: {
        operationId: 'listBenefits',
        tags: TAGS,
        summary: 'The Cura Italia benefits (DL 18/2020)',
        description:
          'Public, cacheable for a minute. As of the emulated date: per benefit, legal basis, amount, exclusive group (benefits of one group exclude each other), the declarations an application must make, the authentication levels it accepts, and when applications open and close (docs/rules.md §11).',
        response: { 200: BenefitList },
      },
    },
    async (request, reply) => {
      // The answer follows the emulated clock, which testers move: a short shared cache only.
      reply.header('cache-control', 'public, max-age=60')
      return { items: applications.catalogue(await request.now()) }
    },
  )

  app.post(
    '/applications',
    {
      onRequest: citizen,
      onSend: app.auditRefusals({ action: 'application.submitted', channel: 'web' }),
      schema: {
        operationId: 'submitApplication',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Submit an application for yourself',
        description:
          'Citizens only, 16:00-08:00 Rome time from 2 April 2020 (403 OUTSIDE_ACCESS_WINDOW otherwise). One application per benefit; the five ' +
          'indemnities exclude each other. Starts `submitted`; evaluation against the archive follows asynchronously. ' +
          'Send an Idempotency-Key to retry safely: the same key and body replay the first answer.',
        body: ApplicationBody,
        ...submissionContract(),
      },
    },
    async (request, reply) => {
      const auth = authOf(request)
      const result = await applications.submit(
        await request.now(),
        {
          codiceFiscale: auth.subject,
          channel: 'web',
          authLevel: auth.authLevel,
          caller: `citizen:${auth.subject}`,
          requestId: request.id,
        },
        request.body,
        request.headers['idempotency-key'],
      )
      return submissionAnswer(reply, result)
    },
  )

  app.get(
    '/applications',
    {
      onRequest: citizen,
      schema: {
        operationId: 'listOwnApplications',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Your applications, newest first',
        description:
          "Citizens only, within the citizens' access window like submission. Pages of `limit` (default 20); pass `nextCursor` as `cursor` for the next page.",
        querystring: ApplicationPageQuery,
        response: { 200: ApplicationPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => applications.pageOwn(authOf(request).subject, request.query.cursor, request.query.limit ?? 20),
  )

  app.get(
    '/applications/:id',
    {
      onRequest: citizen,
      schema: {
        operationId: 'getOwnApplication',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: "One of your applications (404 for anyone else's)",
        description:
          "Citizens only, within the access window. With its evaluation once done: status, reasons for a rejection, amount. Someone else's application answers 404 APPLICATION_NOT_FOUND, like a missing one.",
        params: ApplicationParams,
        response: { 200: Application, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => applications.getOwn(request.params.id, authOf(request).subject),
  )

  app.get(
    '/stats/applications',
    {
      schema: {
        operationId: 'applicationStats',
        tags: TAGS,
        summary: 'Public counters per benefit and status',
        description:
          'Public, cacheable for 10 seconds: applications per benefit and status as of the emulated now, as INPS gave them to the press. No personal data.',
        response: { 200: Stats },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=10')
      return applications.stats(await request.now())
    },
  )
}

export default applicationRoutes
