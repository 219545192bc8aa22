import t, { type Test } from 'tap'
import { argon2Cost, ConfigError, DEFAULT_RULES, Environment, ENVIRONMENT_DEFAULTS, loadConfig } from '../src/config.js'

/** The ConfigError loadConfig throws for `env`, or a failed assertion if it does not throw. */
function problemsOf(t: Test, env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env)
  } catch (err) {
    t.type(err, ConfigError)
    return (err as ConfigError).problems
  }
  t.fail(`loadConfig accepted ${JSON.stringify(env)}`)
  return []
}

t.test('an empty environment gives the documented defaults', async (t) => {
  const config = loadConfig({})
  t.match(config, {
    port: 3000,
    host: '127.0.0.1',
    databaseUrl: undefined,
    dataDir: './data',
    dbPoolMax: 10,
    dbStatementTimeoutMs: 5000,
    submissionBatchesInFlight: 1,
    emulatorEnabled: true,
    emulatorAdminToken: undefined,
    logLevel: 'info',
    accessTokenTtlSeconds: 900,
    seedFixtures: true,
  })
  t.same(config.rules, {
    postalDelayHours: 120, // docs/rules.md §3: 5 days
    accessWindows: { enabled: true, from: '2020-04-02', intermediaryStart: '08:00', intermediaryEnd: '16:00' },
    emergencyEnd: '2020-07-31', // docs/rules.md §15: the PIN semplificato lasts until the end of July 2020
    semplificatoFrom: '2020-03-26', // messaggio INPS 1381/2020
    pinIssuanceEnd: '2020-09-30', // circolare INPS 87/2020: no new PINs from 1 October 2020
    calendar: {
      opensOn: '2020-04-01',
      lastDay: '2020-06-03',
      lastDayExtended: '2020-06-08', // docs/rules.md §11
      lastDayOf: {
        'indennita-maggio-professionisti': '2020-08-30',
        'indennita-nuove-categorie': '2020-08-30',
        'indennita-spettacolo-dl34': '2020-08-30',
        'bonus-baby-sitting': '2020-08-31',
      }, // §14: DL 104 art. 9 c. 8; §13: L. 77/2020
    },
  })
  t.same(config.rules.accessWindows, DEFAULT_RULES.accessWindows)
  t.ok(
    Object.isFrozen(config) && Object.isFrozen(config.rules) && Object.isFrozen(config.rules.accessWindows),
    'frozen',
  )
  t.throws(() => {
    ;(config as { port: number }).port = 1
  }, TypeError)
})

t.test('set variables are parsed into typed values; empty strings count as unset', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    DATABASE_URL: 'postgresql://u@db:5432/inps',
    DATA_DIR: '/var/lib/inps',
    DB_POOL_MAX: '25',
    DB_STATEMENT_TIMEOUT_MS: '1500',
    SUBMISSION_BATCHES_IN_FLIGHT: '3',
    EMULATOR_ADMIN_TOKEN: 'a-long-enough-admin-token',
    LOG_LEVEL: 'warn',
    POSTAL_DELAY_HOURS: '48',
    ACCESS_WINDOWS_ENABLED: 'false',
    ACCESS_WINDOWS_FROM: '2020-04-03',
    INTERMEDIARY_WINDOW_START: '09:30',
    INTERMEDIARY_WINDOW_END: '17:00',
    EMERGENCY_END: '2020-07-31',
    PIN_SEMPLIFICATO_FROM: '2020-03-25',
    PIN_ISSUANCE_END: '2020-10-31',
    ACCESS_TOKEN_TTL_SECONDS: '600',
    SEED_FIXTURES: 'false',
    HOME: '/root', // unrelated variables are ignored
  })
  t.match(config, {
    port: 8080,
    host: '0.0.0.0',
    databaseUrl: 'postgresql://u@db:5432/inps',
    dataDir: '/var/lib/inps',
    dbPoolMax: 25,
    dbStatementTimeoutMs: 1500,
    submissionBatchesInFlight: 3,
    emulatorAdminToken: 'a-long-enough-admin-token',
    logLevel: 'warn',
    accessTokenTtlSeconds: 600,
    seedFixtures: false,
  })
  t.same(config.rules, {
    postalDelayHours: 48,
    accessWindows: { enabled: false, from: '2020-04-03', intermediaryStart: '09:30', intermediaryEnd: '17:00' },
    emergencyEnd: '2020-07-31',
    semplificatoFrom: '2020-03-25',
    pinIssuanceEnd: '2020-10-31',
    calendar: {
      opensOn: '2020-04-01',
      lastDay: '2020-06-03',
      lastDayExtended: '2020-06-08', // docs/rules.md §11
      lastDayOf: {
        'indennita-maggio-professionisti': '2020-08-30',
        'indennita-nuove-categorie': '2020-08-30',
        'indennita-spettacolo-dl34': '2020-08-30',
        'bonus-baby-sitting': '2020-08-31',
      }, // §14
    },
  })
  const blank = loadConfig({ PORT: '', EMULATOR_ADMIN_TOKEN: '', LOG_LEVEL: '' })
  t.equal(blank.port, 3000)
  t.equal(blank.emulatorAdminToken, undefined, 'an empty token means "generate one"')
  t.equal(blank.logLevel, 'info')
})

