import type { FastifyPluginAsync } from 'fastify'
import authRoutes from './pin/auth.routes.js'
import pinRequestRoutes from './pin/pin-request.routes.js'
import pinRecoveryRoutes from './pin/pin-recovery.routes.js'
import contactCenterRoutes from './operator/contact-center.routes.js'
import applicationRoutes from './application/application.routes.js'
import patronatoRoutes from './application/patronato.routes.js'
import contactCenterApplicationRoutes from './application/contact-center-applications.routes.js'
import dispositivoRequestRoutes from './credential/dispositivo-request.routes.js'
import backofficeRoutes from './credential/backoffice.routes.js'
import contactCenterCredentialRoutes from './credential/contact-center-credential.routes.js'
import officeCounterRoutes from './credential/office-counter.routes.js'
import federatedRoutes from './credential/federated.routes.js'

/** Every /api/v1 route plugin, registered under that prefix by app.ts. */
const apiPlugin: FastifyPluginAsync = async (app) => {
  for (const routes of [authRoutes, pinRequestRoutes, pinRecoveryRoutes, contactCenterRoutes, applicationRoutes, patronatoRoutes, contactCenterApplicationRoutes, dispositivoRequestRoutes, backofficeRoutes, contactCenterCredentialRoutes, officeCounterRoutes, federatedRoutes] as FastifyPluginAsync[]) await app.register(routes)
}

export default apiPlugin
