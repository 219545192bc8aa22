import type { Executor } from '../../db/executor.js'
import { badRequest } from '../../lib/errors.js'
import { countByBenefitAndStatus, listApplications, type ApplicationCursor } from './application.repository.js'
import type { Application } from './application.schemas.js'
import { toApplication } from './application.service.js'
import { BENEFIT_CODES } from './benefits.rules.js'

function encodeCursor(a: Application): string {
  return Buffer.from(`${a.submittedAt}|${a.id}`).toString('base64url')
}

function decodeCursor(cursor: string | undefined): ApplicationCursor | undefined {
  if (!cursor) return undefined
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|')
  const submittedAt = new Date(at ?? '')
  if (Number.isNaN(submittedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw badRequest('INVALID_CURSOR', 'cursor is not one this API gave out')
  return { submittedAt, id }
}

/** One page of the owner's applications (a citizen's own, or those a patronato filed). */
export async function pageApplications(db: Executor, owner: { codiceFiscale: string } | { patronato: string }, cursor: string | undefined, limit: number) {
  const rows = await listApplications(db, owner, decodeCursor(cursor), limit + 1)
  const items = rows.slice(0, limit).map(toApplication)
  return rows.length > limit ? { items, nextCursor: encodeCursor(items[items.length - 1]) } : { items }
}

export async function applicationStats(db: Executor, asOf: Date) {
  const counts = await countByBenefitAndStatus(db)
  const byBenefit = BENEFIT_CODES.map((benefitCode) => {
    const of = (status: string) => counts.find((c) => c.benefit_code === benefitCode && c.status === status)?.count ?? 0
    const [submitted, accepted, rejected] = [of('submitted'), of('accepted'), of('rejected')]
    return { benefitCode, submitted, accepted, rejected, total: submitted + accepted + rejected }
  })
  return { total: byBenefit.reduce((sum, b) => sum + b.total, 0), byBenefit, asOf: asOf.toISOString() }
}
