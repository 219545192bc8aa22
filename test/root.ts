/**
 * The repository's root, whether this file runs from test/ or from its compiled copy under
 * .test-dist/test/ (how `npm test` runs the suite): tests that read the sources, the docs or a package
 * resolve them from here, never from their own location.
 */
const COMPILED = import.meta.url.includes('/.test-dist/')

export const ROOT = new URL(COMPILED ? '../../' : '../', import.meta.url)

/** The extension of the files imports resolve to: `.js` when compiled, `.ts` under tsx. */
export const MODULE_EXTENSION = COMPILED ? '.js' : '.ts'

/** The server entry point that test-started processes run: compiled when the suite is. */
export const SERVER_ENTRY = COMPILED ? '.test-dist/src/server.js' : 'src/server.ts'
