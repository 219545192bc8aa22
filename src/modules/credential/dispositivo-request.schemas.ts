import { Type, type Static } from 'typebox'
import { CodiceFiscale, IsoDateTime, Page, PageQuery, named } from '../../lib/schemas.js'
import { ACCEPTED_TYPES } from './documents.rules.js'

const EXAMPLE_ID = '5f0c1e7a-3b9d-4c2e-8a61-2d4f9b7e0c13'

export const DispositivoRequestParams = named(
  'DispositivoRequestParams',
  Type.Object({
    id: Type.String({
      format: 'uuid',
      description: 'The id returned when the request was filed',
      examples: [EXAMPLE_ID],
    }),
  }),
)

/** A file part as Swagger UI must render it: a file picker (OpenAPI 3.0 `format: binary`, 3.1 `contentMediaType`). */
const FilePart = (description: string) =>
  Type.String({ format: 'binary', contentMediaType: 'application/octet-stream', description })

const ModulePart = FilePart(
  `The signed request form (modulo). ${ACCEPTED_TYPES.module.join(', ')} by content; at most 5 MB.`,
)
const IdentityDocumentPart = FilePart(
  `The scanned identity document. ${ACCEPTED_TYPES.identityDocument.join(', ')} by content; at most 5 MB.`,
)

/** Documentation of the multipart form (the handler reads the parts itself). */
export const DispositivoUploadForm = named(
  'DispositivoUploadForm',
  Type.Object(
    { module: ModulePart, identityDocument: IdentityDocumentPart },
    { description: 'multipart/form-data with two file parts' },
  ),
)

export const FaxUploadForm = named(
  'FaxUploadForm',
  Type.Object(
    { codiceFiscale: CodiceFiscale, module: ModulePart, identityDocument: IdentityDocumentPart },
    { description: "multipart/form-data: the caller's codice fiscale (text field) and the two faxed documents" },
  ),
)

export const DispositivoRequestAccepted = named(
  'DispositivoRequestAccepted',
  Type.Object(
    { id: Type.String({ format: 'uuid' }), status: Type.Literal('under_review') },
    { description: 'Filed: waiting for the back office', examples: [{ id: EXAMPLE_ID, status: 'under_review' }] },
  ),
)

const Status = Type.Enum(['under_review', 'approved', 'rejected'], {
  description: 'under_review until the back office decides',
})
const Channel = Type.Enum(['web', 'fax'], {
  description: 'web: uploaded by the citizen; fax: filed by the Contact Center',
})

export const DispositivoRequestState = named(
  'DispositivoRequestState',
  Type.Object(
    {
      id: Type.String({ format: 'uuid' }),
      status: Status,
      channel: Channel,
      reason: Type.Optional(Type.String({ description: 'Why it was rejected' })),
      submittedAt: IsoDateTime,
      decidedAt: Type.Optional(IsoDateTime),
    },
    {
      examples: [
        { id: EXAMPLE_ID, status: 'under_review', channel: 'web', submittedAt: '2020-04-01T10:00:00+02:00' },
        {
          id: EXAMPLE_ID,
          status: 'rejected',
          channel: 'web',
          reason: 'Il documento di identità è scaduto',
          submittedAt: '2020-04-01T10:00:00+02:00',
          decidedAt: '2020-04-02T09:30:00+02:00',
        },
      ],
    },
  ),
)
export type DispositivoRequestState = Static<typeof DispositivoRequestState>

export const DocumentInfo = named(
  'DocumentInfo',
  Type.Object({
    field: Type.Enum(['module', 'identityDocument']),
    mimeType: Type.String({ description: 'Detected from the content', examples: ['application/pdf'] }),
    size: Type.Integer({ description: 'Bytes', examples: [48213] }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the stored bytes (hex)' }),
  }),
)

export const QueueItem = named(
  'QueueItem',
  Type.Object({
    ...DispositivoRequestState.properties,
    codiceFiscale: CodiceFiscale,
    documents: Type.Array(DocumentInfo, {
      description: 'Metadata of the stored files; GET .../documents/{field} returns the bytes',
    }),
  }),
)
export type QueueItem = Static<typeof QueueItem>

export const QueuePage = named('QueuePage', Page(QueueItem, 'Conversion requests, oldest first'))
export type QueuePage = Static<typeof QueuePage>

export const QueueQuery = named('QueueQuery', Type.Object({ status: Type.Optional(Status), ...PageQuery.properties }))

export const RejectBody = named(
  'RejectBody',
  Type.Object(
    {
      reason: Type.String({
        minLength: 3,
        maxLength: 500,
        description: 'Told to the citizen',
        examples: ['Il documento di identità è scaduto'],
      }),
    },
    { additionalProperties: false, examples: [{ reason: 'Il documento di identità è scaduto' }] },
  ),
)

export const Approved = named(
  'Approved',
  Type.Object(
    { id: Type.String({ format: 'uuid' }), status: Type.Literal('approved') },
    { examples: [{ id: EXAMPLE_ID, status: 'approved' }] },
  ),
)
export const Rejected = named(
  'Rejected',
  Type.Object(
    { id: Type.String({ format: 'uuid' }), status: Type.Literal('rejected'), reason: Type.String() },
    { examples: [{ id: EXAMPLE_ID, status: 'rejected', reason: 'Il documento di identità è scaduto' }] },
  ),
)

export const DocumentParams = named(
  'DocumentParams',
  Type.Object({
    id: DispositivoRequestParams.properties.id,
    field: Type.Enum(['module', 'identityDocument']),
  }),
)
