import { Type, type Static } from 'typebox'
import { CodiceFiscale, IsoDate, Page, named } from '../../lib/schemas.js'

const Text = (examples: string[], maxLength = 120) => Type.String({ minLength: 1, maxLength, examples })

export const Residence = named(
  'Residence',
  Type.Object(
    {
      street: Text(['Via Roma 1']),
      postalCode: Type.String({ pattern: '^[0-9]{5}$', examples: ['00184'] }),
      municipality: Text(['Roma']),
      province: Type.String({ pattern: '^[A-Za-z]{2}$', examples: ['RM'] }),
    },
    { additionalProperties: false },
  ),
)

export const Contacts = named(
  'Contacts',
  Type.Object(
    {
      mobile: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ]{6,20}$', examples: ['+39 333 1234567'] })),
      email: Type.Optional(Type.String({ format: 'email', maxLength: 200, examples: ['mario.rossi@example.it'] })),
      pec: Type.Optional(Type.String({ format: 'email', maxLength: 200, examples: ['mario.rossi@pec.example.it'] })),
    },
    { additionalProperties: false },
  ),
)

export const Positions = named(
  'Positions',
  Type.Object(
    {
      gestioneSeparata: Type.Optional(
        Type.Object(
          {
            kind: Type.Enum(['professionista', 'cococo']),
            activeSince: IsoDate,
            activeUntil: Type.Optional(IsoDate),
            vatIncome: Type.Optional(
              Type.Object(
                { marchApril2019Eur: Type.Number({ minimum: 0 }), marchApril2020Eur: Type.Number({ minimum: 0 }) },
                { additionalProperties: false, description: 'Agenzia delle Entrate data for the DL 34 May check' },
              ),
            ),
          },
          { additionalProperties: false, description: 'Gestione separata position (DL 18/2020 art. 27)' },
        ),
      ),
      ago: Type.Optional(
        Type.Object(
          { scheme: Type.Enum(['artigiani', 'commercianti', 'coltivatori_diretti', 'coloni_mezzadri']) },
          { additionalProperties: false, description: 'Special AGO scheme (art. 28)' },
        ),
      ),
      seasonalTourism: Type.Optional(
        Type.Object(
          { contractEndedOn: IsoDate, involuntary: Type.Boolean() },
          { additionalProperties: false, description: 'Seasonal tourism or spa contract (art. 29)' },
        ),
      ),
      agricultural: Type.Optional(
        Type.Object(
          { daysWorked2019: Type.Integer({ minimum: 0, maximum: 366 }) },
          { additionalProperties: false, description: 'Agricultural work (art. 30)' },
        ),
      ),
      entertainment: Type.Optional(
        Type.Object(
          { contributions2019: Type.Integer({ minimum: 0, maximum: 366 }), income2019Eur: Type.Number({ minimum: 0 }) },
          { additionalProperties: false, description: 'Entertainment workers fund (art. 38)' },
        ),
      ),
      pension: Type.Optional(
        Type.Object(
          { kind: Type.Enum(['diretta', 'superstiti', 'assegno_ordinario_invalidita', 'ape_sociale']) },
          {
            additionalProperties: false,
            description: 'Pension held (circ. 49/2020: only diretta and APE sociale exclude the indemnities)',
          },
        ),
      ),
      employee: Type.Optional(
        Type.Object(
          {
            sector: Type.Enum(['private', 'public', 'health', 'security']),
            since: IsoDate,
            until: Type.Optional(IsoDate),
            fixedTerm: Type.Optional(
              Type.Boolean({ description: 'A fixed-term contract (does not exclude the DL 34 c. 8 indemnity, c. 9)' }),
            ),
            grossMonthlyPayEur: Type.Optional(
              Type.Number({
                minimum: 0,
                maximum: 1_000_000,
                description: 'Gross monthly pay (Reddito di Emergenza: above the Rem amount excludes the household)',
              }),
            ),
            dailyPayEur: Type.Optional(
              Type.Number({
                exclusiveMinimum: 0,
                maximum: 10_000,
                description: 'Daily pay in euro (retribuzione giornaliera): the congedo COVID pays half of it a day',
              }),
            ),
          },
          {
            additionalProperties: false,
            description: 'Employee position (another compulsory scheme for arts. 27 and 28)',
          },
        ),
      ),
      cassaProfessionale: Type.Optional(
        Type.Object(
          { name: Text(['Cassa Forense']) },
          { additionalProperties: false, description: 'Professional fund (d.lgs. 509/1994, 103/1996)' },
        ),
      ),
      noItalianIdentityDocument: Type.Optional(
        Type.Boolean({
          description:
            'Has no identity document issued by the Italian Republic, so cannot have SPID: still gets a PIN after 30 September 2020 (circ. 87/2020)',
        }),
      ),
      legalProtection: Type.Optional(
        Type.Enum(['tutela', 'curatela', 'amministrazione_di_sostegno'], {
          description:
            'Under tutela, curatela or amministrazione di sostegno: still gets a PIN after 30 September 2020 (circ. 87/2020)',
        }),
      ),
      naspiOn2020_05_19: Type.Optional(
        Type.Boolean({
          description:
            'Receiving NASpI on 19 May 2020 (no May indemnity for seasonal tourism workers, DL 34 art. 84 c. 6)',
        }),
      ),
      seasonalOtherSectors: Type.Optional(
        Type.Object(
          {
            daysWorked: Type.Integer({ minimum: 0, maximum: 400 }),
            contractEndedOn: Type.Optional(IsoDate),
            involuntary: Type.Optional(Type.Boolean()),
          },
          {
            additionalProperties: false,
            description:
              'Seasonal work outside tourism: days worked from 1 January 2019 to 31 January 2020, and the end of the contract (DL 34 art. 84 c. 8 lett. a: involuntary, in that period)',
          },
        ),
      ),
      intermittent: Type.Optional(
        Type.Object(
          { daysWorked: Type.Integer({ minimum: 0, maximum: 400 }) },
          {
            additionalProperties: false,
            description: 'Intermittent work: days worked from 1 January 2019 to 31 January 2020 (c. 8)',
          },
        ),
      ),
      occasionalSelfEmployed: Type.Optional(
        Type.Object(
          { enrolledSince: IsoDate, contractRunningOn2020_02_23: Type.Optional(Type.Boolean()) },
          {
            additionalProperties: false,
            description:
              'Occasional self-employed without VAT number, enrolled in the Gestione separata since (c. 8 lett. c: by 23 February 2020, with no contract running on that day)',
          },
        ),
      ),
      doorToDoorSeller: Type.Optional(
        Type.Object(
          {
            income2019Eur: Type.Number({ minimum: 0 }),
            vatNumberOn2020_02_23: Type.Optional(Type.Boolean()),
            enrolledSince: Type.Optional(IsoDate),
          },
          {
            additionalProperties: false,
            description:
              'Door-to-door seller (incaricato di vendita a domicilio): 2019 income (c. 8 lett. d: over 5,000 euro), VAT number on 23 February 2020, Gestione separata enrolment (by that day)',
          },
        ),
      ),
      domestic: Type.Optional(
        Type.Object(
          {
            hoursPerWeek: Type.Number({
              minimum: 0,
              maximum: 168,
              description: 'Total weekly hours of all domestic contracts',
            }),
            cohabiting: Type.Boolean({ description: 'Lives with the employer (convivente)' }),
            since: IsoDate,
            until: Type.Optional(IsoDate),
          },
          {
            additionalProperties: false,
            description:
              'Domestic work (colf, badanti) in the Gestione lavoratori domestici: DL 34 art. 85 asks for more than 10 hours a week on 23 February 2020, not cohabiting with the employer',
          },
        ),
      ),
      citizenshipIncomeMonthlyEur: Type.Optional(
        Type.Number({
          minimum: 0,
          maximum: 10_000,
          description: 'Monthly reddito di cittadinanza (DL 34 art. 84 c. 13)',
        }),
      ),
      pensioner: Type.Optional(
        Type.Boolean({ description: 'Holds a pension: true without `pension` means a diretta pension' }),
      ),
      employedOn2020_03_17: Type.Optional(
        Type.Boolean({ description: 'Running employment contract on 17 March 2020' }),
      ),
      citizenshipIncome: Type.Optional(Type.Boolean({ description: 'Reddito di cittadinanza (art. 31)' })),
      severeDisability: Type.Optional(
        Type.Boolean({
          description:
            'In a condition of severe disability or non-self-sufficiency as defined for the ISEE (Reddito di Emergenza: scale up to 2.1, higher assets cap)',
        }),
      ),
      healthOrSecurityWorker: Type.Optional(
        Type.Boolean({ description: 'Baby-sitting bonus of 1000 euro instead of 600' }),
      ),
    },
    { additionalProperties: false },
  ),
)

