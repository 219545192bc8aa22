import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { JWK } from 'jose'
import { es256PrivateKey, signEs256 } from '../src/core/auth/es256.js'
import { hashSecret } from '../src/lib/secrets.js'
import { computeCodiceFiscale } from '../src/lib/codice-fiscale.js'
import { ACCESS_AUDIENCE, ISSUER } from '../src/core/auth/token.service.js'

export interface Citizen {
  codiceFiscale: string
  token: string
}

// Ten surnames with ten different consonant codes (Rossi and Russo would both be RSS).
const SURNAMES = ['Rossi', 'Conti', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco']
const NAMES = ['Marco', 'Giulia', 'Luca', 'Sara', 'Paolo', 'Anna', 'Davide', 'Elena', 'Matteo', 'Chiara']

/** Distinct, valid codici fiscali: name, surname and birth date vary with i. */
export function generatedPeople(count: number, offset = 0) {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset
    const sex = i % 2 === 0 ? ('M' as const) : ('F' as const)
    const birthDate = new Date(Date.UTC(1950, 0, 1) + (i % 18000) * 86_400_000).toISOString().slice(0, 10)
    const person = {
      firstName: NAMES[Math.floor(i / 18000) % 10],
      lastName: SURNAMES[Math.floor(i / 180000) % 10],
      birthDate,
      sex,
    }
    const belfiore = ['H501', 'F205', 'F839', 'L219', 'G273'][Math.floor(i / 1_800_000) % 5]
    return { ...person, codiceFiscale: computeCodiceFiscale({ ...person, belfiore }) }
  })
}

/** Archive people eligible for art. 30, each with an active personal PIN (one hash shared: seeding stays fast). */
export async function seedCitizens(
  databaseUrl: string,
  count: number,
  offset: number,
  personalPin: string,
  pinSetAt: Date,
) {
  const people = generatedPeople(count, offset)
  const pinHash = await hashSecret(personalPin)
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    for (let start = 0; start < people.length; start += 5000) {
      const chunk = people.slice(start, start + 5000)
      await client.query(
        `INSERT INTO persons (codice_fiscale, first_name, last_name, birth_date, sex, birth_place, residence, contacts, positions)
         SELECT cf, fn, ln, bd::date, sx, 'Roma', '{"street":"Via Roma 1","postalCode":"00184","municipality":"Roma","province":"RM"}',
                json_build_object('email', lower(cf) || '@example.it'), '{"agricultural":{"daysWorked2019":60}}'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(cf, fn, ln, bd, sx)
         ON CONFLICT DO NOTHING`,
        [
          chunk.map((p) => p.codiceFiscale),
          chunk.map((p) => p.firstName),
          chunk.map((p) => p.lastName),
          chunk.map((p) => p.birthDate),
          chunk.map((p) => p.sex),
        ],
      )
      await client.query(
        `INSERT INTO pin_credentials (codice_fiscale, state, level, first_name, last_name, contacts, pin_hash, pin_set_at, created_at, updated_at)
         SELECT cf, 'active', 'ordinario', fn, ln, '{}', $4, $5, $5, $5
         FROM unnest($1::text[], $2::text[], $3::text[]) AS t(cf, fn, ln)
         ON CONFLICT DO NOTHING`,
        [
          chunk.map((p) => p.codiceFiscale),
          chunk.map((p) => p.firstName),
          chunk.map((p) => p.lastName),
          pinHash,
          pinSetAt,
        ],
      )
    }
  } finally {
    await client.end()
  }
  return people
}

/** Signs access tokens with the service's own key (read from the database), as a login would. */
export async function mintTokens(
  databaseUrl: string,
  codiciFiscali: string[],
  issuedAt: Date,
  ttlSeconds: number,
): Promise<Citizen[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const { rows } = await client.query('SELECT kid, private_jwk FROM signing_keys ORDER BY created_at DESC LIMIT 1')
  await client.end()
  const key = es256PrivateKey(rows[0].private_jwk as JWK)
  const iat = Math.floor(issuedAt.getTime() / 1000)
  // rat: the real time of issue (tokens expire in real time too); ver: the seeded credentials' version.
  const rat = Math.floor(Date.now() / 1000)
  return codiciFiscali.map((codiceFiscale) => ({
    codiceFiscale,
    token: signEs256(
      { kid: rows[0].kid, typ: 'JWT' },
      {
        sub: codiceFiscale,
        role: 'citizen',
        authLevel: 'pin_ordinario',
        ver: 1,
        rat,
        iss: ISSUER,
        aud: ACCESS_AUDIENCE,
        jti: randomUUID(),
        iat,
        exp: iat + ttlSeconds,
      },
      key,
    ),
  }))
}
