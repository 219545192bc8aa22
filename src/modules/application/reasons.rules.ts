import { benefitReasons } from './benefits/catalogue.js'

/**
 * The motivazioni of a rejection as INPS worded them to applicants (msg 2263/2020), per reason code
 * (docs/rules.md §11): those every benefit may give here, each benefit's own in its definition. Codes are
 * stored; the description is given on every read, so applications evaluated before descriptions existed
 * read back the same way.
 */
export const REASON_DESCRIPTIONS: Readonly<Record<string, string>> = {
  // msg 2263/2020, reasons 1 and 2, word for word.
  PENSIONER: 'titolarità di un trattamento pensionistico diretto al mese di marzo 2020',
  PENSION_HOLDER: 'titolarità di un trattamento pensionistico diretto',
  APE_SOCIALE: "titolarità dell'APE sociale",
  ASSEGNO_ORDINARIO_INVALIDITA: 'titolarità di assegno ordinario di invalidità (incompatibile fino al 18/05/2020)',
  CITIZENSHIP_INCOME: 'percezione del Reddito/Pensione di Cittadinanza nel mese di marzo 2020',
  CITIZENSHIP_INCOME_NOT_LOWER:
    "importo mensile del Reddito di cittadinanza pari o superiore all'indennità: nessuna integrazione dovuta (art. 84 c. 13 DL 34/2020)",
  CITIZENSHIP_INCOME_TOP_UP:
    "in luogo dell'indennità, integrazione del Reddito di cittadinanza in corso di percezione fino all'importo dell'indennità (art. 84 c. 13 DL 34/2020)",
  NOT_CUMULABLE:
    'indennità non cumulabile con altra indennità COVID-19 già riconosciuta per lo stesso mese (art. 31 DL 18/2020, art. 86 DL 34/2020)',
  NOT_IN_ARCHIVE: 'codice fiscale non presente negli archivi INPS',
  UNKNOWN_BENEFIT: 'prestazione non prevista',
  FONDI_ESAURITI: 'esaurimento delle risorse stanziate',
  ...benefitReasons(),
}

export interface Reason {
  code: string
  description: string
}

/** A stored reason (a code; once perhaps an object) as the API gives it. */
export function describeReason(stored: string | { code: string }): Reason {
  const code = typeof stored === 'string' ? stored : stored.code
  return { code, description: REASON_DESCRIPTIONS[code] ?? 'requisiti non soddisfatti' }
}
