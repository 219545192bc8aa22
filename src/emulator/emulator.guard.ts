import type { FastifyRequest } from 'fastify'
import { sameSecret } from '../lib/secrets.js'
import { unauthorized } from '../lib/errors.js'

export const EMULATOR_TOKEN_HEADER = 'x-emulator-token'

/** The emulator control API is for the sandbox's owner only: docs/rules.md §8. */
export function emulatorTokenGuard(adminToken: string) {
  return async (request: FastifyRequest) => {
    const given = request.headers[EMULATOR_TOKEN_HEADER]
    if (typeof given !== 'string' || given.length === 0) {
      throw unauthorized('EMULATOR_TOKEN_REQUIRED', 'The emulator API needs the X-Emulator-Token header')
    }
    if (!sameSecret(given, adminToken))
      throw unauthorized('EMULATOR_TOKEN_INVALID', 'The X-Emulator-Token is not valid')
  }
}
