import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { DispositivoChannel, DispositivoRequestStatus } from './dispositivo-request.table.js'
import { conflict, notFound, badRequest } from '../../lib/errors.js'
import { toRomeIso } from '../../lib/rome-time.js'
import type { AuthContext } from '../../core/auth/auth.types.js'
import type { Actor, AuditService } from '../../core/audit/audit.service.js'
import type { OutboxService } from '../../core/outbox/outbox.service.js'
import { findArchivedPerson, requireCodiceFiscale } from '../../core/archive/persons.service.js'
import { findPinCredential, raiseToDispositivo } from '../pin/pin-credential.service.js'
import { auditRefusals } from '../../core/audit/audit.service.js'
import { upgradedLevel } from '../pin/effective-level.service.js'
import {
  decisionMessage,
  faxConversionRefusal,
  notificationChannel,
  onlineConversionRefusal,
} from './credential.rules.js'
import { checkDocuments, type CheckedDocument } from './documents.rules.js'
import {
  decideRequest,
  findDocument,
  findOpenRequestId,
  findOwnRequest,
  findRequest,
  insertDocuments,
  insertOpenRequest,
  listDocumentMeta,
  listRequests,
} from './dispositivo-request.repository.js'
import type { DispositivoRequestState, QueueItem, QueuePage } from './dispositivo-request.schemas.js'
import type { ReceivedUpload } from './uploads.plugin.js'
import { pageOf, withCursor } from '../../lib/paging.js'

/** What the credential services need, given once by the services registry. */
export interface CredentialDeps {
  db: Kysely<Database>
  outbox: Pick<OutboxService, 'send'>
  audit: Pick<AuditService, 'record'>
}

export type Decision = { status: 'approved' } | { status: 'rejected'; reason: string }

const requestAlreadyOpen = (id?: string) =>
  conflict(
    'REQUEST_ALREADY_OPEN',
    'A conversion request for this person is already under review: wait for the decision',
    id ? { requestId: id } : {},
  )

function toState(row: Row<'pin_dispositivo_requests'>): DispositivoRequestState {
  return {
    id: row.id,
    status: row.status,
    channel: row.channel,
    ...(row.reason ? { reason: row.reason } : {}),
    submittedAt: toRomeIso(row.submitted_at),
    ...(row.decided_at ? { decidedAt: toRomeIso(row.decided_at) } : {}),
  }
}