t.test('EMULATOR_ENABLED=false switches the emulator off; anything but true/false is refused', async (t) => {
  t.equal(loadConfig({ EMULATOR_ENABLED: 'false' }).emulatorEnabled, false)
  t.equal(loadConfig({ EMULATOR_ENABLED: 'true' }).emulatorEnabled, true)
  const problems = problemsOf(t, { EMULATOR_ENABLED: 'no' })
  t.equal(problems.length, 1)
  t.match(problems[0], /^EMULATOR_ENABLED: .*"no"/)
})

t.test('each bad variable is reported by name', async (t) => {
  const cases: Array<[string, string]> = [
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://root@db/inps'],
    ['DB_POOL_MAX', '0'],
    ['DB_STATEMENT_TIMEOUT_MS', '-1'],
    ['SUBMISSION_BATCHES_IN_FLIGHT', '0'],
    ['SUBMISSION_BATCHES_IN_FLIGHT', '10'],
    ['LOG_LEVEL', 'loud'],
    ['POSTAL_DELAY_HOURS', 'five days'],
    ['ACCESS_WINDOWS_ENABLED', 'yes'],
    ['ACCESS_WINDOWS_FROM', '02/04/2020'],
    ['INTERMEDIARY_WINDOW_START', '8:00'],
    ['INTERMEDIARY_WINDOW_END', '24:00'],
    ['EMERGENCY_END', 'never'],
    ['PIN_ISSUANCE_END', '1 Oct'],
    ['ACCESS_TOKEN_TTL_SECONDS', '5'],
    ['SEED_FIXTURES', '1'],
  ]
  for (const [name, value] of cases) {
    const problems = problemsOf(t, { [name]: value })
    t.equal(problems.length, 1, `${name}: one problem`)
    t.match(problems[0], new RegExp(`^${name}: `), `${name} is named`)
  }
  const port = problemsOf(t, { PORT: '70000' })
  t.same(port, ['PORT: must be between 1 and 65535 (got 70000)'])
  t.match(problemsOf(t, { PORT: '0' }), [/^PORT: must be between 1 and 65535/])
})

t.test('several bad variables are reported together, each once', async (t) => {
  let error: unknown
  try {
    loadConfig({
      PORT: 'x',
      LOG_LEVEL: 'chatty',
      DATABASE_URL: 'http://db',
      SEED_FIXTURES: 'maybe',
      HOST: 'fine.example',
    })
  } catch (err) {
    error = err
  }
  t.type(error, ConfigError)
  const { problems, message } = error as ConfigError
  t.equal(problems.length, 4)
  for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'SEED_FIXTURES']) {
    t.equal(problems.filter((p) => p.startsWith(`${name}: `)).length, 1, `${name} reported once`)
    t.match(message, `  - ${name}: `, `${name} in the message`)
  }
  t.notOk(
    problems.some((p) => p.startsWith('HOST')),
    'a good variable is not reported',
  )
  t.match(message, /^Invalid configuration:\n/)
})

t.test('INTERMEDIARY_WINDOW_END must be later than INTERMEDIARY_WINDOW_START', async (t) => {
  t.same(problemsOf(t, { INTERMEDIARY_WINDOW_START: '16:00', INTERMEDIARY_WINDOW_END: '08:00' }), [
    'INTERMEDIARY_WINDOW_END: must be later than INTERMEDIARY_WINDOW_START (16:00 >= 08:00)',
  ])
  t.match(
    problemsOf(t, { INTERMEDIARY_WINDOW_START: '10:00', INTERMEDIARY_WINDOW_END: '10:00' }),
    [/^INTERMEDIARY_WINDOW_END: /],
    'an empty window too',
  )
  t.match(
    problemsOf(t, { INTERMEDIARY_WINDOW_START: '17:00' }),
    [/^INTERMEDIARY_WINDOW_END: .*17:00 >= 16:00/],
    'against the default end',
  )
  const ok = loadConfig({ INTERMEDIARY_WINDOW_START: '07:59', INTERMEDIARY_WINDOW_END: '08:00' })
  t.same([ok.rules.accessWindows.intermediaryStart, ok.rules.accessWindows.intermediaryEnd], ['07:59', '08:00'])
})

t.test('a date that is not on the calendar is refused', async (t) => {
  t.match(problemsOf(t, { EMERGENCY_END: '2020-13-45' }), [/^EMERGENCY_END: not a calendar date/])
  t.match(problemsOf(t, { ACCESS_WINDOWS_FROM: '2020-04-32' }), [/^ACCESS_WINDOWS_FROM: not a calendar date/])
  t.match(problemsOf(t, { DL34_SPETTACOLO_LAST_DAY: '2020-06-31' }), [/^DL34_SPETTACOLO_LAST_DAY: not a calendar date/])
})

