import pino, { type DestinationStream, type Logger } from 'pino'

/** Secrets that must never reach a log line, wherever they sit in a logged object, in any letter case. */
const SECRET_KEYS = [
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
  'cookie',
]

const SECRET = new Set(SECRET_KEYS.map((key) => key.toLowerCase()))
const CENSOR = '[REDACTED]'
/** Deeper than any object the service logs; a cycle or a pathological object stops here. */
const MAX_DEPTH = 8

/**
 * A copy of a logged object with every secret key's value replaced by CENSOR, at any depth. Only plain
 * objects and arrays are walked: a request, an error or a buffer is left to its serializer (err, req).
 * Binary values (a PGlite error carries its statement's parameters, uploaded documents included) are
 * logged as their size only. Run by pino on each line written (formatters), so a request that logs
 * nothing pays nothing: pino's own `redact` ran its wildcard paths on every request's child logger.
 */
function scrubSecrets(value: unknown, depth = 0): unknown {
  if (ArrayBuffer.isView(value)) return `[binary, ${value.byteLength} bytes]`
  if (value instanceof ArrayBuffer) return `[binary, ${value.byteLength} bytes]`
  if (!value || typeof value !== 'object' || depth > MAX_DEPTH) return value
  if (Array.isArray(value)) return value.map((v) => scrubSecrets(v, depth + 1))
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return value
  const copy: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value))
    copy[key] = SECRET.has(key.toLowerCase()) ? CENSOR : scrubSecrets(v, depth + 1)
  return copy
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
      formatters: {
        // Not bindings: a child's bindings are the code's own (Fastify's request id), never a caller's data.
        log: (object) => scrubSecrets(object) as Record<string, unknown>,
      },
      // A database error carries its statement's parameters (codici fiscali, names, documents): never logged.
      serializers: {
        err: (err: Error) => scrubSecrets({ ...pino.stdSerializers.err(err), params: undefined }),
        req: requestSerializer,
      },
    },
    stream ?? pino.destination(1),
  )
}
