import type { Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import { conflict } from '../../lib/errors.js'
import { romeDate } from '../../lib/rome-time.js'
import { findHouseholdMembers, type PersonRow } from '../../core/archive/persons.service.js'
import type { Positions } from './eligibility.rules.js'
import {
  evaluateBabySitting,
  householdKey,
  type BabySittingUse,
  type BabySittingVerdict,
} from './baby-sitting.rules.js'
import {
  BABY_SITTING,
  CHILD_CLAIM_CONSTRAINT,
  findOwnBabySittingForUpdate,
  grantedToHousehold,
  lockHousehold,
  markLibrettoRegistered,
} from './baby-sitting.repository.js'

export { BABY_SITTING } from './baby-sitting.repository.js'

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
  person: PersonRow | undefined,
): Promise<string[]> {
  if (!person?.household_id) return [codiceFiscale]
  const members = (await findHouseholdMembers(trx, person.household_id)).map((p) => p.codice_fiscale)
  return members.includes(codiceFiscale) ? members : [...members, codiceFiscale]
}

/**
 * docs/rules.md §13: what is left of the household's maximum, decided under a lock per household held
 * until the evaluation's transaction commits, so two parents' applications never both take the rest.
 * The caller evaluates in protocol order.
 */
export async function evaluateBabySittingApplication(
  trx: Transaction<Database>,
  application: { codice_fiscale: string; submitted_at: Date },
  person: PersonRow | undefined,
): Promise<BabySittingVerdict> {
  await lockHousehold(trx, householdKey(application.codice_fiscale, person?.household_id))
  const members = await householdOf(trx, application.codice_fiscale, person)
  const granted = await grantedToHousehold(trx, members)
  return evaluateBabySitting(
    person?.positions as Positions | undefined,
    person !== undefined,
    romeDate(application.submitted_at),
    granted,
  )
}

/** How the bonus is used: baby-sitting on the Libretto Famiglia, or summer centres paid to the applicant (stored as a payment). */
export function babySittingUse(payment: { method: string }): BabySittingUse {
  return payment.method === 'libretto_famiglia' ? 'baby_sitting' : 'centri_estivi'
}

/** The applicant's own baby-sitting application, locked until the caller's transaction ends; undefined for anyone else's. */
export async function lockOwnBabySitting(trx: Transaction<Database>, id: string, codiceFiscale: string) {
  const row = await findOwnBabySittingForUpdate(trx, id, codiceFiscale)
  if (!row) return undefined
  return {
    id: row.id,
    isBabySitting: row.benefit_code === BABY_SITTING,
    use: babySittingUse(row.payment),
    status: row.status,
    amountEur: row.amount_eur,
    evaluatedAt: row.evaluated_at,
    librettoRegisteredAt: row.libretto_registered_at,
  }
}

export const markRegisteredOnLibretto = markLibrettoRegistered
