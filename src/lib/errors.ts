/**
 * A failure the API reports to its caller as application/problem+json (RFC 9457).
 * Services throw these; only the error handler turns them into HTTP.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    /** Extra problem members, e.g. `nextWindowOpensAt`; never personal data of someone else. */
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title)
    this.name = 'AppError'
  }
}

export const PROBLEM_TYPE_BASE = 'urn:inps-emulator:problem:'

export function problemType(code: string): string {
  return PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-')
}

export const notFound = (what: string, code = 'NOT_FOUND') =>
  new AppError(404, code, 'Not Found', `${what} was not found`)

export const unauthorized = (code = 'UNAUTHORIZED', detail = 'Authentication is required') =>
  new AppError(401, code, 'Unauthorized', detail)

export const forbidden = (code: string, detail: string, extensions?: Record<string, unknown>) =>
  new AppError(403, code, 'Forbidden', detail, extensions)

export const conflict = (code: string, detail: string, extensions?: Record<string, unknown>) =>
  new AppError(409, code, 'Conflict', detail, extensions)

export const badRequest = (code: string, detail: string, extensions?: Record<string, unknown>) =>
  new AppError(400, code, 'Bad Request', detail, extensions)

export const unprocessable = (code: string, detail: string, extensions?: Record<string, unknown>) =>
  new AppError(422, code, 'Unprocessable Content', detail, extensions)
