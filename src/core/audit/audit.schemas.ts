import { Type } from 'typebox'
import { CodiceFiscale, IsoDateTime, Page, PageQuery, named } from '../../lib/schemas.js'

export const AuditQuery = named(
  'AuditQuery',
  Type.Object({
    ...PageQuery.properties,
    codiceFiscale: Type.Optional(CodiceFiscale),
    action: Type.Optional(Type.String({ pattern: '^[a-z_.]{1,60}$', examples: ['pin.login'] })),
  }),
)

export const AuditEntry = named(
  'AuditEntry',
  Type.Object({
    id: Type.String({ format: 'uuid' }),
    occurredAt: IsoDateTime,
    actorType: Type.Enum(['citizen', 'operator', 'emulator', 'system', 'anonymous']),
    actorId: Type.Union([Type.String(), Type.Null()]),
    codiceFiscale: Type.Union([Type.String(), Type.Null()]),
    channel: Type.Union([Type.String(), Type.Null()]),
    action: Type.String({ examples: ['pin.requested'] }),
    outcome: Type.Enum(['success', 'failure']),
    detail: Type.Record(Type.String(), Type.Unknown()),
    requestId: Type.Union([Type.String(), Type.Null()]),
  }),
)

export const AuditPage = named(
  'AuditPage',
  Page(AuditEntry, 'Audit trail: who, for whom, through which channel, when, outcome'),
)