export function createDispositivoRequestService(deps: CredentialDeps) {
  /** One transaction: the request, its files and the audit entry; the partial unique index has the last word. */
  async function file(
    at: Date,
    filing: { codiceFiscale: string; channel: DispositivoChannel; filedBy: string | null },
    documents: CheckedDocument[],
    actor: Actor,
  ) {
    return deps.db.transaction().execute(async (trx) => {
      const row = await insertOpenRequest(trx, {
        id: randomUUID(),
        codice_fiscale: filing.codiceFiscale,
        channel: filing.channel,
        status: 'under_review',
        filed_by: filing.filedBy,
        submitted_at: at,
      })
      if (!row) throw requestAlreadyOpen()
      await insertDocuments(
        trx,
        documents.map((d) => ({
          request_id: row.id,
          field: d.field,
          mime_type: d.mimeType,
          size: d.size,
          sha256: d.sha256,
          filename: d.filename,
          content: d.content,
          created_at: at,
        })),
      )
      await deps.audit.record(trx, at, actor, {
        action: 'dispositivo.requested',
        outcome: 'success',
        codiceFiscale: filing.codiceFiscale,
        detail: {
          requestId: row.id,
          channel: filing.channel,
          documents: documents.map((d) => ({ field: d.field, mimeType: d.mimeType, size: d.size, sha256: d.sha256 })),
        },
      })
      return { id: row.id, status: 'under_review' as const }
    })
  }

  return {
    /** docs/rules.md §4, online: eligibility first (before accepting megabytes), then the files, checked by content. */
    async submitOnline(at: Date, auth: AuthContext, read: () => Promise<ReceivedUpload>, requestId: string) {
      const cf = auth.subject
      const actor: Actor = { type: 'citizen', id: cf, channel: 'web', requestId }
      return auditRefusals(deps, at, actor, { action: 'dispositivo.requested', codiceFiscale: () => cf }, async () => {
        const credential = await findPinCredential(deps.db, cf)
        const refusal = onlineConversionRefusal(upgradedLevel(auth.authLevel, credential), credential)
        if (refusal) throw refusal
        const open = await findOpenRequestId(deps.db, cf)
        if (open) throw requestAlreadyOpen(open)
        const documents = await checkDocuments((await read()).files)
        return file(at, { codiceFiscale: cf, channel: 'web', filedBy: null }, documents, actor)
      })
    },

    /** docs/rules.md §4, fax: the Contact Center files the caller's faxed documents into the same queue. */
    async submitFax(at: Date, operatorId: string, read: () => Promise<ReceivedUpload>, requestId: string) {
      const actor: Actor = { type: 'operator', id: operatorId, channel: 'fax', requestId }
      let cf: string | undefined
      return auditRefusals(deps, at, actor, { action: 'dispositivo.requested', codiceFiscale: () => cf }, async () => {
        const upload = await read()
        const given = upload.fields.get('codiceFiscale')
        if (!given)
          throw badRequest('MISSING_FIELD', 'The form field codiceFiscale is missing', { field: 'codiceFiscale' })
        cf = requireCodiceFiscale(given)
        const refusal = faxConversionRefusal(await findPinCredential(deps.db, cf))
        if (refusal) throw refusal
        const open = await findOpenRequestId(deps.db, cf)
        if (open) throw requestAlreadyOpen(open)
        const documents = await checkDocuments(upload.files)
        return file(at, { codiceFiscale: cf, channel: 'fax', filedBy: operatorId }, documents, actor)
      })
    },

    /** The owner's view: someone else's request is indistinguishable from an unknown id. */
    async readOwn(auth: AuthContext, id: string): Promise<DispositivoRequestState> {
      const row = await findOwnRequest(deps.db, id, auth.subject)
      if (!row) throw notFound('PIN dispositivo request', 'REQUEST_NOT_FOUND')
      return toState(row)
    },

    /** A stored file, for the reviewer to look at. */
    async document(id: string, field: string) {
      const found = await findDocument(deps.db, id, field)
      if (!found) throw notFound('Document', 'DOCUMENT_NOT_FOUND')
      return found
    },

    async queue(filter: { status?: DispositivoRequestStatus; cursor?: string; limit: number }): Promise<QueuePage> {
      const rows = await listRequests(deps.db, {
        status: filter.status,
        afterSeq: filter.cursor ? Number(filter.cursor) : undefined,
        limit: filter.limit + 1,
      })
      const { shown, nextCursor } = pageOf(rows, filter.limit, (last) => String(last.seq))
      const documents = await listDocumentMeta(
        deps.db,
        shown.map((r) => r.id),
      )
      const items: QueueItem[] = shown.map((row) => ({
        ...toState(row),
        codiceFiscale: row.codice_fiscale,
        documents: documents
          .filter((d) => d.request_id === row.id)
          .map((d) => ({ field: d.field, mimeType: d.mime_type, size: d.size, sha256: d.sha256 })),
      }))
      return withCursor(items, nextCursor)
    },

    /**
     * Approve or reject, once. Approval raises the credential in the same transaction; the citizen is
     * notified either way (outbox, same transaction: no notice for a decision that rolled back).
     */
    async decide<D extends Decision>(
      at: Date,
      operatorId: string,
      id: string,
      decision: D,
      requestId: string,
    ): Promise<D & { id: string }> {
      const actor: Actor = { type: 'operator', id: operatorId, channel: 'backoffice', requestId }
      let cf: string | undefined
      const action = decision.status === 'approved' ? 'dispositivo.approved' : 'dispositivo.rejected'
      return auditRefusals(deps, at, actor, { action, codiceFiscale: () => cf, detail: { requestId: id } }, () =>
        deps.db.transaction().execute(async (trx) => {
          const row = await decideRequest(trx, id, {
            status: decision.status,
            reason: decision.status === 'rejected' ? decision.reason : null,
            decidedBy: operatorId,
            at,
          })
          if (!row) {
            const existing = await findRequest(trx, id)
            if (!existing) throw notFound('PIN dispositivo request', 'REQUEST_NOT_FOUND')
            cf = existing.codice_fiscale
            throw conflict('ALREADY_DECIDED', `This request was already ${existing.status}`, {
              currentStatus: existing.status,
            })
          }
          cf = row.codice_fiscale
          if (decision.status === 'approved') await raiseToDispositivo(trx, row.codice_fiscale, at)
          const contacts =
            (await findPinCredential(trx, row.codice_fiscale))?.contacts ??
            (await findArchivedPerson(trx, row.codice_fiscale))?.contacts ??
            {}
          const to = notificationChannel(contacts)
          if (to)
            await deps.outbox.send(trx, at, [
              { codiceFiscale: row.codice_fiscale, ...to, ...decisionMessage(decision), deliverAt: at },
            ])
          await deps.audit.record(trx, at, actor, {
            action,
            outcome: 'success',
            codiceFiscale: row.codice_fiscale,
            detail: {
              requestId: id,
              notifiedBy: to?.channel ?? null,
              ...(decision.status === 'rejected' ? { reason: decision.reason } : {}),
            },
          })
          return { id, ...decision }
        }),
      )
    },
  }
}

export type DispositivoRequestService = ReturnType<typeof createDispositivoRequestService>
