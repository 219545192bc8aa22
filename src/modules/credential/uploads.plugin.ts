import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError, badRequest } from '../../lib/errors.js'
import { MAX_DOCUMENT_BYTES } from './documents.rules.js'

/**
 * @fastify/multipart for the calling (encapsulated) plugin only: the rest of the API keeps refusing
 * multipart bodies. Two files of at most 5 MB each, and a few small text fields.
 */
export async function acceptUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 2, fields: 4, fieldSize: 256, parts: 8, headerPairs: 50 },
  })
}

/**
 * Route option for the upload routes: the body schema only documents the form (OpenAPI, Swagger UI) and the handler reads
 * the parts itself, so nothing is validated up front. These routes have no params, query or headers schema to lose.
 */
export const documentOnlyBody = { validatorCompiler: () => () => true }

export interface ReceivedUpload {
  files: Map<string, { content: Buffer; filename: string | null }>
  fields: Map<string, string>
}

const tooLarge = (field: string | undefined) =>
  new AppError(
    413,
    'FILE_TOO_LARGE',
    'Content Too Large',
    `${field ?? 'A file'} exceeds the limit of 5 MB (${MAX_DOCUMENT_BYTES} bytes)`,
    {
      field: field ?? null,
      maxBytes: MAX_DOCUMENT_BYTES,
    },
  )

/** Multipart failures as problems with stable codes, instead of the plugin's bare errors. */
function uploadProblem(err: unknown): unknown {
  const e = err as { code?: string; message?: string; statusCode?: number; part?: { fieldname?: string } } | null
  switch (e?.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(e?.part?.fieldname)
    case 'FST_FILES_LIMIT':
      return new AppError(413, 'TOO_MANY_FILES', 'Content Too Large', 'At most 2 files: module and identityDocument')
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError(413, 'TOO_MANY_PARTS', 'Content Too Large', 'Too many form fields')
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Unsupported Media Type',
        'Send the documents as multipart/form-data',
      )
    case 'FST_PROTO_VIOLATION':
      return badRequest('UNEXPECTED_FIELD', 'A form field name is not allowed')
  }
  if (err instanceof AppError) return err
  // busboy's own parse errors (no boundary, truncated body, malformed headers) are the caller's.
  if (
    (typeof e?.statusCode === 'number' && e.statusCode < 500) ||
    /multipart|boundary|part header|unexpected end/i.test(e?.message ?? '')
  ) {
    return badRequest('MALFORMED_MULTIPART', `The multipart body could not be read: ${e?.message ?? 'unknown error'}`)
  }
  return err
}

/** Reads the whole form: each expected file into memory (at most 5 MB each), each expected text field. */
export async function readUpload(
  request: FastifyRequest,
  expected: { files: readonly string[]; fields: readonly string[] },
): Promise<ReceivedUpload> {
  const received: ReceivedUpload = { files: new Map(), fields: new Map() }
  try {
    for await (const part of request.parts()) {
      const known =
        part.type === 'file' ? expected.files.includes(part.fieldname) : expected.fields.includes(part.fieldname)
      if (!known || received.files.has(part.fieldname) || received.fields.has(part.fieldname)) {
        const kind = expected.files.includes(part.fieldname)
          ? 'must be a file part, sent once'
          : expected.fields.includes(part.fieldname)
            ? 'must be a text field, sent once'
            : 'is not expected'
        throw badRequest('UNEXPECTED_FIELD', `The form field ${part.fieldname} ${kind}`, { field: part.fieldname })
      }
      if (part.type === 'file') {
        const content = await part.toBuffer()
        // toBuffer throws when busboy truncates; the flag is the belt to those braces.
        if (part.file.truncated) throw tooLarge(part.fieldname)
        // The name is only a label; Postgres text cannot hold U+0000, so control characters go.
        received.files.set(part.fieldname, {
          content,
          // Control characters in a client's file name would end up in logs and in the back office's view.
          // eslint-disable-next-line no-control-regex
          filename: part.filename?.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255) || null,
        })
      } else {
        if (part.valueTruncated)
          throw badRequest('FIELD_TOO_LONG', `The form field ${part.fieldname} is too long`, { field: part.fieldname })
        if (String(part.value).includes('\u0000'))
          throw badRequest('INVALID_FIELD', `The form field ${part.fieldname} must not contain the NUL character`, {
            field: part.fieldname,
          })
        received.fields.set(part.fieldname, String(part.value))
      }
    }
  } catch (err) {
    throw uploadProblem(err)
  }
  return received
}
