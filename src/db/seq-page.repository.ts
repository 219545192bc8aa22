import { sql, type SelectQueryBuilder } from 'kysely'

/** A page of a log read in `seq` order (audit trail, outbox, review queue): the rows after the last one shown. */
export interface SeqPage {
  afterSeq?: number
  limit: number
}

const SEQ = sql.ref('seq')

/** The page of `query`'s rows (a table with a `seq` column): after `afterSeq`, oldest first. */
export function pageBySeq<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: SeqPage,
): SelectQueryBuilder<DB, TB, O> {
  const after = page.afterSeq === undefined ? query : query.where(SEQ, '>', page.afterSeq)
  return after.orderBy(SEQ).limit(page.limit)
}
