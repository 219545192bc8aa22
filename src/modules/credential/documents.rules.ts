import { createHash } from 'node:crypto'
import { fileTypeFromBuffer } from 'file-type'
import type { DocumentField } from './dispositivo-request.table.js'
import { AppError, badRequest } from '../../lib/errors.js'

/** docs/rules.md §4: 5 MB per file. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
export const DOCUMENT_FIELDS: readonly DocumentField[] = ['module', 'identityDocument']

/** docs/rules.md §4: the signed form is a PDF; the identity document a PDF or a scan (JPEG, PNG). */
export const ACCEPTED_TYPES: Readonly<Record<DocumentField, readonly string[]>> = {
  module: ['application/pdf'],
  identityDocument: ['application/pdf', 'image/jpeg', 'image/png'],
}

export interface CheckedDocument {
  field: DocumentField
  mimeType: string
  size: number
  sha256: string
  filename: string | null
  content: Buffer
}

export const missingFile = (field: string) =>
  badRequest(
    'MISSING_FILE',
    `The file ${field} is missing (or empty): send it as a multipart file part named ${field}`,
    { field },
  )

/**
 * The type is read from the content (magic bytes), never from the file name or the declared
 * Content-Type: an executable renamed module.pdf is refused.
 */
export async function checkDocument(
  field: DocumentField,
  content: Buffer | undefined,
  filename: string | null,
): Promise<CheckedDocument> {
  if (!content || content.length === 0) throw missingFile(field)
  const detected = await fileTypeFromBuffer(content)
  const accepted = ACCEPTED_TYPES[field]
  if (!detected || !accepted.includes(detected.mime)) {
    throw new AppError(
      415,
      'UNSUPPORTED_FILE_TYPE',
      'Unsupported Media Type',
      `${field} must be ${accepted.join(', ')} by content; detected: ${detected?.mime ?? 'unknown'}`,
      { field, detectedType: detected?.mime ?? null, acceptedTypes: accepted },
    )
  }
  return {
    field,
    mimeType: detected.mime,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    filename,
    content,
  }
}

export async function checkDocuments(
  files: ReadonlyMap<string, { content: Buffer; filename: string | null }>,
): Promise<CheckedDocument[]> {
  const checked: CheckedDocument[] = []
  for (const field of DOCUMENT_FIELDS) {
    const file = files.get(field)
    checked.push(await checkDocument(field, file?.content, file?.filename ?? null))
  }
  return checked
}
