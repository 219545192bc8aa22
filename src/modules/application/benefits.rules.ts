import { AUTH_LEVELS, type AuthLevel } from '../../core/auth/auth.types.js'

export const BENEFIT_CODES = [
  'indennita-professionisti-cococo',
  'indennita-autonomi-ago',
  'indennita-stagionali-turismo',
  'indennita-agricoli',
  'indennita-spettacolo',
  'bonus-baby-sitting',
  'indennita-maggio-professionisti',
  'indennita-nuove-categorie',
  'indennita-spettacolo-dl34',
] as const
export type BenefitCode = (typeof BENEFIT_CODES)[number]

export interface Benefit {
  code: BenefitCode
  name: string
  legalBasis: string
  amountEur: number
  /** docs/rules.md §6: the five indemnities exclude each other; §14: so do the two new ones of DL 34 (c. 8 and c. 10). */
  exclusiveGroup: 'indennita' | 'indennita-dl34' | null
  /** Rome-local day the benefit came into being, when later than the DL 18 procedures (docs/rules.md §14). */
  availableFrom?: string
  /** Declarations (DPR 445/2000 self-certifications) that must be true to submit. */
  requiredDeclarations: string[]
  allowedAuthLevels: AuthLevel[]
}

/** DL 34/2020 came into force on 19 May 2020. */
export const DL34_FROM = '2020-05-19'

const INDEMNITY_DECLARATIONS = ['truthfulness', 'notPensioner', 'noCitizenshipIncome']

/** docs/rules.md §6; messaggio INPS 1381/2020: these six services accept the PIN semplificato too. */
export const BENEFITS: readonly Benefit[] = [
  {
    code: 'indennita-professionisti-cococo',
    name: 'Indennità liberi professionisti con partita IVA e co.co.co. iscritti alla Gestione separata',
    legalBasis: 'DL 18/2020 art. 27',
    amountEur: 600,
    exclusiveGroup: 'indennita',
    requiredDeclarations: [...INDEMNITY_DECLARATIONS, 'noOtherCompulsoryScheme'],
    allowedAuthLevels: [...AUTH_LEVELS],
  },
  {
    code: 'indennita-autonomi-ago',
    name: "Indennità lavoratori autonomi iscritti alle gestioni speciali dell'AGO",
    legalBasis: 'DL 18/2020 art. 28',
    amountEur: 600,
    exclusiveGroup: 'indennita',
    requiredDeclarations: [...INDEMNITY_DECLARATIONS, 'noOtherCompulsoryScheme'],
    allowedAuthLevels: [...AUTH_LEVELS],
  },
  {
    code: 'indennita-stagionali-turismo',
    name: 'Indennità lavoratori stagionali del turismo e degli stabilimenti termali',
    legalBasis: 'DL 18/2020 art. 29',
    amountEur: 600,
    exclusiveGroup: 'indennita',
    requiredDeclarations: [...INDEMNITY_DECLARATIONS, 'notEmployed'],
    allowedAuthLevels: [...AUTH_LEVELS],
  },
  {
    code: 'indennita-agricoli',
    name: 'Indennità lavoratori del settore agricolo',
    legalBasis: 'DL 18/2020 art. 30',
    amountEur: 600,
    exclusiveGroup: 'indennita',
    requiredDeclarations: [...INDEMNITY_DECLARATIONS],
    allowedAuthLevels: [...AUTH_LEVELS],
  },
  {
    code: 'indennita-spettacolo',
    name: 'Indennità lavoratori dello spettacolo',
    legalBasis: 'DL 18/2020 art. 38',
    amountEur: 600,
    exclusiveGroup: 'indennita',
    requiredDeclarations: [...INDEMNITY_DECLARATIONS, 'notEmployed'],
    allowedAuthLevels: [...AUTH_LEVELS],
  },
  {
    code: 'bonus-baby-sitting',
    name: 'Bonus per servizi di baby-sitting',
    legalBasis: 'DL 18/2020 artt. 23 e 25',
    amountEur: 600,
    exclusiveGroup: null,
    requiredDeclarations: ['truthfulness', 'otherParentNotBenefiting'],
    allowedAuthLevels: [...AUTH_LEVELS],
  },
  // docs/rules.md §14: DL 34/2020 art. 84, from 19 May 2020.
  {
    code: 'indennita-maggio-professionisti',
    name: 'Indennità maggio 2020 liberi professionisti con partita IVA iscritti alla Gestione separata',
    legalBasis: 'DL 34/2020 art. 84 c. 2',
    amountEur: 1000,
    exclusiveGroup: null,
    availableFrom: DL34_FROM,
    requiredDeclarations: ['truthfulness', 'notPensioner', 'noOtherCompulsoryScheme'],
    allowedAuthLevels: [...AUTH_LEVELS],
  },
  {
    code: 'indennita-nuove-categorie',
    name: 'Indennità lavoratori stagionali, intermittenti, autonomi occasionali e venditori a domicilio',
    legalBasis: 'DL 34/2020 art. 84 c. 8',
    amountEur: 600,
    exclusiveGroup: 'indennita-dl34',
    availableFrom: DL34_FROM,
    requiredDeclarations: ['truthfulness', 'notPensioner', 'notEmployed'],
    allowedAuthLevels: [...AUTH_LEVELS],
  },
  {
    code: 'indennita-spettacolo-dl34',
    name: 'Indennità lavoratori dello spettacolo (decreto Rilancio)',
    legalBasis: 'DL 34/2020 art. 84 c. 10',
    amountEur: 600,
    exclusiveGroup: 'indennita-dl34',
    availableFrom: DL34_FROM,
    requiredDeclarations: ['truthfulness', 'notPensioner', 'notEmployed'],
    allowedAuthLevels: [...AUTH_LEVELS],
  },
]

/** The benefits that exist on a Rome-local day (docs/rules.md §14: those of DL 34 from 19 May 2020). */
export function benefitsOn(today: string): Benefit[] {
  return BENEFITS.filter((b) => !b.availableFrom || b.availableFrom <= today)
}

export function findBenefit(code: string): Benefit | undefined {
  return BENEFITS.find((b) => b.code === code)
}
