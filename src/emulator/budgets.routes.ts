import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { notFound } from '../lib/errors.js'
import { problemResponses } from '../lib/schemas.js'
import { BenefitCode } from '../modules/application/application.schemas.js'
import { Budget, BudgetBody, BudgetList } from '../modules/payment/payment.schemas.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]
const BudgetParams = Type.Object({ benefitCode: BenefitCode })

/** docs/rules.md §11: spending caps (none by default), so testers can run out of funds. */
const budgetsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { budgets } = app.services.payments

  app.put(
    '/budgets/:benefitCode',
    {
      schema: {
        operationId: 'putBudget',
        tags: TAGS,
        security: SECURITY,
        summary: 'Set the spending cap of a benefit',
        description:
          'From now on the evaluation grants this benefit in protocol order while the cap holds; an eligible application that no longer fits is ' +
          'rejected with reason FONDI_ESAURITI. What was granted since the cap was first set is kept (`grantedEur`); a lower cap grants nothing more.',
        params: BudgetParams,
        body: BudgetBody,
        response: { 200: Budget, ...problemResponses(401) },
      },
    },
    async (request) => budgets.set(request.params.benefitCode, request.body.capEur),
  )

  app.get(
    '/budgets/:benefitCode',
    {
      schema: {
        operationId: 'getBudget',
        tags: TAGS,
        security: SECURITY,
        summary: 'The cap of a benefit and what it granted',
        description: 'A benefit without a cap answers 404 NOT_FOUND.',
        params: BudgetParams,
        response: { 200: Budget, ...problemResponses(401, 404) },
      },
    },
    async (request) =>
      (await budgets.get(request.params.benefitCode)) ?? Promise.reject(notFound('A budget for this benefit')),
  )

  app.get(
    '/budgets',
    {
      schema: {
        operationId: 'listBudgets',
        tags: TAGS,
        security: SECURITY,
        summary: 'Every spending cap',
        description: 'The capped benefits, each with its cap and what it granted.',
        response: { 200: BudgetList, ...problemResponses(401) },
      },
    },
    async () => ({ items: await budgets.list() }),
  )
}

export default budgetsRoutes
