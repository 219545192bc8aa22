import autocannon from 'autocannon'
import pg from 'pg'
import { withDatabase } from '../test/db.js'
import type { Citizen } from './seed.js'

/** Drops and creates the bench's own database on the server of `adminUrl`; returns its URL. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  return withDatabase(adminUrl, name)
}

/**
 * Each phase starts from a quiet database: the WAL of the previous phase (or of seeding) is
 * checkpointed first, so no phase pays for another's writes.
 */
export async function settle(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  await client.query('CHECKPOINT')
  await client.end()
  await new Promise((resolve) => setTimeout(resolve, 1000))
}

/** Every request takes the next citizen in the list: no two requests share a person. */
export function rotating(
  citizens: Citizen[],
  build: (c: Citizen, i: number) => { body?: string; path?: string; headers?: Record<string, string> },
) {
  let i = 0
  return (request: autocannon.Request) => {
    const n = i++
    const citizen = citizens[n % citizens.length]
    const part = build(citizen, n)
    return {
      ...request,
      ...part,
      headers: { ...request.headers, authorization: `Bearer ${citizen.token}`, ...part.headers },
    }
  }
}

/** An art. 30 indemnity paid to an Italian IBAN: what every seeded citizen may submit once. */
export const submissionBody = JSON.stringify({
  benefitCode: 'indennita-agricoli',
  payment: { method: 'iban', iban: 'IT60X0542811101000000123456' },
  declarations: { truthfulness: true, notPensioner: true, noCitizenshipIncome: true },
})
