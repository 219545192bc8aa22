import { AUTH_LEVELS, type AuthLevel } from '../../core/auth/auth.types.js'

export const BENEFIT_CODES = [
  'indennita-professionisti-cococo',
  'indennita-autonomi-ago',
  'indennita-stagionali-turismo',
  'indennita-agricoli',
  'indennita-spettacolo',
  'bonus-baby-sitting',
] as const
export type BenefitCode = (typeof BENEFIT_CODES)[number]

export interface Benefit {
  code: BenefitCode
  name: string
  legalBasis: string
  amountEur: number
  /** docs/rules.md §6: the five indemnities exclude each other. */
  exclusiveGroup: 'indennita' | null
  /** Declarations (DPR 445/2000 self-certifications) that must be true to submit. */
  requiredDeclarations: string[]
  allowedAuthLevels: AuthLevel[]
}

const INDEMNITY_DECLARATIONS = ['truthfulness', 'notPensioner', 'noCitizenshipIncome']

/** docs/rules.md §6; messaggio INPS 1381/2020: these six services accept the PIN semplificato too. */
export const BENEFITS: readonly Benefit[] = [
  { code: 'indennita-professionisti-cococo', name: 'Indennità liberi professionisti con partita IVA e co.co.co. iscritti alla Gestione separata', legalBasis: 'DL 18/2020 art. 27', amountEur: 600, exclusiveGroup: 'indennita', requiredDeclarations: [...INDEMNITY_DECLARATIONS, 'noOtherCompulsoryScheme'], allowedAuthLevels: [...AUTH_LEVELS] },
  { code: 'indennita-autonomi-ago', name: "Indennità lavoratori autonomi iscritti alle gestioni speciali dell'AGO", legalBasis: 'DL 18/2020 art. 28', amountEur: 600, exclusiveGroup: 'indennita', requiredDeclarations: [...INDEMNITY_DECLARATIONS, 'noOtherCompulsoryScheme'], allowedAuthLevels: [...AUTH_LEVELS] },
  { code: 'indennita-stagionali-turismo', name: 'Indennità lavoratori stagionali del turismo e degli stabilimenti termali', legalBasis: 'DL 18/2020 art. 29', amountEur: 600, exclusiveGroup: 'indennita', requiredDeclarations: [...INDEMNITY_DECLARATIONS, 'notEmployed'], allowedAuthLevels: [...AUTH_LEVELS] },
  { code: 'indennita-agricoli', name: 'Indennità lavoratori del settore agricolo', legalBasis: 'DL 18/2020 art. 30', amountEur: 600, exclusiveGroup: 'indennita', requiredDeclarations: [...INDEMNITY_DECLARATIONS], allowedAuthLevels: [...AUTH_LEVELS] },
  { code: 'indennita-spettacolo', name: 'Indennità lavoratori dello spettacolo', legalBasis: 'DL 18/2020 art. 38', amountEur: 600, exclusiveGroup: 'indennita', requiredDeclarations: [...INDEMNITY_DECLARATIONS, 'notEmployed'], allowedAuthLevels: [...AUTH_LEVELS] },
  { code: 'bonus-baby-sitting', name: 'Bonus per servizi di baby-sitting', legalBasis: 'DL 18/2020 artt. 23 e 25', amountEur: 600, exclusiveGroup: null, requiredDeclarations: ['truthfulness', 'otherParentNotBenefiting'], allowedAuthLevels: [...AUTH_LEVELS] },
]

export function findBenefit(code: string): Benefit | undefined {
  return BENEFITS.find((b) => b.code === code)
}
