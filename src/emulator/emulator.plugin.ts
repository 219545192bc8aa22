import type { FastifyPluginAsync } from 'fastify'
import { emulatorTokenGuard } from './emulator.guard.js'
import clockRoutes from './clock.routes.js'
import personsRoutes from './persons.routes.js'
import operatorsRoutes from './operators.routes.js'
import officesRoutes from './offices.routes.js'
import recordsRoutes from './records.routes.js'
import resetRoutes from './reset.routes.js'
import jobsRoutes from './jobs.routes.js'
import faultsRoutes from './faults.routes.js'
import deliveryFaultsRoutes from './delivery-faults.routes.js'
import idpRoutes from '../modules/credential/idp.routes.js'
import snapshotsRoutes from './snapshots.routes.js'
import requestsRoutes from './requests.routes.js'
import budgetsRoutes from './budgets.routes.js'

/** Everything under /emulator: one guard for all of it (docs/rules.md §8). */
const emulatorPlugin: FastifyPluginAsync<{ adminToken: string }> = async (app, { adminToken }) => {
  app.addHook('onRequest', emulatorTokenGuard(adminToken))
  for (const routes of [
    clockRoutes,
    personsRoutes,
    operatorsRoutes,
    officesRoutes,
    recordsRoutes,
    resetRoutes,
    jobsRoutes,
    faultsRoutes,
    deliveryFaultsRoutes,
    idpRoutes,
    snapshotsRoutes,
    requestsRoutes,
    budgetsRoutes,
  ])
    await app.register(routes)
}

export default emulatorPlugin