// Known gaps in src/config.ts (not changed here: see the report). They run but do not fail the suite.
t.test('31 February is not a calendar date', async (t) => {
  t.match(problemsOf(t, { ACCESS_WINDOWS_FROM: '2020-02-31' }), [/^ACCESS_WINDOWS_FROM: /])
})

t.test('a too-short admin token is not echoed in the error', async (t) => {
  const problems = problemsOf(t, { EMULATOR_ADMIN_TOKEN: 'short-secret' })
  t.match(problems, [/^EMULATOR_ADMIN_TOKEN: /])
  t.notMatch(problems.join('\n'), 'short-secret')
})

t.test(
  'TRUST_PROXY: false, true (one hop), a number of hops, or a list of proxy addresses; never "trust all"',
  async (t) => {
    t.equal(loadConfig({}).trustProxy, false)
    t.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false)
    t.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, 1, 'true is exactly one hop')
    t.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2)
    t.equal(loadConfig({ TRUST_PROXY: '0' }).trustProxy, false)
    t.same(loadConfig({ TRUST_PROXY: '10.0.0.1, 172.16.0.0/12,::1' }).trustProxy, ['10.0.0.1', '172.16.0.0/12', '::1'])
    for (const bad of ['yes', '11', '10.0.0.1/33', '10.0.0.300', '10.0.0.0/8/1', ',']) {
      t.match(problemsOf(t, { TRUST_PROXY: bad }), [/^TRUST_PROXY: /], bad)
    }
  },
)

t.test('HTTP timeouts: documented defaults, and the headers one may not exceed the request one', async (t) => {
  t.same(loadConfig({}).http, { requestTimeoutMs: 30000, headersTimeoutMs: 10000, keepAliveTimeoutMs: 72000 })
  t.same(loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '5000' }).http, {
    requestTimeoutMs: 5000,
    headersTimeoutMs: 5000,
    keepAliveTimeoutMs: 72000,
  })
  t.same(
    loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '500' })
      .http,
    { requestTimeoutMs: 2000, headersTimeoutMs: 1000, keepAliveTimeoutMs: 500 },
  )
  t.match(problemsOf(t, { HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_HEADERS_TIMEOUT_MS: '2000' }), [
    /^HTTP_HEADERS_TIMEOUT_MS: must not exceed/,
  ])
  for (const name of ['HTTP_REQUEST_TIMEOUT_MS', 'HTTP_HEADERS_TIMEOUT_MS', 'HTTP_KEEP_ALIVE_TIMEOUT_MS']) {
    t.match(problemsOf(t, { [name]: '0' }), [new RegExp(`^${name}: `)], `${name}=0`)
  }
})

t.test(
  'every variable is declared once with a description, and its declared default is what an empty environment gives',
  async (t) => {
    for (const [name, schema] of Object.entries(Environment.properties) as Array<
      [string, { description?: string; default?: string; defaultText?: string }]
    >) {
      t.ok(schema.description && schema.description.length > 10, `${name} has a description`)
      t.ok(schema.default !== undefined || schema.defaultText !== undefined, `${name} documents its default`)
    }
    const withDefaults = loadConfig({ ...ENVIRONMENT_DEFAULTS })
    t.same(withDefaults, loadConfig({}), 'setting every declared default changes nothing')
    t.same(ENVIRONMENT_DEFAULTS.PORT, '3000')
  },
)

t.test('FAULTS_CACHE_MS: 1000 by default, 0 allowed, bad values refused', async (t) => {
  t.equal(loadConfig({}).faultsCacheMs, 1000)
  t.equal(loadConfig({ FAULTS_CACHE_MS: '0' }).faultsCacheMs, 0)
  t.match(problemsOf(t, { FAULTS_CACHE_MS: 'soon' }), [/^FAULTS_CACHE_MS: /])
})

t.test(
  'argon2 cost: the production baseline by default, lowered through the environment, bad values refused',
  async (t) => {
    t.same(argon2Cost({}), { memoryCost: 19456, timeCost: 2 })
    t.same(argon2Cost({ ARGON2_MEMORY_KIB: '64', ARGON2_TIME_COST: '1' }), { memoryCost: 64, timeCost: 1 })
    t.throws(() => argon2Cost({ ARGON2_MEMORY_KIB: '4' }), ConfigError, 'below argon2 minimum of 8 KiB')
    t.match(problemsOf(t, { ARGON2_TIME_COST: '0' }), [/^ARGON2_TIME_COST: /])
    t.match(problemsOf(t, { ARGON2_MEMORY_KIB: 'lots' }), [/^ARGON2_MEMORY_KIB: /])
  },
)
