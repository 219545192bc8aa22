import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { named, problemResponses } from '../lib/schemas.js'
import { toRomeIso } from '../lib/rome-time.js'
import type { SnapshotSummary } from './snapshots.repository.js'

const TAGS = ['emulator']
const SECURITY = [{ emulatorToken: [] }]

const SnapshotName = Type.String({
  pattern: '^[A-Za-z0-9._-]{1,64}$',
  description: 'Letters, digits, dot, dash, underscore (at most 64)',
  examples: ['before-submission'],
})

export const SnapshotBody = named(
  'SnapshotBody',
  Type.Object({ name: SnapshotName }, { additionalProperties: false, examples: [{ name: 'before-submission' }] }),
)

export const Snapshot = named(
  'SnapshotInfo',
  Type.Object(
    {
      name: SnapshotName,
      createdAt: Type.String({ format: 'date-time', description: 'Real time it was taken' }),
      emulatedAt: Type.String({
        format: 'date-time',
        description: 'The emulated now it was taken at: a restore puts a running clock back here',
      }),
      size: Type.Integer({ description: 'Bytes the saved rows take in the database', examples: [48213] }),
    },
    {
      examples: [
        {
          name: 'before-submission',
          createdAt: '2026-11-29T15:00:00.000+01:00',
          emulatedAt: '2020-04-01T10:00:00.000+02:00',
          size: 48213,
        },
      ],
    },
  ),
)

const SnapshotList = named(
  'SnapshotList',
  Type.Object({ items: Type.Array(Snapshot) }, { description: 'Every snapshot, oldest first' }),
)
const NameParams = Type.Object({ name: SnapshotName })

const present = (s: SnapshotSummary) => ({
  name: s.name,
  createdAt: toRomeIso(s.createdAt),
  emulatedAt: toRomeIso(s.emulatedAt),
  size: s.size,
})

/** Named copies of the whole state, to go back to between test cases (docs/testing-with-the-sandbox.md). */
const snapshotsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/snapshots',
    {
      schema: {
        operationId: 'saveSnapshot',
        tags: TAGS,
        security: SECURITY,
        summary: 'Save the whole state under a name',
        description:
          'Copies every table (people, PINs, applications, outbox, audit, clock, faults, keys, and tables added later), and every sequence, as of one instant. Kept in the database: snapshots survive a restart and a reset. The request journal is not part of the state.',
        body: SnapshotBody,
        response: { 201: Snapshot, ...problemResponses('SNAPSHOT_EXISTS', 400, 401) },
      },
    },
    async (request, reply) => {
      reply.code(201)
      return present(await app.services.snapshots.save(request.body.name))
    },
  )

  app.get(
    '/snapshots',
    {
      schema: {
        operationId: 'listSnapshots',
        tags: TAGS,
        security: SECURITY,
        summary: 'The saved snapshots',
        description:
          'Admin token only. Every snapshot saved with POST /emulator/snapshots: its name, when it was taken (real and emulated time) and its size in bytes. Snapshots live in the database: they survive a restart and a reset.',
        response: { 200: SnapshotList, ...problemResponses(401) },
      },
    },
    async () => ({ items: (await app.services.snapshots.list()).map(present) }),
  )

  app.post(
    '/snapshots/:name/restore',
    {
      schema: {
        operationId: 'restoreSnapshot',
        tags: TAGS,
        security: SECURITY,
        summary: 'Bring back the state of a snapshot',
        description:
          "In one transaction: every table as it was, sequences included; a running clock restarts from the snapshot's emulated now, at its speed. Requests in flight on this instance finish first; those arriving meanwhile wait (503 RESTORE_IN_PROGRESS with Retry-After past RESTORE_WAIT_MS). Every instance drops its cached clock and session versions.",
        params: NameParams,
        response: { 200: Snapshot, ...problemResponses('SNAPSHOT_NOT_FOUND', 400, 401) },
      },
    },
    async (request) => {
      const restored = await app.services.snapshots.restore(request.params.name)
      app.faults.invalidate()
      return present(restored)
    },
  )

  app.delete(
    '/snapshots/:name',
    {
      schema: {
        operationId: 'deleteSnapshot',
        tags: TAGS,
        security: SECURITY,
        summary: 'Delete a snapshot',
        description:
          'Admin token only. Removes the named snapshot; the current state is not touched. 404 SNAPSHOT_NOT_FOUND for an unknown name.',
        params: NameParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses('SNAPSHOT_NOT_FOUND', 400, 401) },
      },
    },
    async (request, reply) => {
      await app.services.snapshots.remove(request.params.name)
      return reply.code(204).send(null)
    },
  )
}

export default snapshotsRoutes
