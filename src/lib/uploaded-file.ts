import { createHash } from 'node:crypto'
import { fileTypeFromBuffer } from 'file-type'
import { AppError, badRequest } from './errors.js'

export interface CheckedFile<Field extends string> {
  field: Field
  mimeType: string
  size: number
  sha256: string
}

const missingFile = (field: string) =>
  badRequest(
    'MISSING_FILE',
    `The file ${field} is missing (or empty): send it as a multipart file part named ${field}`,
    { field },
  )

/**
 * An uploaded file of one of the accepted types. The type is read from the content (magic bytes),
 * never from the file name or the declared Content-Type: an executable renamed module.pdf is refused.
 */
export async function checkUploadedFile<Field extends string>(
  field: Field,
  content: Buffer | undefined,
  accepted: readonly string[],
): Promise<CheckedFile<Field>> {
  if (!content || content.length === 0) throw missingFile(field)
  const detected = await fileTypeFromBuffer(content)
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
  }
}