export const BankAccount = named(
  'BankAccount',
  Type.Object(
    {
      iban: Type.String({ pattern: '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$', examples: ['IT60X0542811101000000123456'] }),
      holders: Type.Array(CodiceFiscale, { minItems: 1, maxItems: 10, description: 'Holders and co-holders' }),
    },
    { additionalProperties: false, description: 'An account as the banks report it (circ. 48/2020 IBAN check)' },
  ),
)

const Euro = (description: string) => Type.Number({ minimum: 0, maximum: 10_000_000, description })

/** The household's own facts, beside its id: what the DSU and the Reddito di Emergenza read (docs/rules.md §16). */
export const HouseholdFacts = {
  isee: Type.Optional(
    Type.Object(
      { valueEur: Euro('ISEE value') },
      {
        additionalProperties: false,
        description: 'The ISEE of a DSU valid at the time of the application; absent: no valid DSU',
      },
    ),
  ),
  movableAssets2019Eur: Type.Optional(Euro('Movable assets of the household in 2019 (patrimonio mobiliare)')),
  monthlyIncomeEur: Type.Optional(
    Type.Object(
      { april2020: Type.Optional(Euro('April 2020')), may2020: Type.Optional(Euro('May 2020')) },
      { additionalProperties: false, description: 'Household income of a month, cash basis (absent: none)' },
    ),
  ),
}

