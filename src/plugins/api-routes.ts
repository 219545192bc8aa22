import type { FastifyPluginAsync } from 'fastify'
import operatorRoutes from '../modules/operator/operator.routes.js'
import loginRoutes from '../modules/pin/login.routes.js'
import pinRequestRoutes from '../modules/pin/pin-request.routes.js'
import pinRecoveryRoutes from '../modules/pin/pin-recovery.routes.js'
import contactCenterPinRoutes from '../modules/pin/contact-center-pin.routes.js'
import applicationRoutes from '../modules/application/application.routes.js'
import patronatoRoutes from '../modules/application/patronato.routes.js'
import contactCenterApplicationRoutes from '../modules/application/contact-center-applications.routes.js'
import dispositivoRequestRoutes from '../modules/credential/dispositivo-request.routes.js'
import backofficeRoutes from '../modules/credential/backoffice.routes.js'
import contactCenterCredentialRoutes from '../modules/credential/contact-center-credential.routes.js'
import officeCounterRoutes from '../modules/credential/office-counter.routes.js'
import federatedRoutes from '../modules/credential/federated.routes.js'
import librettoRoutes from '../modules/libretto/libretto.routes.js'
import paymentRoutes from '../modules/payment/payment.routes.js'
import outcomeRoutes from '../modules/application/outcome.routes.js'

const API_ROUTES = [
  loginRoutes,
  operatorRoutes,
  pinRequestRoutes,
  pinRecoveryRoutes,
  contactCenterPinRoutes,
  applicationRoutes,
  patronatoRoutes,
  contactCenterApplicationRoutes,
  dispositivoRequestRoutes,
  backofficeRoutes,
  contactCenterCredentialRoutes,
  officeCounterRoutes,
  federatedRoutes,
  librettoRoutes,
  paymentRoutes,
  outcomeRoutes,
] as FastifyPluginAsync[]

/** Every /api/v1 route plugin, registered under that prefix by app.ts. */
const apiRoutes: FastifyPluginAsync = async (app) => {
  for (const routes of API_ROUTES) await app.register(routes)
}

export default apiRoutes
