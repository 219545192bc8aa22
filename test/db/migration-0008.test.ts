import { randomBytes } from 'node:crypto'
import t from 'tap'
import pg from 'pg'
import { sql, type Kysely } from 'kysely'
import { Migrator } from 'kysely/migration'
import { createDatabase, MEMORY_DATA_DIR, type DatabaseHandle } from '../../src/db/create-db.js'
import { FolderMigrationProvider, MIGRATIONS_FOLDER } from '../../src/db/migrate.js'
import { withDatabase } from '../db.js'

// Migration 0008 on a database that lived at 0007 with data: free-text organisations become
// organisations with ids, and every patronato key (mandates, applications, idempotency callers) follows.

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: new FolderMigrationProvider(MIGRATIONS_FOLDER) })
}

/** An empty database of its own: the shared test template is already at the latest migration. */
async function emptyDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL
  if (!url) return createDatabase({ dataDir: MEMORY_DATA_DIR, poolMax: 1, statementTimeoutMs: 0 })
  const name = `inps_mig_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const handle = await createDatabase({
    databaseUrl: withDatabase(url, name),
    dataDir: '',
    poolMax: 2,
    statementTimeoutMs: 0,
  })
  return {
    ...handle,
    close: async () => {
      await handle.close()
      const cleanup = new pg.Client({ connectionString: url })
      await cleanup.connect()
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await cleanup.end()
    },
  }
}

const handle = await emptyDatabase()
t.teardown(() => handle.close())
const db = handle.db as Kysely<any>
const migrations = migrator(db)

t.test('0008 turns names into organisations and rewrites every patronato key', async (t) => {
  const to7 = await migrations.migrateTo('0007_submit_batch')
  t.error(to7.error)
  t.equal(to7.results?.at(-1)?.migrationName, '0007_submit_batch')

  const created = (minutes: number) => new Date(Date.UTC(2020, 3, 1, 8, minutes))
  await db.insertInto('offices').values({ code: '1300', name: 'INPS Roma Eur', open: true }).execute()
  const operator = (
    id: string,
    role: string,
    organisation: string | null,
    minutes: number,
    officeCode: string | null = null,
  ) => ({
    id,
    role,
    organisation,
    office_code: officeCode,
    pin_hash: 'x',
    pin_set_at: created(minutes),
    created_at: created(minutes),
  })
  await db
    .insertInto('operators')
    .values([
      operator('PAT0001', 'patronato', 'Patronato A', 0),
      operator('PAT1001', 'patronato', 'Patronato A', 1), // a second operator of the same patronato
      operator('PAT1002', 'patronato', null, 2), // a patronato of its own, keyed by its id
      operator('PAT1003', 'patronato', 'PAT1002', 3), // named like PAT1002's id: used to share its key
      operator('CC1000', 'contact_center', 'Patronato A', 4), // the same name in another role
      operator('SEDE1000', 'office', null, 5, '1300'),
    ])
    .execute()
  const mandate = (id: string, patronato: string, cf: string, grantedBy: string) => ({
    id,
    patronato,
    codice_fiscale: cf,
    granted_by: grantedBy,
    created_at: created(10),
  })
  await db
    .insertInto('patronato_mandates')
    .values([
      mandate('00000000-0000-4000-8000-000000000001', 'Patronato A', 'BNCGLI84H52H501C', 'PAT1001'),
      mandate('00000000-0000-4000-8000-000000000002', 'PAT1002', 'SPSMRC90B03F839H', 'PAT1002'),
      mandate('00000000-0000-4000-8000-000000000003', 'PAT1002', 'FRRLCU88S21L219X', 'PAT1003'),
      mandate('00000000-0000-4000-8000-000000000004', 'Patronato Sparito', 'RMNFNC93D70F205Z', 'PAT0099'),
    ])
    .execute()
  const application = (n: number, patronato: string | null, filedBy: string | null) => ({
    id: `00000000-0000-4000-9000-00000000000${n}`,
    protocol_number: `INPS.2020.000000${n}`,
    codice_fiscale: 'BNCGLI84H52H501C',
    benefit_code: `benefit-${n}`,
    channel: patronato ? 'patronato' : 'web',
    filed_by: filedBy,
    patronato,
    auth_level: 'pin_dispositivo',
    payment: JSON.stringify({ method: 'post_office' }),
    declarations: '{}',
    status: 'submitted',
    submitted_at: created(20),
  })
  await db
    .insertInto('applications')
    .values([
      application(1, 'Patronato A', 'PAT0001'),
      application(2, 'PAT1002', 'PAT1003'),
      application(3, null, null),
    ])
    .execute()
  await db
    .insertInto('idempotency_keys')
    .values([
      {
        caller: 'patronato:Patronato A',
        key: 'k1',
        request_hash: 'h',
        application_id: application(1, null, null).id,
        created_at: created(20),
      },
      {
        caller: 'citizen:BNCGLI84H52H501C',
        key: 'k3',
        request_hash: 'h',
        application_id: application(3, null, null).id,
        created_at: created(20),
      },
    ])
    .execute()

  const latest = await migrations.migrateToLatest()
  t.error(latest.error)
  t.ok(latest.results?.some((r) => r.migrationName.startsWith('0008_') && r.status === 'Success'))

  const organisations = await db.selectFrom('organisations').selectAll().orderBy('id').execute()
  const operators = await db.selectFrom('operators').selectAll().orderBy('id').execute()
  const orgOf = (id: string) => operators.find((o) => o.id === id)!.organisation_id as string
  const organisation = (id: string) => organisations.find((o) => o.id === id)
  t.notOk('organisation' in operators[0], 'the free-text column is gone')
  t.ok(
    operators.every((o) => /^ORG\d{4}$/.test(o.organisation_id)),
    'every operator has an organisation',
  )

  t.equal(orgOf('PAT0001'), orgOf('PAT1001'), 'operators that shared a name share an organisation')
  t.match(organisation(orgOf('PAT0001')), { name: 'Patronato A', kind: 'patronato' })
  t.not(orgOf('CC1000'), orgOf('PAT0001'), 'the same name in another role is another organisation')
  t.match(organisation(orgOf('CC1000')), { name: 'Patronato A', kind: 'contact_center' })
  t.match(organisation(orgOf('PAT1002')), { name: null, kind: 'patronato' }, 'a nameless operator has its own')
  t.match(organisation(orgOf('SEDE1000')), { name: null, kind: 'office' })
  t.not(orgOf('PAT1003'), orgOf('PAT1002'), "a name like another operator's id is its own organisation")
  t.match(organisation(orgOf('PAT1003')), { name: 'PAT1002', kind: 'patronato' })
  const orphan = organisations.find((o) => o.name === 'Patronato Sparito')
  t.match(orphan, { kind: 'patronato' }, 'a key no operator explains becomes an organisation of its own')
  t.equal(organisations.length, 6, 'two named patronati, a named contact center, two nameless, one orphan')

  const mandates = new Map(
    (await db.selectFrom('patronato_mandates').selectAll().execute()).map((m) => [m.codice_fiscale, m.patronato]),
  )
  t.equal(mandates.get('BNCGLI84H52H501C'), orgOf('PAT0001'))
  t.equal(mandates.get('SPSMRC90B03F839H'), orgOf('PAT1002'))
  t.equal(
    mandates.get('FRRLCU88S21L219X'),
    orgOf('PAT1003'),
    'under a shared key, each mandate goes to the organisation of who granted it',
  )
  t.equal(mandates.get('RMNFNC93D70F205Z'), orphan?.id)

  const applications = new Map(
    (await db.selectFrom('applications').select(['id', 'patronato']).execute()).map((a) => [a.id, a.patronato]),
  )
  t.equal(applications.get(application(1, null, null).id), orgOf('PAT0001'))
  t.equal(applications.get(application(2, null, null).id), orgOf('PAT1003'), 'filed by PAT1003 under the shared key')
  t.equal(applications.get(application(3, null, null).id), null, "a citizen's own application has no patronato")
  const callers = (await db.selectFrom('idempotency_keys').select('caller').orderBy('key').execute()).map(
    (r) => r.caller,
  )
  t.same(callers, [`patronato:${orgOf('PAT0001')}`, 'citizen:BNCGLI84H52H501C'])

  const next = await sql<{ n: string }>`SELECT nextval('organisation_number')::text AS n`.execute(db)
  t.equal(Number(next.rows[0].n), 1000 + organisations.length, 'new organisations continue the sequence')
  await t.rejects(
    db
      .insertInto('operators')
      .values({ ...operator('PAT2000', 'patronato', null, 30), organisation: undefined, organisation_id: 'ORG9999' })
      .execute(),
    'operators reference an existing organisation',
  )
})

t.test('0008 goes down to names again', async (t) => {
  const down = await migrations.migrateTo('0007_submit_batch')
  t.error(down.error)
  const operators = await db.selectFrom('operators').select(['id', 'organisation']).orderBy('id').execute()
  t.same(
    operators.find((o) => o.id === 'PAT1001'),
    { id: 'PAT1001', organisation: 'Patronato A' },
  )
  t.same(
    operators.find((o) => o.id === 'PAT1002'),
    { id: 'PAT1002', organisation: null },
  )
  const mandates = new Map(
    (await db.selectFrom('patronato_mandates').selectAll().execute()).map((m) => [m.codice_fiscale, m.patronato]),
  )
  t.equal(mandates.get('BNCGLI84H52H501C'), 'Patronato A')
  t.equal(mandates.get('SPSMRC90B03F839H'), 'PAT1002')
  t.equal(mandates.get('RMNFNC93D70F205Z'), 'Patronato Sparito')
  t.same(
    (await db.selectFrom('idempotency_keys').select('caller').orderBy('key').execute()).map((r) => r.caller),
    ['patronato:Patronato A', 'citizen:BNCGLI84H52H501C'],
  )
})
