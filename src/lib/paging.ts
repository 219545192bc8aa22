import { badRequest } from './errors.js'
import { PLAIN_UUID } from './schemas.js'

/** One page of a list, as every list route answers it: pass `nextCursor` as `cursor` for the next. */
export interface Page<T> {
  items: T[]
  nextCursor?: string
}

/**
 * Every list is read with `limit + 1` rows: the extra row only tells that a next page exists. The
 * cursor names the last row shown; the next page starts after it.
 */
export function pageOf<Row>(
  rows: readonly Row[],
  limit: number,
  cursorOf: (last: Row) => string,
): { shown: Row[]; nextCursor?: string } {
  const shown = rows.slice(0, limit)
  return rows.length > limit ? { shown, nextCursor: cursorOf(shown[shown.length - 1]) } : { shown }
}

/** pageOf, with each shown row presented as the API gives it. */
export function toPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  cursorOf: (last: Row) => string,
  present: (row: Row) => Item,
): Page<Item> {
  const { shown, nextCursor } = pageOf(rows, limit, cursorOf)
  return withCursor(shown.map(present), nextCursor)
}

export function withCursor<Item>(items: Item[], nextCursor: string | undefined): Page<Item> {
  return nextCursor === undefined ? { items } : { items, nextCursor }
}

/** The cursor of a list ordered by a time and then an id: opaque to clients, checked when it comes back. */
export function encodeKeysetCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url')
}

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/**
 * Only what encodeKeysetCursor writes: a UUID, and an instant from 1970 to 9999 exactly as toISOString
 * writes it. JavaScript takes dates Postgres refuses (year -271821, year 0, 30 February rolled over to
 * March): such a cursor would fail its query, and with it a batch of other people's reads.
 */
export function decodeKeysetCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined
  const [at = '', id = ''] = Buffer.from(cursor, 'base64url').toString().split('|')
  const time = new Date(at)
  const written = ISO_INSTANT.test(at) && time.getTime() >= 0 && time.toISOString() === at
  if (!written || !PLAIN_UUID.test(id)) throw badRequest('INVALID_CURSOR', 'cursor is not one this API gave out')
  return { at: time, id }
}
