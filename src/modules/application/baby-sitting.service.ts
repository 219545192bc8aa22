import type { Transaction } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import { conflict } from '../../lib/errors.js'
import { findHouseholdMembers } from '../../core/archive/persons.service.js'
import { householdKey } from './baby-sitting.rules.js'
import type { HouseholdGrant } from './benefits/definition.js'
import {
  acceptedOfHousehold,
  CHILD_CLAIM_CONSTRAINT,
  findOwnBabySittingForUpdate,
  grantedToHousehold,
  lockHousehold,
  markLibrettoRegistered,
  reclaimChildren,
  releaseChildClaims,
} from './baby-sitting.repository.js'

/** A unique violation of child_claims: the child has an application already (docs/rules.md §13). */
export function isChildClaimViolation(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown }
  return e.code === '23505' && e.constraint === CHILD_CLAIM_CONSTRAINT
}

export const childAlreadyClaimed = () =>
  conflict(
    'CHILD_ALREADY_CLAIMED',
    'A child in this application has a baby-sitting application already (one application per child, whoever files it)',
  )

/** The members of the applicant's household (the archive's household id; without one, the applicant alone). */
async function householdOf(
  trx: Transaction<Database>,
  codiceFiscale: string,
  person: Row<'persons'> | undefined,
): Promise<string[]> {
  if (!person?.household_id) return [codiceFiscale]
  const members = (await findHouseholdMembers(trx, person.household_id)).map((p) => p.codice_fiscale)
  return members.includes(codiceFiscale) ? members : [...members, codiceFiscale]
}

/**
 * docs/rules.md §13: what the household was granted of a benefit with a household maximum, read under a
 * lock per household held until the evaluation's transaction commits, so two parents' applications never
 * both take the rest. The caller evaluates in protocol order.
 */
export async function grantedToHouseholdLocked(
  trx: Transaction<Database>,
  benefitCode: string,
  codiceFiscale: string,
  person: Row<'persons'> | undefined,
): Promise<number> {
  await lockHousehold(trx, benefitCode, householdKey(codiceFiscale, person?.household_id))
  return grantedToHousehold(trx, benefitCode, await householdOf(trx, codiceFiscale, person))
}

/**
 * docs/rules.md §19: the household's accepted applications of an alternative group (the congedo COVID and
 * the baby-sitting bonus), read under one lock per household and group held until the evaluation's
 * transaction commits, so two parents' applications of either benefit are weighed one after the other.
 */
export async function alternativesOfHouseholdLocked(
  trx: Transaction<Database>,
  group: string,
  benefitCodes: readonly string[],
  codiceFiscale: string,
  person: Row<'persons'> | undefined,
): Promise<HouseholdGrant[]> {
  await lockHousehold(trx, group, householdKey(codiceFiscale, person?.household_id))
  const rows = await acceptedOfHousehold(trx, benefitCodes, await householdOf(trx, codiceFiscale, person))
  return rows.map((r) => ({
    benefitCode: r.benefit_code,
    codiceFiscale: r.codice_fiscale,
    amountEur: r.amount_eur ?? 0,
    periods: r.periods,
  }))
}

/** The applicant's own baby-sitting application, locked until the caller's transaction ends; undefined for anyone else's. */
export async function lockOwnBabySitting(trx: Transaction<Database>, id: string, codiceFiscale: string) {
  const row = await findOwnBabySittingForUpdate(trx, id, codiceFiscale)
  if (!row) return undefined
  return {
    id: row.id,
    /** Credited on the Libretto Famiglia (the bonus used for baby-sitting, not for summer centres). */
    onLibretto: row.payment.method === 'libretto_famiglia',
    status: row.status,
    amountEur: row.amount_eur,
    evaluatedAt: row.evaluated_at,
    librettoRegisteredAt: row.libretto_registered_at,
  }
}

export const markRegisteredOnLibretto = markLibrettoRegistered

/** docs/rules.md §13: a rejected application keeps no child; the evaluation calls this for benefits that take children. */
export const releaseChildren = releaseChildClaims

/**
 * docs/rules.md §13: a riesame takes the application's children back, in the caller's transaction; 409
 * CHILD_ALREADY_CLAIMED when another application of the round named one of them meanwhile.
 */
export async function claimChildrenAgain(
  trx: Transaction<Database>,
  row: Pick<Row<'applications'>, 'id' | 'children' | 'round'>,
  at: Date,
): Promise<void> {
  const children = row.children.map((c) => c.codiceFiscale)
  if (!(await reclaimChildren(trx, { applicationId: row.id, children, round: row.round, at })))
    throw childAlreadyClaimed()
}
