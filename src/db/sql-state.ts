/**
 * SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): caused by the data of one
 * item of a batch, not by the database or the connection.
 */
export function isItemError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'))
}
