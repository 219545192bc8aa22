import type { Transaction } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import { conflict } from '../../lib/errors.js'
import { findArchivedPerson, findHouseholdMembers } from '../../core/archive/persons.service.js'
import type { HouseholdView, Positions } from './benefits/definition.js'
import { findBenefit } from './benefits/catalogue.js'
import {
  HOUSEHOLD_CLAIM_CONSTRAINT,
  benefitsGrantedTo,
  reclaimHousehold,
  releaseHouseholdClaim,
} from './household.repository.js'

/** A unique violation of household_claims: the household has an application of the round already (docs/rules.md §19). */
export function isHouseholdClaimViolation(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown }
  return e.code === '23505' && e.constraint === HOUSEHOLD_CLAIM_CONSTRAINT
}

export const householdAlreadyApplied = () =>
  conflict(
    'HOUSEHOLD_ALREADY_APPLIED',
    'A member of this household has applied for this benefit already (one application per nucleo familiare)',
  )

/** The key a household benefit's application claims: the archive's household id, or the applicant alone. */
export async function householdKeyOf(db: Executor, codiceFiscale: string): Promise<string> {
  const person = await findArchivedPerson(db, codiceFiscale)
  return person?.household_id ? `household:${person.household_id}` : `person:${codiceFiscale}`
}

const hasFacts = (p: Row<'persons'>) => Object.keys(p.household_facts).length > 0

/** The applicant's household as the eligibility of a household benefit reads it, inside the evaluation's transaction. */
export async function householdView(
  trx: Transaction<Database>,
  application: Pick<Row<'applications'>, 'id'>,
  person: Row<'persons'>,
): Promise<HouseholdView> {
  const rows = person.household_id ? await findHouseholdMembers(trx, person.household_id) : [person]
  const members = rows.some((m) => m.codice_fiscale === person.codice_fiscale) ? rows : [person, ...rows]
  const withFacts = hasFacts(person) ? person : members.find(hasFacts)
  return {
    facts: withFacts?.household_facts ?? {},
    members: members.map((m) => ({
      codiceFiscale: m.codice_fiscale,
      birthDate: m.birth_date,
      positions: m.positions as Positions,
    })),
    benefitsGranted: (
      await benefitsGrantedTo(
        trx,
        members.map((m) => m.codice_fiscale),
        application.id,
      )
    ).map((benefitCode) => {
      const cumulationGroup = findBenefit(benefitCode)?.cumulationGroup
      return cumulationGroup ? { benefitCode, cumulationGroup } : { benefitCode }
    }),
  }
}

/** docs/rules.md §19: a rejection releases the household, so another member may apply again. */
export const releaseHousehold = releaseHouseholdClaim

/** A riesame takes the household back, in the caller's transaction; 409 HOUSEHOLD_ALREADY_APPLIED when another member applied meanwhile. */
export async function claimHouseholdAgain(
  trx: Transaction<Database>,
  row: Pick<Row<'applications'>, 'id' | 'household_key' | 'benefit_code' | 'round'>,
  at: Date,
): Promise<void> {
  if (!row.household_key) return
  const claimed = await reclaimHousehold(trx, {
    applicationId: row.id,
    householdKey: row.household_key,
    benefitCode: row.benefit_code,
    round: row.round,
    at,
  })
  if (!claimed) throw householdAlreadyApplied()
}
