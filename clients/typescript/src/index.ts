import createClient, { type Client, type ClientOptions } from 'openapi-fetch'
import type { paths } from './schema.js'

export type { components, operations, paths } from './schema.js'

export interface EmulatorClientOptions extends ClientOptions {
  /** Where the emulator answers, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string
  /** EMULATOR_ADMIN_TOKEN, sent as X-Emulator-Token to the /emulator control API only. */
  adminToken?: string
  /** An accessToken from /api/v1/auth/*, sent as a bearer token to every other route. */
  accessToken?: string
}

export type EmulatorClient = Client<paths> & {
  /** Replaces (or, with undefined, drops) the bearer token of the requests that follow. */
  setAccessToken(token: string | undefined): void
}

/**
 * openapi-fetch over the types generated from openapi/openapi.json: every route, its parameters, body
 * and answers are typed from the document, and no route has code of its own here. The one addition is
 * where each token goes, so that the admin token never leaves for a citizen route.
 */
export function createEmulatorClient(options: EmulatorClientOptions): EmulatorClient {
  const { adminToken, accessToken, ...clientOptions } = options
  let bearer = accessToken
  const client = createClient<paths>(clientOptions)
  client.use({
    onRequest({ request, schemaPath }) {
      if (schemaPath.startsWith('/emulator/')) {
        if (adminToken && !request.headers.has('x-emulator-token')) request.headers.set('x-emulator-token', adminToken)
      } else if (bearer && !request.headers.has('authorization')) {
        request.headers.set('authorization', `Bearer ${bearer}`)
      }
      return request
    },
  })
  return Object.assign(client, {
    setAccessToken(token: string | undefined) {
      bearer = token
    },
  })
}
