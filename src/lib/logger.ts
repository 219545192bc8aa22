import pino, { type DestinationStream, type Logger } from 'pino'

/** Secrets that must never reach a log line, wherever they sit in a logged object. */
export const SECRET_KEYS = [
  'pin',
  'newPin',
  'oldPin',
  'changeToken',
  'assertion',
  'authorization',
  'accessToken',
  'firstHalf',
  'secondHalf',
  'secret',
  'password',
  'token',
  'emulatorAdminToken',
  'x-emulator-token',
  // Header names as a caller may spell them in a plain object (Node lowercases only incoming headers).
  'Authorization',
  'X-Emulator-Token',
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

/**
 * Binary values (a PGlite error carries its statement's parameters, uploaded documents included) make
 * the redaction throw, and the log call with it: they are logged as their size only.
 */
function withoutBinary(value: unknown, depth = 0): unknown {
  if (ArrayBuffer.isView(value)) return `[binary, ${value.byteLength} bytes]`
  if (value instanceof ArrayBuffer) return `[binary, ${value.byteLength} bytes]`
  if (!value || typeof value !== 'object' || depth > 6) return value
  if (Array.isArray(value)) return value.map((v) => withoutBinary(v, depth + 1))
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutBinary(v, depth + 1)]))
}

interface RawRequest {
  method?: string
  url?: string
  host?: string
  ip?: string
  socket?: { remotePort?: number }
}

/**
 * Fastify's request serializer with the path only: a query string may carry a token, a PIN or a
 * codice fiscale, and a log line is no place for them.
 */
function requestSerializer(req: RawRequest) {
  return {
    method: req.method,
    url: req.url?.split('?')[0],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }
}

export function createLogger(level: string, stream?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactPaths(), censor: '[REDACTED]' },
      // A database error carries its statement's parameters (codici fiscali, names, documents): never logged.
      serializers: {
        err: (err: Error) => withoutBinary({ ...pino.stdSerializers.err(err), params: undefined }),
        req: requestSerializer,
      },
    },
    stream ?? pino.destination(1),
  )
}
