import t from 'tap'
import {
  checkCodiceFiscaleConsistency,
  computeCodiceFiscale,
  decodeOmocodia,
  isWellFormedCodiceFiscale,
} from '../../src/lib/codice-fiscale.js'
import {
  fixtureOffices,
  fixtureOperators,
  fixturePersons,
  type FixturePerson,
} from '../../src/emulator/fixtures.data.js'

type Record = FixturePerson['record']
type Outcome = 'accepted' | 'rejected'

// A deliberately small, independent reading of the eligibility rules of docs/rules.md §6, used only to
// prove that the default archive exercises both sides of every rule.
const INDEMNITIES = {
  'indennita-professionisti-cococo': (p: NonNullable<Record['positions']>) => {
    const gs = p.gestioneSeparata
    if (!gs) return undefined
    return gs.activeSince <= '2020-02-23' && (gs.activeUntil === undefined || gs.activeUntil >= '2020-02-23') && !p.ago
  },
  'indennita-autonomi-ago': (p: NonNullable<Record['positions']>) => (p.ago ? true : undefined),
  'indennita-stagionali-turismo': (p: NonNullable<Record['positions']>) => {
    const s = p.seasonalTourism
    if (!s) return undefined
    return s.involuntary && s.contractEndedOn >= '2019-01-01' && s.contractEndedOn <= '2020-03-17'
  },
  'indennita-agricoli': (p: NonNullable<Record['positions']>) =>
    p.agricultural ? p.agricultural.daysWorked2019 >= 50 : undefined,
  'indennita-spettacolo': (p: NonNullable<Record['positions']>) =>
    p.entertainment ? p.entertainment.contributions2019 >= 30 && p.entertainment.income2019Eur <= 50000 : undefined,
} as const
type Indemnity = keyof typeof INDEMNITIES

/** undefined: the person has no position for this benefit at all (not an interesting rejection). */
function evaluate(r: Record, benefit: Indemnity): Outcome | undefined {
  const p = r.positions ?? {}
  const own = INDEMNITIES[benefit](p)
  if (own === undefined) return undefined
  const excluded = p.pensioner === true || p.citizenshipIncome === true || p.employedOn2020_03_17 === true
  return own && !excluded ? 'accepted' : 'rejected'
}

const BELFIORE: { [birthPlace: string]: string } = {
  Roma: 'H501',
  Milano: 'F205',
  Napoli: 'F839',
  Torino: 'L219',
  Palermo: 'G273',
  Bologna: 'A944',
  Firenze: 'D612',
  Venezia: 'L736',
  'La Spezia': 'E463',
  Bari: 'A662',
}

t.test('every fixture codice fiscale is well formed, consistent, unique and matches its birth place', async (t) => {
  t.ok(fixturePersons.length >= 20, `${fixturePersons.length} people`)
  const seen = new Set<string>()
  for (const { codiceFiscale: cf, record, note } of fixturePersons) {
    const who = `${record.firstName} ${record.lastName} ${cf}`
    if (!t.ok(isWellFormedCodiceFiscale(cf), `${who} well formed`)) continue
    t.same(checkCodiceFiscaleConsistency(cf, record), { ok: true }, `${who} consistent`)
    const belfiore = BELFIORE[record.birthPlace]
    t.ok(belfiore, `${who} birth place known to the test`)
    t.equal(
      decodeOmocodia(cf).slice(0, 15),
      computeCodiceFiscale({ ...record, belfiore }).slice(0, 15),
      `${who} recomputes`,
    )
    t.notOk(seen.has(decodeOmocodia(cf).slice(0, 15)), `${who} unique (omocodia decoded)`)
    seen.add(decodeOmocodia(cf).slice(0, 15))
    t.match(note, /^[^\n]{10,}$/, `${who} has a one-line note`)
    t.match(record.birthDate, /^\d{4}-\d{2}-\d{2}$/)
    t.match(record.residence.postalCode, /^\d{5}$/, `${who} postal code`)
    t.match(record.residence.province, /^[A-Z]{2}$/, `${who} province`)
    const c = record.contacts ?? {}
    if (c.mobile) t.match(c.mobile, /^\+39 3\d{2} \d{6,7}$/, `${who} mobile`)
    if (c.email) t.match(c.email, /@example\.it$/, `${who} email`)
    if (c.pec) t.match(c.pec, /@pec\.example\.it$/, `${who} pec`)
    t.ok(c.mobile || c.email, `${who} has a delivery contact`)
  }
})

