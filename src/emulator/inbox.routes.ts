import type { FastifyPluginAsync } from 'fastify'
import { INBOX_CSP, INBOX_CSS, INBOX_HTML, INBOX_JS } from './inbox.page.js'

const FILES = [
  { url: '/inbox', type: 'text/html; charset=utf-8', body: INBOX_HTML },
  { url: '/inbox.js', type: 'text/javascript; charset=utf-8', body: INBOX_JS },
  { url: '/inbox.css', type: 'text/css; charset=utf-8', body: INBOX_CSS },
]

/**
 * The inbox page and its two files. Outside the admin-token guard: they hold no data, and the page
 * fetches nothing until the token is typed; every data route it calls still requires the token.
 * Not part of the API (hidden from the OpenAPI document).
 */
const inboxRoutes: FastifyPluginAsync = async (app) => {
  for (const file of FILES) {
    app.get(file.url, { schema: { hide: true } }, async (_request, reply) => {
      reply
        .header('content-type', file.type)
        .header('content-security-policy', INBOX_CSP)
        .header('cache-control', 'no-store')
      return file.body
    })
  }
}

export default inboxRoutes