export const Household = named(
  'Household',
  Type.Object(
    {
      id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', examples: ['ROSSI-PISA-1'] }),
      ...HouseholdFacts,
    },
    {
      additionalProperties: false,
      description:
        "Persons with the same id are one nucleo familiare. The household's facts are read from the applicant's record (from another member's when the applicant's has none): give them to every member",
      examples: [
        {
          id: 'ROSSI-PISA-1',
          isee: { valueEur: 6200 },
          movableAssets2019Eur: 3000,
          monthlyIncomeEur: { april2020: 150, may2020: 0 },
        },
      ],
    },
  ),
)

/** The household's facts without its id. */
export type HouseholdFacts = Omit<Static<typeof Household>, 'id'>

export const PersonRecord = named(
  'PersonRecord',
  Type.Object(
    {
      firstName: Text(['Mario']),
      lastName: Text(['Rossi']),
      birthDate: IsoDate,
      sex: Type.Enum(['M', 'F']),
      birthPlace: Text(['San Giuliano Terme']),
      residence: Residence,
      contacts: Type.Optional(Contacts),
      positions: Type.Optional(Positions),
      bankAccounts: Type.Optional(Type.Array(BankAccount, { maxItems: 20 })),
      household: Type.Optional(Household),
    },
    {
      additionalProperties: false,
      description: 'The INPS archive record that the rules read',
      examples: [
        {
          firstName: 'Mario',
          lastName: 'Rossi',
          birthDate: '1985-12-10',
          sex: 'M',
          birthPlace: 'San Giuliano Terme',
          residence: { street: 'Via Roma 1', postalCode: '56017', municipality: 'San Giuliano Terme', province: 'PI' },
          contacts: { mobile: '+39 333 1234567', email: 'mario.rossi@example.it' },
          positions: { gestioneSeparata: { kind: 'professionista', activeSince: '2015-01-01' } },
        },
      ],
    },
  ),
)
export type PersonRecord = Static<typeof PersonRecord>

export const Person = named(
  'Person',
  Type.Object({
    codiceFiscale: CodiceFiscale,
    ...PersonRecord.properties,
    updatedAt: Type.String({ format: 'date-time' }),
  }),
)
export type Person = Static<typeof Person>

export const PersonParams = named('PersonParams', Type.Object({ codiceFiscale: CodiceFiscale }))
export const PersonPage = named('PersonPage', Page(Person, 'Archive records, by codice fiscale'))

export const PersonPageQuery = named(
  'PersonPageQuery',
  Type.Object({
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{16}$', description: 'nextCursor of the previous page' })),
  }),
)