t.test('each indemnity has an accepted and a rejected person', async (t) => {
  for (const benefit of Object.keys(INDEMNITIES) as Indemnity[]) {
    const outcomes = fixturePersons.map((p) => evaluate(p.record, benefit))
    t.ok(outcomes.includes('accepted'), `${benefit}: someone accepted`)
    t.ok(outcomes.includes('rejected'), `${benefit}: someone rejected`)
  }
})

t.test('edges and specific rejections are present', async (t) => {
  const has = (what: string, pred: (r: Record, p: NonNullable<Record['positions']>) => boolean) =>
    t.ok(
      fixturePersons.some(({ record }) => pred(record, record.positions ?? {})),
      what,
    )
  const gs = (p: NonNullable<Record['positions']>) => p.gestioneSeparata
  const ok = (r: Record, b: Indemnity) => evaluate(r, b) === 'accepted'
  const ko = (r: Record, b: Indemnity) => evaluate(r, b) === 'rejected'

  // art. 27
  has(
    'art. 27 professionista accepted',
    (r, p) => gs(p)?.kind === 'professionista' && ok(r, 'indennita-professionisti-cococo'),
  )
  has('art. 27 co.co.co. accepted', (r, p) => gs(p)?.kind === 'cococo' && ok(r, 'indennita-professionisti-cococo'))
  has('art. 27 position started after 2020-02-23', (_, p) => (gs(p)?.activeSince ?? '') > '2020-02-23')
  has('art. 27 position ended before 2020-02-23', (_, p) => (gs(p)?.activeUntil ?? '9999') < '2020-02-23')
  has('art. 27 rejected for another compulsory scheme', (_, p) => !!gs(p) && !!p.ago && !p.pensioner)
  // art. 28
  for (const scheme of ['artigiani', 'commercianti', 'coltivatori_diretti', 'coloni_mezzadri'] as const) {
    has(`art. 28 ${scheme} accepted`, (r, p) => p.ago?.scheme === scheme && ok(r, 'indennita-autonomi-ago'))
  }
  // art. 29
  has('art. 29 ended voluntarily', (_, p) => p.seasonalTourism?.involuntary === false)
  has('art. 29 ended on 2018-12-31', (_, p) => p.seasonalTourism?.contractEndedOn === '2018-12-31')
  has(
    'art. 29 employed on 2020-03-17 otherwise eligible',
    (r, p) => !!p.employedOn2020_03_17 && INDEMNITIES['indennita-stagionali-turismo'](p) === true,
  )
  // art. 30
  has(
    'art. 30 exactly 50 days accepted',
    (r, p) => p.agricultural?.daysWorked2019 === 50 && ok(r, 'indennita-agricoli'),
  )
  has(
    'art. 30 exactly 49 days rejected',
    (r, p) => p.agricultural?.daysWorked2019 === 49 && ko(r, 'indennita-agricoli'),
  )
  // art. 38
  has(
    'art. 38 30 contributions and 50000 EUR accepted',
    (r, p) =>
      p.entertainment?.contributions2019 === 30 &&
      p.entertainment.income2019Eur === 50000 &&
      ok(r, 'indennita-spettacolo'),
  )
  has('art. 38 29 contributions rejected', (_, p) => p.entertainment?.contributions2019 === 29)
  has(
    'art. 38 50001 EUR rejected',
    (_, p) => p.entertainment?.income2019Eur === 50001 && p.entertainment.contributions2019 >= 30,
  )
  has(
    'art. 38 employed otherwise eligible',
    (_, p) => !!p.employedOn2020_03_17 && INDEMNITIES['indennita-spettacolo'](p) === true,
  )
  // exclusions and incompatibility
  has('pensioner otherwise eligible', (_, p) => !!p.pensioner && Object.values(INDEMNITIES).some((f) => f(p) === true))
  has(
    'citizenship income otherwise eligible',
    (_, p) => !!p.citizenshipIncome && Object.values(INDEMNITIES).some((f) => f(p) === true),
  )
  has(
    'eligible for two indemnities (incompatibility)',
    (r) => (Object.keys(INDEMNITIES) as Indemnity[]).filter((b) => ok(r, b)).length >= 2,
  )
  // baby-sitting
  has('baby-sitting 1000 EUR (health or security worker)', (_, p) => p.healthOrSecurityWorker === true)
  has('baby-sitting 600 EUR (private employee)', (_, p) => p.employee?.sector === 'private')
  has('baby-sitting 1000 EUR (health sector employee)', (_, p) => p.employee?.sector === 'health')
  has('baby-sitting CATEGORY_NOT_ELIGIBLE (public employee)', (_, p) => p.employee?.sector === 'public')
  has(
    'baby-sitting household of two parents and two children',
    (r) => fixturePersons.filter((f) => f.record.household?.id === r.household?.id).length >= 4,
  )
  // contacts, address, codice fiscale shapes
  const contactCount = (r: Record) => Object.values(r.contacts ?? {}).filter(Boolean).length
  has('only one contact (recovery refused)', (r) => contactCount(r) === 1)
  has('two contacts', (r) => contactCount(r) === 2)
  has('all three contacts', (r) => contactCount(r) === 3)
  has('abbreviated street', (r) => /^V\.\s/.test(r.residence.street))
  has('female', (r) => r.sex === 'F')
  has('male', (r) => r.sex === 'M')
  t.ok(
    fixturePersons.some((p) => decodeOmocodia(p.codiceFiscale) !== p.codiceFiscale),
    'an omocodia codice fiscale',
  )
})

