// Codice fiscale (DM 23/12/1976): well-formedness, consistency with personal data, computation.
// The check character, the pattern and the 3-letter name/surname codes come from codice-fiscale-js;
// we avoid its Comune table (birth place is never compared) and its Date handling (day/month/year
// are plain numbers here), and we strip accents ourselves because the library silently drops
// accented vowels ("Noè" -> NOX instead of NOE).
import cfPkg from 'codice-fiscale-js'

type CodiceFiscaleClass = typeof import('codice-fiscale-js').default
// The typings declare a default export, but the CommonJS bundle only sets
// `module.exports.CodiceFiscale`, so under ESM the default import is `{ CodiceFiscale }`.
const CF = (cfPkg as unknown as { CodiceFiscale: CodiceFiscaleClass }).CodiceFiscale
if (typeof CF?.getCheckCode !== 'function') throw new Error('codice-fiscale-js: unexpected export shape')

export type Sex = 'M' | 'F'
export interface PersonalData {
  firstName: string
  lastName: string
  birthDate: string
  sex: Sex
}
export type ConsistencyField = 'lastName' | 'firstName' | 'birthDate' | 'sex'
export type ConsistencyResult = { ok: true } | { ok: false; mismatches: ConsistencyField[] }

const MONTH_CODES = 'ABCDEHLMPRST'
const OMOCODIA_LETTERS = 'LMNPQRSTUV' // digit d is replaced by OMOCODIA_LETTERS[d]
// 0-based positions that hold digits in the base code, rightmost first, because omocodia
// substitutes from the right (1-based: 15, 14, 13, 11, 10, 8, 7).
const DIGIT_POSITIONS_RTL = [14, 13, 12, 10, 9, 7, 6]
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function normalizeCodiceFiscale(input: string): string {
  return input.trim().toUpperCase()
}

/** Pattern (omocodia letters allowed in any digit position), check character, and a plausible
 * day (1-31 for men, 41-71 for women, within the month; 29 February always allowed since the
 * century is not encoded). Expects an already normalized code: lowercase is rejected. */
export function isWellFormedCodiceFiscale(cf: string): boolean {
  if (typeof cf !== 'string' || cf.length !== 16 || cf !== cf.toUpperCase()) return false
  if (!CF.check(cf)) return false // library: regex + check character
  const base = decodeOmocodia(cf)
  const month = MONTH_CODES.indexOf(base[8]) + 1
  const rawDay = Number(base.slice(9, 11))
  const day = rawDay > 40 ? rawDay - 40 : rawDay
  const maxDay = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  return day >= 1 && day <= maxDay
}

/** Replaces omocodia letters with their digits (the check character is left as is). */
export function decodeOmocodia(cf: string): string {
  const chars = cf.split('')
  for (const pos of DIGIT_POSITIONS_RTL) {
    const idx = OMOCODIA_LETTERS.indexOf(chars[pos])
    if (idx >= 0) chars[pos] = String(idx)
  }
  return chars.join('')
}

/** "D'Amico" -> "DAMICO", "Nicolò" -> "NICOLO", "De Luca" -> "DELUCA". */
function lettersOnly(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
}

export const surnameCode = (lastName: string): string => CF.surnameCode(lettersOnly(lastName))
// Library applies the "1st, 3rd and 4th consonant when there are more than 3" rule.
export const nameCode = (firstName: string): string => CF.nameCode(lettersOnly(firstName))

function parseIsoDate(date: string): { year: number; month: number; day: number } | undefined {
  const m = ISO_DATE.exec(date)
  if (!m) return undefined
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const d = new Date(Date.UTC(year, month - 1, day))
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined
  return { year, month, day }
}

/** Compares the code with the personal data; birth place is not compared.
 * Throws if the code is not well formed: check `isWellFormedCodiceFiscale` first. */
export function checkCodiceFiscaleConsistency(cf: string, person: PersonalData): ConsistencyResult {
  const code = normalizeCodiceFiscale(cf)
  if (!isWellFormedCodiceFiscale(code)) throw new TypeError('codice fiscale is not well formed')
  const base = decodeOmocodia(code)
  const mismatches: ConsistencyField[] = []
  if (surnameCode(person.lastName) !== base.slice(0, 3)) mismatches.push('lastName')
  if (nameCode(person.firstName) !== base.slice(3, 6)) mismatches.push('firstName')
  const rawDay = Number(base.slice(9, 11))
  const cfSex: Sex = rawDay > 40 ? 'F' : 'M'
  const date = parseIsoDate(person.birthDate)
  if (
    !date ||
    String(date.year % 100).padStart(2, '0') !== base.slice(6, 8) ||
    MONTH_CODES[date.month - 1] !== base[8] ||
    date.day !== rawDay - (cfSex === 'F' ? 40 : 0)
  )
    mismatches.push('birthDate')
  if (person.sex !== cfSex) mismatches.push('sex')
  return mismatches.length === 0 ? { ok: true } : { ok: false, mismatches }
}

/** Builds the code; `belfiore` is the cadastral code of the birth municipality (e.g. H501). */
export function computeCodiceFiscale(p: PersonalData & { belfiore: string }): string {
  const date = parseIsoDate(p.birthDate)
  if (!date) throw new RangeError(`invalid birthDate ${p.birthDate}`)
  const belfiore = p.belfiore.toUpperCase()
  if (!/^[A-Z]\d{3}$/.test(belfiore)) throw new RangeError(`invalid belfiore code ${p.belfiore}`)
  if (p.sex !== 'M' && p.sex !== 'F') throw new RangeError(`invalid sex ${String(p.sex)}`)
  const body =
    surnameCode(p.lastName) + nameCode(p.firstName) + CF.dateCode(date.day, date.month, date.year, p.sex) + belfiore
  return body + CF.getCheckCode(body)
}

/** The n-th omocodia variant (0..7): the last n digits of the base code replaced by letters,
 * check character recomputed. n = 0 gives the base code. */
export function omocodiaVariant(cf: string, n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 7) throw new RangeError('n must be an integer in 0..7')
  const chars = decodeOmocodia(normalizeCodiceFiscale(cf)).slice(0, 15).split('')
  for (const pos of DIGIT_POSITIONS_RTL.slice(0, n)) chars[pos] = OMOCODIA_LETTERS[Number(chars[pos])]
  const body = chars.join('')
  return body + CF.getCheckCode(body)
}

/** Whether the code's birth-date part (either sex) encodes `birthDate`: used for children, whose names are not given. */
export function birthDateMatches(cf: string, birthDate: string): boolean {
  const code = normalizeCodiceFiscale(cf)
  if (!isWellFormedCodiceFiscale(code)) return false
  const base = decodeOmocodia(code)
  const date = parseIsoDate(birthDate)
  const rawDay = Number(base.slice(9, 11))
  return (
    !!date &&
    String(date.year % 100).padStart(2, '0') === base.slice(6, 8) &&
    MONTH_CODES[date.month - 1] === base[8] &&
    date.day === (rawDay > 40 ? rawDay - 40 : rawDay)
  )
}
