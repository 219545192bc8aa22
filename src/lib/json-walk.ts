/**
 * A value met while walking parsed request input (a body, a query) without recursion, with the way
 * back to the root. The path is built only when a problem is reported: the walks run on every request.
 */
export interface Walked {
  value: unknown
  key?: string
  parent?: Walked
}

/** The path of a walked value, '/a/0/b' ('' at the root). */
export function pathOf(node: Walked): string {
  let path = ''
  for (let n: Walked | undefined = node; n !== undefined && n.key !== undefined; n = n.parent) path = `/${n.key}${path}`
  return path
}

/** An object or array whose members a walk goes into (typed arrays and Buffers are leaves). */
export function isContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)
}