t.test('offices and operators', async (t) => {
  t.ok(fixtureOffices.some((o) => o.open) && fixtureOffices.some((o) => !o.open), 'open and closed offices')
  t.equal(new Set(fixtureOffices.map((o) => o.code)).size, fixtureOffices.length, 'office codes unique')
  for (const o of fixtureOffices) t.equal(o.open, o.closedSince === undefined, `${o.code} closedSince iff closed`)
  t.equal(new Set(fixtureOperators.map((o) => o.operatorId)).size, fixtureOperators.length, 'operator ids unique')
  for (const role of ['contact_center', 'patronato', 'intermediario', 'backoffice', 'office'] as const) {
    t.ok(
      fixtureOperators.some((o) => o.role === role),
      `an operator with role ${role}`,
    )
  }
  t.ok(fixtureOperators.filter((o) => o.role === 'patronato').length >= 2, 'two patronati')
  t.equal(
    new Set(fixtureOperators.map((o) => o.organisationId)).size,
    fixtureOperators.length,
    'each its own organisation: the two patronati are two',
  )
  for (const o of fixtureOperators)
    t.match(o.organisationId, /^ORG0\d{3}$/, `${o.operatorId} organisation id below the generated ones (ORG1000 on)`)
  for (const o of fixtureOperators) {
    t.match(o.pin, /^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9]{8}$/, `${o.operatorId} pin: 8 letters and digits`)
    if (o.role === 'office')
      t.ok(
        fixtureOffices.some((f) => f.code === o.officeCode && f.open),
        `${o.operatorId} office exists and is open`,
      )
  }
})
