import pino, { type DestinationStream, type Logger } from 'pino'

/** Secrets that must never reach a log line, wherever they sit in a logged object. */
export const SECRET_KEYS = [
  'pin', 'newPin', 'oldPin', 'changeToken', 'assertion', 'authorization', 'accessToken',
  'firstHalf', 'secondHalf', 'secret', 'password', 'token', 'emulatorAdminToken', 'x-emulator-token',
  // Header names as a caller may spell them in a plain object (Node lowercases only incoming headers).
  'Authorization', 'X-Emulator-Token',
]

function redactPaths(): string[] {
  const paths: string[] = []
  for (const key of SECRET_KEYS) {
    const prop = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`
    const join = (prefix: string) => (prop.startsWith('[') ? `${prefix}${prop}` : `${prefix}.${prop}`)
    paths.push(prop.startsWith('[') ? prop : key, join('*'), join('*.*'), join('*.*.*'), join('*.*.*.*'))
  }
  return [...paths, 'req.headers.authorization', 'req.headers["x-emulator-token"]', 'req.headers.cookie']
}

export function createLogger(level: string, stream?: DestinationStream): Logger {
  return pino({ level, redact: { paths: redactPaths(), censor: '[REDACTED]' } }, stream ?? pino.destination(1))
}
