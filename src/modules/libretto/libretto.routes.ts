import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { BEARER_SECURITY, authOf } from '../../core/auth/auth.plugin.js'
import {
  LibrettoParams,
  LibrettoRegistration,
  LibrettoView,
  Prestatore,
  PrestatoreBody,
  Prestazione,
  PrestazioneBody,
} from './libretto.schemas.js'

const TAGS = ['libretto-famiglia']
const LEVELS =
  'A PIN semplificato gets 403 SECOND_HALF_REQUIRED; changes need a PIN dispositivo, SPID 2+, CIE or CNS (403 DISPOSITIVO_REQUIRED for a PIN ordinario).'
/** The refusals LEVELS describes, on every change to a libretto. */
const LEVEL_ERRORS = ['SECOND_HALF_REQUIRED', 'DISPOSITIVO_REQUIRED'] as const

/** docs/rules.md §13: the baby-sitting bonus on the Libretto Famiglia. Every query names the caller as owner. */
const librettoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { libretto } = app.services
  const citizen = [app.requireAuth({ roles: ['citizen'] }), app.requireAccessWindow()]

  app.post(
    '/applications/:id/libretto-famiglia',
    {
      onRequest: citizen,
      schema: {
        operationId: 'registerLibrettoFamiglia',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Take up an accepted baby-sitting bonus on the Libretto Famiglia',
        description: `Within 15 calendar days of the acceptance (appropriateBy); asking again answers the same. ${LEVELS}`,
        params: LibrettoParams,
        response: {
          200: LibrettoRegistration,
          ...problemResponses(
            ...LEVEL_ERRORS,
            'APPLICATION_NOT_FOUND',
            'NOT_BABY_SITTING',
            'APPLICATION_NOT_ACCEPTED',
            'APPROPRIATION_DEADLINE_PASSED',
          ),
        },
      },
    },
    async (request) => libretto.register(await request.now(), authOf(request), request.params.id, request.id),
  )

  app.post(
    '/libretto-famiglia/prestatori',
    {
      onRequest: citizen,
      schema: {
        operationId: 'addPrestatore',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Register a baby-sitter (prestatore) on your libretto',
        description: `Not a member of your household (422 PRESTATORE_COHABITING). ${LEVELS}`,
        body: PrestatoreBody,
        response: {
          201: Prestatore,
          ...problemResponses(
            ...LEVEL_ERRORS,
            'LIBRETTO_NOT_FOUND',
            'PRESTATORE_ALREADY_REGISTERED',
            'PRESTATORE_COHABITING',
          ),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await libretto.addPrestatore(await request.now(), authOf(request), request.body, request.id)),
  )

  app.post(
    '/libretto-famiglia/prestazioni',
    {
      onRequest: citizen,
      schema: {
        operationId: 'addPrestazione',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Enter work done by a registered baby-sitter',
        description:
          'Paid in titles of 10 euro, at least one an hour (422 AMOUNT_NOT_IN_TITLES, TOO_FEW_TITLES): the gross amount is spent from the credit (409 INSUFFICIENT_CREDIT), ' +
          'the baby-sitter is paid 8 euro a title (netEur), the rest goes to contributions, insurance and costs (charges). Days of work from 5 March to 31 August 2020 (422 BEFORE_FIRST_DAY, AFTER_LAST_DAY), ' +
          'not in the future (422 WORK_DATE_IN_FUTURE), entered by 31 December 2020 (403 ENTRY_PERIOD_CLOSED). ' +
          `Work entered by the 3rd of a month is paid to the baby-sitter on the 15th of that month, later on the 15th of the next: see paymentDate. ${LEVELS}`,
        body: PrestazioneBody,
        response: {
          201: Prestazione,
          ...problemResponses(
            ...LEVEL_ERRORS,
            'LIBRETTO_NOT_FOUND',
            'INSUFFICIENT_CREDIT',
            'AFTER_LAST_DAY',
            'BEFORE_FIRST_DAY',
            'ENTRY_PERIOD_CLOSED',
            'WORK_DATE_IN_FUTURE',
            'INVALID_AMOUNT',
            'AMOUNT_NOT_IN_TITLES',
            'TOO_FEW_TITLES',
            'PRESTATORE_NOT_REGISTERED',
            400,
          ),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await libretto.addPrestazione(await request.now(), authOf(request), request.body, request.id)),
  )

  app.get(
    '/libretto-famiglia',
    {
      onRequest: citizen,
      schema: {
        operationId: 'getLibrettoFamiglia',
        tags: TAGS,
        security: BEARER_SECURITY,
        summary: 'Your Libretto Famiglia: credit, what was used, baby-sitters and work entered',
        description:
          'An activated PIN or better (403 SECOND_HALF_REQUIRED for a PIN semplificato); 404 LIBRETTO_NOT_FOUND until a bonus is taken up.',
        response: { 200: LibrettoView, ...problemResponses('SECOND_HALF_REQUIRED', 'LIBRETTO_NOT_FOUND') },
      },
    },
    async (request) => libretto.view(authOf(request)),
  )
}

export default librettoRoutes
