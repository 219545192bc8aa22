import openapiTS, { type OpenAPI3 } from 'openapi-typescript'

/** clients/typescript/src/schema.ts: the types of every path, operation and schema of the document. */
export async function typescriptSchema(document: object): Promise<string> {
  const types = await openapiTS(document as OpenAPI3)
  return `// Generated from openapi/openapi.json by \`npm run openapi\` (openapi-typescript): do not edit.\n${types}`
}
