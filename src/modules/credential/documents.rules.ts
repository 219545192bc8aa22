import type { DocumentField } from './dispositivo-request.table.js'
import { checkUploadedFile, type CheckedFile } from '../../lib/uploaded-file.js'

/** docs/rules.md §4: 5 MB per file. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
export const DOCUMENT_FIELDS: readonly DocumentField[] = ['module', 'identityDocument']

/** docs/rules.md §4: the signed form is a PDF; the identity document a PDF or a scan (JPEG, PNG). */
export const ACCEPTED_TYPES: Readonly<Record<DocumentField, readonly string[]>> = {
  module: ['application/pdf'],
  identityDocument: ['application/pdf', 'image/jpeg', 'image/png'],
}

export interface CheckedDocument extends CheckedFile<DocumentField> {
  filename: string | null
  content: Buffer
}

/** One of the two documents, of a type docs/rules.md §4 accepts. */
export async function checkDocument(
  field: DocumentField,
  content: Buffer | undefined,
  filename: string | null,
): Promise<CheckedDocument> {
  const checked = await checkUploadedFile(field, content, ACCEPTED_TYPES[field])
  // checkUploadedFile refused a missing or empty file.
  return { ...checked, filename, content: content! }
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
