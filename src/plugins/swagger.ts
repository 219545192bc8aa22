import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { Problem } from '../lib/schemas.js'
import openapiConventions, { finishDocument } from './openapi-conventions.js'

export const API_TAGS = [
  { name: 'pin', description: 'PIN requests, login, change, recovery (docs/rules.md §2–3)' },
  { name: 'credentials', description: 'PIN dispositivo, offices, federated login (docs/rules.md §4–5)' },
  { name: 'contact-center', description: 'Contact Center operators acting for a caller' },
  { name: 'applications', description: 'Cura Italia benefits and applications (docs/rules.md §6–7)' },
  { name: 'payments', description: 'What INPS paid, when, and why a payment failed (docs/rules.md §12)' },
  {
    name: 'libretto-famiglia',
    description:
      'The baby-sitting bonus on the Libretto Famiglia: take-up, baby-sitters, work and its payment (docs/rules.md §13)',
  },
  { name: 'patronato', description: 'Patronati acting under mandate' },
  { name: 'health', description: 'Liveness and readiness' },
  { name: 'emulator', description: "The sandbox's own control API (header X-Emulator-Token)" },
]

export interface SwaggerOptions {
  /** Without the /emulator API there is no X-Emulator-Token to offer. */
  emulatorEnabled: boolean
}

/**
 * Swagger UI's page: its own scripts and styles only (no inline script: the hashes @fastify/swagger-ui
 * publishes are added), same-origin calls, never framed. Not upgrade-insecure-requests: the sandbox is
 * often served over plain http on a LAN.
 */
function docsCsp(hashes: { script: string[]; style: string[] }): string {
  return [
    "default-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `script-src 'self' ${hashes.script.join(' ')}`.trim(),
    "script-src-attr 'none'",
    `style-src 'self' ${hashes.style.join(' ')}`.trim(),
  ].join('; ')
}

/** OpenAPI 3.1 generated from the route schemas; Swagger UI at /docs. */
export default fp<SwaggerOptions>(
  async (app, options) => {
    app.addSchema(Problem)
    await app.register(openapiConventions)
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'INPS 2020 emulator',
          version: '0.1.0',
          description:
            'A stateful sandbox of the INPS online services of spring 2020: PIN in two halves, PIN semplificato, ' +
            'PIN dispositivo, SPID/CIE/CNS, Cura Italia indemnities, patronati and access windows. ' +
            'Errors are application/problem+json with a stable `code`.' +
            (options.emulatorEnabled ? ' The emulator routes need the X-Emulator-Token header.' : ''),
          // No licence is granted yet (package.json: private, no licence); say so rather than imply one.
          license: { name: 'UNLICENSED' },
          contact: { name: 'INPS 2020 emulator maintainers' },
        },
        // Relative: the document describes the instance that serves it, whatever its address.
        servers: [{ url: '/', description: 'This instance' }],
        tags: options.emulatorEnabled ? API_TAGS : API_TAGS.filter((tag) => tag.name !== 'emulator'),
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'JWT',
              description: 'accessToken from /api/v1/auth/*',
            },
            ...(options.emulatorEnabled
              ? {
                  emulatorToken: {
                    type: 'apiKey' as const,
                    in: 'header',
                    name: 'X-Emulator-Token',
                    description: 'EMULATOR_ADMIN_TOKEN',
                  },
                }
              : {}),
          },
        },
      },
      transformObject: (document) =>
        'openapiObject' in document ? finishDocument(document.openapiObject) : document.swaggerObject,
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
      },
    })
    let csp: string | undefined
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      theme: { title: 'INPS 2020 emulator — API' },
      // The top bar names the document by its address; Swagger UI then loads it from there.
      uiConfig: {
        persistAuthorization: true,
        deepLinking: true,
        validatorUrl: null,
        urls: [{ url: '/openapi.json', name: '/openapi.json' }],
      },
      staticCSP: true,
      transformStaticCSP: () => (csp ??= docsCsp(app.swaggerCSP)),
    })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'swagger', dependencies: ['error-handler'] },
)
