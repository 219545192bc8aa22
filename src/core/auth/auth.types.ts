export const AUTH_LEVELS = [
  'pin_semplificato',
  'pin_ordinario',
  'pin_dispositivo',
  'spid_l2',
  'spid_l3',
  'cie',
  'cns',
] as const
export type AuthLevel = (typeof AUTH_LEVELS)[number]

/** docs/rules.md §2: SPID 2-3, CIE 3.0 and CNS have the same prerogatives as the PIN dispositivo. */
export const DISPOSITIVO_LEVELS: readonly AuthLevel[] = ['pin_dispositivo', 'spid_l2', 'spid_l3', 'cie', 'cns']
/** An activated PIN or better: everything but the PIN semplificato (messaggio INPS 1381/2020). */
export const ACTIVATED_LEVELS: readonly AuthLevel[] = ['pin_ordinario', ...DISPOSITIVO_LEVELS]

export const ROLES = ['citizen', 'contact_center', 'patronato', 'intermediario', 'backoffice', 'office', 'caf'] as const
export type Role = (typeof ROLES)[number]
export const OPERATOR_ROLES: readonly Role[] = [
  'contact_center',
  'patronato',
  'intermediario',
  'backoffice',
  'office',
  'caf',
]
/** Those who file for their clients in the intermediaries' hours: patronati, intermediaries, CAF (docs/rules.md §7). */
export const INTERMEDIARY_ROLES: readonly Role[] = ['patronato', 'intermediario', 'caf']

/** Who is calling, as proven by the access token. */
export interface AuthContext {
  /** Codice fiscale for citizens, operatorId for operators. */
  subject: string
  role: Role
  authLevel: AuthLevel
  tokenId: string
  /** Operators: their organisation's id (claim orgId: tokens from before 0008 carried a free-text name in org). */
  organisationId?: string
  officeCode?: string
}
