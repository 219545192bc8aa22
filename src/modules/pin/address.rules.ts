/**
 * The address check of a PIN request (docs/rules.md §3): the residence the citizen types is compared with the
 * archive, which was keyed in by many hands over decades ("V. Roma 1", "VIA ROMA, 1", "Via Roma n. 1").
 * Both sides are reduced to a canonical form before comparing.
 */
export interface Address {
  street: string
  postalCode: string
  municipality: string
  province: string
}

/** Common abbreviations of Italian toponyms, keyed without dots ("p.za" -> "pza"). */
const ABBREVIATIONS = new Map<string, string>(
  Object.entries({
    v: 'via',
    vle: 'viale',
    vlo: 'vicolo',
    vc: 'vicolo',
    pza: 'piazza',
    pzza: 'piazza',
    pz: 'piazza',
    p: 'piazza',
    ple: 'piazzale',
    cso: 'corso',
    lgo: 'largo',
    lgt: 'lungotevere',
    str: 'strada',
    cda: 'contrada',
    loc: 'localita',
    fraz: 'frazione',
    trav: 'traversa',
    // San, Santo, Santa, Sant' and S. all become one token: "S. Maria" = "Santa Maria".
    s: 'san',
    sto: 'san',
    sta: 'san',
    santo: 'san',
    santa: 'san',
    sant: 'san',
    gen: 'generale',
    flli: 'fratelli',
    dott: 'dottor',
    prof: 'professor',
  }),
)

/** "n. 1", "nr 1", "civ. 1": markers before a house number, dropped. */
const NUMBER_MARKERS = new Set(['n', 'nr', 'num', 'numero', 'civ', 'civico'])

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
}

/**
 * One whitespace-separated word. A dotted abbreviation is expanded as a whole ("p.za", "c.so", "v.");
 * otherwise dots separate words ("V.Roma", "n.1"). Without a dot only forms of three letters or more
 * expand ("pza", "cso"): "V" or "S" alone may be a numeral or an initial ("Via Pio V").
 */
function expandWord(word: string): string[] {
  const bare = word.replace(/\./g, '')
  const known = ABBREVIATIONS.get(bare)
  if (known && (word.includes('.') || bare.length >= 3)) return [known]
  const dot = word.indexOf('.')
  if (dot === -1) return [word]
  if (dot === word.length - 1) return bare === '' ? [] : [bare]
  return [...expandWord(word.slice(0, dot + 1)), ...expandWord(word.slice(dot + 1))]
}

/** Lower case, no accents, abbreviations expanded, punctuation and extra spaces gone: "V. Roma, n° 1/A" -> "via roma 1 a". */
export function normalizeText(text: string): string {
  const words = stripAccents(text)
    .toLowerCase()
    // Apostrophes and other punctuation separate words ("Sant'Angelo", "dell'Indipendenza"); dots are
    // kept for now because they mark abbreviations.
    .replace(/[^a-z0-9.]+/g, ' ')
    .split(' ')
    .filter(Boolean)
  const tokens = words
    .flatMap(expandWord)
    .map((t) => t.replace(/[^a-z0-9]/g, ''))
    .filter(Boolean)
  return tokens.filter((token, i) => !(NUMBER_MARKERS.has(token) && /^[0-9]/.test(tokens[i + 1] ?? ''))).join(' ')
}

export function normalizeAddress(address: Address): Address {
  return {
    street: normalizeText(address.street),
    postalCode: address.postalCode.replace(/\s+/g, ''),
    municipality: normalizeText(address.municipality),
    province: normalizeText(address.province),
  }
}

/** Spacing is not significant: "1/A", "1 A" and "1A" are the same house number. */
const compact = (text: string) => text.replace(/ /g, '')

export function sameAddress(a: Address, b: Address): boolean {
  const x = normalizeAddress(a)
  const y = normalizeAddress(b)
  return (['street', 'postalCode', 'municipality', 'province'] as const).every(
    (field) => compact(x[field]) === compact(y[field]),
  )
}
