import { randomBytes } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { json, type TestContext } from '../../helper.js'
import { bearer } from '../../factories.js'

/** A minimal but real PDF: file-type recognises it by its %PDF- magic. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)])
}
const ihdr = Buffer.alloc(13)
ihdr.writeUInt32BE(1, 0)
ihdr.writeUInt32BE(1, 4)
ihdr[8] = 8
ihdr[9] = 6
/** The PNG signature and an IHDR chunk: what magic-byte detection looks at. */
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  pngChunk('IHDR', ihdr),
  pngChunk('IEND', Buffer.alloc(0)),
])
export const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0xff, 0xd9,
])
/** A Windows executable: 'MZ' header. */
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(254, 0x90)])

export interface Part {
  name: string
  content: Buffer | string
  /** Present: a file part; absent: a text field. */
  filename?: string
  contentType?: string
}

/** A multipart/form-data body built by hand, as a browser or Swagger UI would send it. */
export function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----inps-test-${randomBytes(8).toString('hex')}`
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`
    const type =
      part.filename !== undefined ? `\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}` : ''
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`),
      Buffer.from(part.content),
      Buffer.from('\r\n'),
    )
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

export const moduleFile = (content: Buffer = PDF, filename = 'modulo.pdf', contentType = 'application/pdf'): Part => ({
  name: 'module',
  content,
  filename,
  contentType,
})
export const identityFile = (content: Buffer = PNG, filename = 'documento.png', contentType = 'image/png'): Part => ({
  name: 'identityDocument',
  content,
  filename,
  contentType,
})

export async function upload(
  ctx: TestContext,
  token: string,
  parts: Part[] = [moduleFile(), identityFile()],
): Promise<LightMyRequestResponse> {
  const body = multipart(parts)
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/pin-dispositivo-requests',
    headers: { ...body.headers, ...bearer(token) },
    payload: body.payload,
  })
}

/** The fixture operators of src/modules/emulator/emulator.fixtures.ts. */
export const OPERATORS = {
  backoffice: { operatorId: 'BO0001', pin: 'BOFF2020' },
  office: { operatorId: 'SEDE0001', pin: 'SEDE2020' },
  contactCenter: { operatorId: 'CC0001', pin: 'CCTR2020' },
} as const

export async function operatorToken(ctx: TestContext, operator: { operatorId: string; pin: string }): Promise<string> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/operator', payload: operator })
  const body = json(res)
  if (body.status !== 'authenticated') throw new Error(`operator login failed: ${res.body}`)
  return body.accessToken as string
}

export async function outbox(ctx: TestContext, codiceFiscale: string): Promise<any[]> {
  return json(await ctx.emulator('GET', `/emulator/outbox?codiceFiscale=${codiceFiscale}&limit=200`)).items
}

export async function audit(ctx: TestContext, codiceFiscale: string, action: string): Promise<any[]> {
  return json(await ctx.emulator('GET', `/emulator/audit?codiceFiscale=${codiceFiscale}&action=${action}&limit=200`))
    .items
}

export const freeze = (ctx: TestContext, now = '2020-04-01T10:00:00+02:00') =>
  ctx.emulator('PUT', '/emulator/clock', { now, frozen: true })
