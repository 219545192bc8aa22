import { ERROR_CODES, type CodeOf, type ErrorCode, type ErrorStatus, type ErrorTitle } from './error-codes.js'

export { ERROR_CODES, type ErrorCode } from './error-codes.js'

/**
 * A failure the API reports to its caller as application/problem+json (RFC 9457).
 * Services throw these; only the error handler turns them into HTTP. The code must be in the
 * catalogue (error-codes.ts) and the status and title must be the catalogue's: the compiler checks both.
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly status: ErrorStatus<C>,
    readonly code: C,
    readonly title: ErrorTitle<C>,
    readonly detail?: string,
    /** Extra problem members, e.g. `nextWindowOpensAt`; never personal data of someone else. */
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    // A caller's mistake (4xx) is an answer, not a fault: capturing its stack was 3 % of the CPU of a
    // refused submission (issue 22), and no log line shows it. A 5xx keeps its stack for the log.
    const stackTraceLimit = Error.stackTraceLimit
    if (status < 500) Error.stackTraceLimit = 0
    try {
      super(detail ?? title)
    } finally {
      Error.stackTraceLimit = stackTraceLimit
    }
    this.name = 'AppError'
  }
}

/** An AppError whose status and title come from the catalogue. */
export function appError<C extends ErrorCode>(
  code: C,
  detail?: string,
  extensions?: Record<string, unknown>,
  headers?: Record<string, string>,
): AppError<C> {
  const { status, title } = ERROR_CODES[code]
  return new AppError<C>(status as ErrorStatus<C>, code, title as ErrorTitle<C>, detail, extensions, headers)
}

export const PROBLEM_TYPE_BASE = 'urn:inps-emulator:problem:'

export function problemType(code: string): string {
  return PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-')
}

export const notFound = (what: string, code: CodeOf<404> = 'NOT_FOUND') => appError(code, `${what} was not found`)

export const unauthorized = (code: CodeOf<401> = 'UNAUTHORIZED', detail = 'Authentication is required') =>
  appError(code, detail)

export const forbidden = (code: CodeOf<403>, detail: string, extensions?: Record<string, unknown>) =>
  appError(code, detail, extensions)

export const conflict = (code: CodeOf<409>, detail: string, extensions?: Record<string, unknown>) =>
  appError(code, detail, extensions)

export const badRequest = (code: CodeOf<400>, detail: string, extensions?: Record<string, unknown>) =>
  appError(code, detail, extensions)

export const unprocessable = (code: CodeOf<422>, detail: string, extensions?: Record<string, unknown>) =>
  appError(code, detail, extensions)
