import { DL34_REASON_DESCRIPTIONS } from './dl34.rules.js'

/**
 * The motivazioni of a rejection as INPS worded them to applicants (msg 2263/2020), per reason code
 * (docs/rules.md §11). Codes are stored; the description is given on every read, so applications
 * evaluated before descriptions existed read back the same way.
 */
export const REASON_DESCRIPTIONS: Readonly<Record<string, string>> = {
  PENSIONER: 'titolarità di un trattamento pensionistico diretto',
  APE_SOCIALE: "titolarità dell'APE sociale",
  ASSEGNO_ORDINARIO_INVALIDITA: 'titolarità di assegno ordinario di invalidità (incompatibile fino al 18/05/2020)',
  CITIZENSHIP_INCOME: 'percezione del Reddito di cittadinanza',
  EMPLOYED_ON_2020_03_17: 'titolarità di un rapporto di lavoro dipendente',
  OTHER_COMPULSORY_SCHEME:
    'iscrizione ad altra forma previdenziale obbligatoria (rapporto di lavoro dipendente al 23/02/2020 o cassa professionale)',
  NO_GESTIONE_SEPARATA_ON_2020_02_23: 'assenza di iscrizione attiva alla Gestione separata al 23/02/2020',
  NO_AGO_SPECIAL_SCHEME: "assenza di iscrizione alle gestioni speciali dell'AGO",
  NO_SEASONAL_TOURISM_CONTRACT: 'assenza di un rapporto di lavoro stagionale nel settore turistico o termale',
  CONTRACT_END_OUTSIDE_PERIOD: 'cessazione del rapporto di lavoro al di fuori del periodo dal 01/01/2019 al 17/03/2020',
  CONTRACT_END_NOT_INVOLUNTARY: 'cessazione non involontaria del rapporto di lavoro',
  INSUFFICIENT_AGRICULTURAL_DAYS_2019: 'meno di 50 giornate di lavoro agricolo effettivo nel 2019',
  INSUFFICIENT_ENTERTAINMENT_CONTRIBUTIONS_2019:
    'meno di 30 contributi giornalieri al Fondo pensioni lavoratori dello spettacolo nel 2019',
  INCOME_2019_ABOVE_LIMIT: 'reddito 2019 superiore a 50.000 euro',
  NOT_IN_ARCHIVE: 'codice fiscale non presente negli archivi INPS',
  NO_CHILD_UNDER_12: 'assenza di figli di età inferiore a 12 anni al 05/03/2020',
  UNKNOWN_BENEFIT: 'prestazione non prevista',
  FONDI_ESAURITI: 'esaurimento delle risorse stanziate',
  CATEGORY_NOT_ELIGIBLE:
    'il richiedente non appartiene alle categorie di lavoratori beneficiarie del bonus baby-sitting',
  HOUSEHOLD_LIMIT_REACHED: "raggiunto l'importo massimo del bonus baby-sitting per il nucleo familiare",
  ...DL34_REASON_DESCRIPTIONS,
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

/** dd/mm/yyyy of a YYYY-MM-DD date, as Italian letters write it. */
export function italianDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-')
  return `${d}/${m}/${y}`
}
