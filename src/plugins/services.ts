import fp from 'fastify-plugin'
import type { FastifyBaseLogger, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import type { DatabaseHandle } from '../db/create-db.js'
import { createClockService } from '../core/clock/clock.service.js'
import { CLOCK_CHANNEL } from '../core/clock/clock.service.js'
import { createAuditService, type Actor } from '../core/audit/audit.service.js'
import { createAuditBatch } from '../core/audit/audit-batch.service.js'
import { createOutboxService } from '../core/outbox/outbox.service.js'
import { createDeliveryFaultsService } from '../core/outbox/delivery-faults.service.js'
import { createFaultsService } from '../core/faults/faults.service.js'
import { createPersonsService } from '../core/archive/persons.service.js'
import { createOfficesService } from '../core/offices/offices.service.js'
import {
  createSessionVersions,
  isReloadNotice,
  SESSION_VERSIONS_CHANNEL,
} from '../core/auth/session-versions.service.js'
import { createTokenService } from '../core/auth/token.service.js'
import { createRateLimitService } from '../core/access/rate-limit.service.js'
import { createOperatorsService, operatorSessionVersions } from '../modules/operator/operator.service.js'
import { citizenSessionVersions } from '../modules/pin/pin-credential.service.js'
import { createOperatorLoginService } from '../modules/operator/operator-login.service.js'
import { createPinLoginService } from '../modules/pin/login.service.js'
import { createPinChangeService } from '../modules/pin/pin-change.service.js'
import { createMeService } from '../modules/pin/me.service.js'
import { createPinRequestService } from '../modules/pin/pin-request.service.js'
import { createPinRecoveryService } from '../modules/pin/pin-recovery.service.js'
import { createContactCenterPinService } from '../modules/pin/contact-center-pin.service.js'
import { createIdentityProvider, createTestIdpService } from '../modules/credential/idp.service.js'
import { createFederatedService } from '../modules/credential/federated.service.js'
import { createDispositivoRequestService } from '../modules/credential/dispositivo-request.service.js'
import { createDispositivoIssueService } from '../modules/credential/dispositivo-issue.service.js'
import { createSubmissionBatcher } from '../modules/application/submission.service.js'
import { createApplicationService } from '../modules/application/application.service.js'
import { createEvaluationService } from '../modules/application/evaluation.service.js'
import { createInstalmentService } from '../modules/application/instalment.service.js'
import { createContactCenterFilingService } from '../modules/application/contact-center-filing.service.js'
import { createContactCenterEnquiryService } from '../modules/application/contact-center-enquiries.service.js'
import { createHealthService } from '../modules/health/health.service.js'
import { createLibrettoService } from '../modules/libretto/libretto.service.js'
import { createPaymentService } from '../modules/payment/payment.service.js'
import { createOutcomeService } from '../modules/application/outcome.service.js'
import { createFixturesService } from '../emulator/fixtures.service.js'
import { createRecordsService } from '../emulator/records.service.js'
import { createRequestGate } from '../emulator/request-gate.js'
import { createSnapshotsService } from '../emulator/snapshots.service.js'
import { onStateReplaced } from '../emulator/state-replaced.js'
import { createRequestJournal } from '../core/journal/journal.service.js'
import { createKnownApplications } from '../modules/application/known-applications.js'

/** Applications per group commit of the submission batcher. */
const MAX_BATCH = 64

/**
 * Every service of the app, built once from the database handle and the config, each given only what it
 * uses. Routes and plugins read them from `app.services`; nothing else constructs a service.
 */
async function buildServices(config: Config, handle: DatabaseHandle, log: FastifyBaseLogger) {
  const { db } = handle
  const closers: Array<() => Promise<void>> = []
  // Listen before loading: a change made meanwhile is then heard, not missed.
  const listen = async (channel: string, onNotify: (payload?: string) => void) => {
    const stop = await handle.listen?.(channel, onNotify)
    if (stop) closers.push(stop)
  }

  const clock = createClockService(db)
  await listen(CLOCK_CHANNEL, () => clock.invalidate())
  const audit = createAuditService()
  // Refusals are audited in batches, off the request path (docs/decisions.md §13).
  const auditBatch = createAuditBatch(db, {
    onError: (err, queued) => log.error({ err, queued }, 'audit batch not written; kept for the next write'),
  })
  closers.push(() => auditBatch.flush())
  const outbox = createOutboxService()

  const sessionVersions = createSessionVersions(
    { citizen: citizenSessionVersions(db), operator: operatorSessionVersions(db) },
    config.accessTokenTtlSeconds,
  )
  const tokens = createTokenService(db, clock, config.accessTokenTtlSeconds, { versions: sessionVersions })
  const knownApplications = createKnownApplications()
  // A reset or a restore replaced the whole state: what this instance remembered of it goes.
  const forgetState = () => {
    sessionVersions.reload()
    tokens.forgetKeys()
    knownApplications.forget()
    auditBatch.forget()
  }
  await listen(SESSION_VERSIONS_CHANNEL, (payload) =>
    isReloadNotice(payload) ? forgetState() : sessionVersions.onNotification(payload),
  )
  const unregister = onStateReplaced(forgetState)
  closers.push(async () => unregister())
  await sessionVersions.start()
  closers.push(() => sessionVersions.close())
  await tokens.init()

  const identityProvider = createIdentityProvider(db)
  const postalDelayHours = config.rules.postalDelayHours
  const pinIssuanceEnd = config.rules.pinIssuanceEnd
  const pinDeps = { db, outbox, audit, postalDelayHours, pinIssuanceEnd }
  const operatorLogin = createOperatorLoginService({ db, tokens, audit })
  const pinLogin = createPinLoginService({
    db,
    tokens,
    audit,
    emergencyEnd: config.rules.emergencyEnd,
    semplificatoFrom: config.rules.semplificatoFrom,
  })
  const payments = createPaymentService({ db })
  // PGlite has one connection: one batch at a time.
  const submissions = createSubmissionBatcher(db, {
    maxInFlight: handle.backend === 'pglite' ? 1 : config.submissionBatchesInFlight,
    maxBatch: MAX_BATCH,
  })

  // Sandbox powers: requests of this instance wait while a snapshot is restored; the journal writes in batches.
  const requestGate = createRequestGate({ waitMs: config.restoreWaitMs })
  const journal = createRequestJournal(db, { ...config.requestJournal, copyFrom: handle.copyFrom })
  closers.push(() => journal.close())

  const instalments = createInstalmentService({ db, clock, payments })
  const applications = createApplicationService({
    db,
    audit,
    submissions,
    payments,
    calendar: config.rules.calendar,
    known: knownApplications,
  })
  const services = {
    clock,
    audit,
    auditBatch,
    outbox,
    deliveryFaults: createDeliveryFaultsService(db),
    tokens,
    faults: createFaultsService(db),
    persons: createPersonsService({ db, audit }),
    offices: createOfficesService({ db, audit }),
    rateLimits: createRateLimitService(db),
    operators: createOperatorsService({ db, audit }),
    operatorLogin,
    pinLogin,
    pinChange: createPinChangeService({ db, tokens, audit, operators: operatorLogin }),
    me: createMeService(db),
    pinRequests: createPinRequestService(pinDeps),
    pinRecovery: createPinRecoveryService(pinDeps),
    contactCenterPin: createContactCenterPinService(pinDeps),
    identityProvider,
    testIdp: createTestIdpService({ db, audit, idp: identityProvider }),
    federated: createFederatedService({ db, audit, tokens, idp: identityProvider }),
    dispositivoRequests: createDispositivoRequestService({ db, outbox, audit }),
    dispositivoIssue: createDispositivoIssueService({ db, outbox, audit, pinIssuanceEnd }),
    submissions,
    payments,
    applications,
    outcomes: createOutcomeService({ db, audit, payments }),
    contactCenterFiling: createContactCenterFilingService({ callers: pinLogin, applications }),
    contactCenterEnquiries: createContactCenterEnquiryService({ db, audit, callers: pinLogin, applications, payments }),
    evaluation: createEvaluationService({ db, audit, outbox, clock, payments, instalments }),
    instalments,
    libretto: createLibrettoService({ db, audit, outbox, payments }),
    health: createHealthService(db),
    fixtures: createFixturesService({ db, audit, clock, tokens }),
    records: createRecordsService({ db, outbox, clock, audit: auditBatch }),
    requestGate,
    snapshots: createSnapshotsService({ db, clock, gate: requestGate, audit: auditBatch }),
    journal,
  }
  const close = async () => {
    for (const stop of closers) await stop()
  }
  return { services, close }
}

export type AppServices = Awaited<ReturnType<typeof buildServices>>['services']

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    services: AppServices
    /** Shortcuts to the core services that plugins and tests use most: the same instances as in `services`. */
    clock: AppServices['clock']
    audit: AppServices['audit']
    outbox: AppServices['outbox']
    tokens: AppServices['tokens']
    submissions: AppServices['submissions']
  }
  interface FastifyRequest {
    emulatedNow: Promise<Date> | null
    /** The emulated time of this request: read once, then the same instant for every rule it meets. */
    now(): Promise<Date>
  }
}

export default fp<{ config: Config; handle: DatabaseHandle }>(
  async (app, { config, handle }) => {
    app.decorate('config', config)
    const { services, close } = await buildServices(config, handle, app.log)
    app.addHook('onClose', close)
    app.decorate('services', services)
    app.decorate('clock', services.clock)
    app.decorate('audit', services.audit)
    app.decorate('outbox', services.outbox)
    app.decorate('tokens', services.tokens)
    app.decorate('submissions', services.submissions)
    app.decorateRequest('emulatedNow', null)
    app.decorateRequest('now', function (this: FastifyRequest) {
      this.emulatedNow ??= this.server.services.clock.now()
      return this.emulatedNow
    })
  },
  { name: 'services', dependencies: ['database'] },
)

export type { Actor }
