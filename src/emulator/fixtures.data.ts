// Default synthetic archive loaded on first start and by POST /emulator/reset.
// Every person is invented; every codice fiscale was computed with computeCodiceFiscale
// (src/lib/codice-fiscale.ts) from the record and its birth place, and is hard-coded so that the
// data never depends on code at runtime. test/modules/emulator/fixtures.test.ts checks that each one
// is well formed and consistent, and that the set covers both sides of every eligibility rule
// (DL 18/2020 as summarised in docs/rules.md §6: cut-off dates 2020-02-23 and 2020-03-17).

import type { PersonRecord } from '../core/archive/persons.schemas.js'

export interface FixturePerson {
  codiceFiscale: string
  note: string // one line: which rule/edge this person exercises
  record: PersonRecord
}

export const fixturePersons: FixturePerson[] = [
  // --- art. 27: Gestione separata active on 2020-02-23, no other compulsory scheme
  {
    codiceFiscale: 'BNCGLI84H52H501C',
    note: 'art. 27 accepted: VAT-registered professional in Gestione separata since 2016; female; mobile + email',
    record: {
      firstName: 'Giulia',
      lastName: 'Bianchi',
      birthDate: '1984-06-12',
      sex: 'F',
      birthPlace: 'Roma',
      residence: { street: 'Via Appia Nuova 215', postalCode: '00183', municipality: 'Roma', province: 'RM' },
      contacts: { mobile: '+39 347 1200001', email: 'giulia.bianchi@example.it' },
      positions: { gestioneSeparata: { kind: 'professionista', activeSince: '2016-05-01' } },
    },
  },
  {
    codiceFiscale: 'SPSMRC90B03F839H',
    note: 'art. 27 accepted: co.co.co. active 2019-09-01..2020-12-31; has all three contacts (mobile, email, PEC)',
    record: {
      firstName: 'Marco',
      lastName: 'Esposito',
      birthDate: '1990-02-03',
      sex: 'M',
      birthPlace: 'Napoli',
      residence: { street: 'Via Toledo 48', postalCode: '80134', municipality: 'Napoli', province: 'NA' },
      contacts: { mobile: '+39 333 4500002', email: 'marco.esposito@example.it', pec: 'marco.esposito@pec.example.it' },
      positions: { gestioneSeparata: { kind: 'cococo', activeSince: '2019-09-01', activeUntil: '2020-12-31' } },
    },
  },
  {
    codiceFiscale: 'FRRLCU88S21L219X',
    note: 'art. 27 rejected: professional position opened 2020-02-24, one day after the 2020-02-23 cut-off',
    record: {
      firstName: 'Luca',
      lastName: 'Ferrari',
      birthDate: '1988-11-21',
      sex: 'M',
      birthPlace: 'Torino',
      residence: {
        street: 'Corso Vittorio Emanuele II 70',
        postalCode: '10121',
        municipality: 'Torino',
        province: 'TO',
      },
      contacts: { mobile: '+39 340 7800003', email: 'luca.ferrari@example.it' },
      positions: { gestioneSeparata: { kind: 'professionista', activeSince: '2020-02-24' } },
    },
  },
  {
    codiceFiscale: 'RMNFNC93D70F205Z',
    note: 'art. 27 rejected: co.co.co. ended 2020-02-22, one day before the 2020-02-23 cut-off; female',
    record: {
      firstName: 'Francesca',
      lastName: 'Romano',
      birthDate: '1993-04-30',
      sex: 'F',
      birthPlace: 'Milano',
      residence: { street: 'Viale Monza 120', postalCode: '20127', municipality: 'Milano', province: 'MI' },
      contacts: { mobile: '+39 349 2300004', email: 'francesca.romano@example.it' },
      positions: { gestioneSeparata: { kind: 'cococo', activeSince: '2018-01-15', activeUntil: '2020-02-22' } },
    },
  },
  {
    codiceFiscale: 'MNCPLA83R15A662V',
    note: 'art. 27 rejected (also enrolled in an AGO scheme) and art. 28 accepted: two positions in different schemes',
    record: {
      firstName: 'Paolo',
      lastName: 'Mancini',
      birthDate: '1983-10-15',
      sex: 'M',
      birthPlace: 'Bari',
      residence: { street: 'Corso Cavour 60', postalCode: '70121', municipality: 'Bari', province: 'BA' },
      contacts: { mobile: '+39 328 6100005', email: 'paolo.mancini@example.it' },
      positions: {
        gestioneSeparata: { kind: 'professionista', activeSince: '2012-03-01' },
        ago: { scheme: 'artigiani' },
      },
    },
  },
  // --- art. 28: AGO special schemes
  {
    codiceFiscale: 'CLMGPP71P08A944C',
    note: 'art. 28 accepted: artigiani; archive street abbreviated "V. Roma 1" (a request with "Via Roma, 1" must match)',
    record: {
      firstName: 'Giuseppe',
      lastName: 'Colombo',
      birthDate: '1971-09-08',
      sex: 'M',
      birthPlace: 'Bologna',
      residence: { street: 'V. Roma 1', postalCode: '40033', municipality: 'Casalecchio di Reno', province: 'BO' },
      contacts: { mobile: '+39 335 9000006', email: 'giuseppe.colombo@example.it' },
      positions: { ago: { scheme: 'artigiani' } },
    },
  },
  {
    codiceFiscale: 'RCCNNA79A65D612O',
    note: 'art. 28 accepted: commercianti; female',
    record: {
      firstName: 'Anna',
      lastName: 'Ricci',
      birthDate: '1979-01-25',
      sex: 'F',
      birthPlace: 'Firenze',
      residence: { street: 'Via dei Calzaiuoli 15', postalCode: '50122', municipality: 'Firenze', province: 'FI' },
      contacts: { mobile: '+39 338 1400007', email: 'anna.ricci@example.it' },
      positions: { ago: { scheme: 'commercianti' } },
    },
  },
  {
    codiceFiscale: 'MRNSVT65L14G273F',
    note: 'art. 28 accepted: coltivatori diretti',
    record: {
      firstName: 'Salvatore',
      lastName: 'Marino',
      birthDate: '1965-07-14',
      sex: 'M',
      birthPlace: 'Palermo',
      residence: { street: 'Via Venero 12', postalCode: '90046', municipality: 'Monreale', province: 'PA' },
      contacts: { mobile: '+39 320 5500008', email: 'salvatore.marino@example.it' },
      positions: { ago: { scheme: 'coltivatori_diretti' } },
    },
  },
  {
    codiceFiscale: 'GRCNTN75C19A66NL',
    note: 'art. 28 accepted: coloni e mezzadri; omocodia codice fiscale (last digit 2 -> N, check char recomputed)',
    record: {
      firstName: 'Antonio',
      lastName: 'Greco',
      birthDate: '1975-03-19',
      sex: 'M',
      birthPlace: 'Bari',
      residence: { street: 'Via Bari 88', postalCode: '70022', municipality: 'Altamura', province: 'BA' },
      contacts: { mobile: '+39 329 8700009', email: 'antonio.greco@example.it' },
      positions: { ago: { scheme: 'coloni_mezzadri' } },
    },
  },
  {
    codiceFiscale: 'CRSRSO70H70G273O',
    note: 'art. 28 rejected: commercianti but receives reddito di cittadinanza (art. 31); female',
    record: {
      firstName: 'Rosa',
      lastName: 'Caruso',
      birthDate: '1970-06-30',
      sex: 'F',
      birthPlace: 'Palermo',
      residence: { street: 'Via della Libertà 100', postalCode: '90143', municipality: 'Palermo', province: 'PA' },
      contacts: { mobile: '+39 366 3200010', email: 'rosa.caruso@example.it' },
      positions: { ago: { scheme: 'commercianti' }, citizenshipIncome: true },
    },
  },
  // --- art. 29: seasonal tourism/spa contract ended involuntarily 2019-01-01..2020-03-17
  {
    codiceFiscale: 'BRNCHR96M45L736Z',
    note: 'art. 29 accepted: seasonal hotel contract ended involuntarily on 2019-10-15; female',
    record: {
      firstName: 'Chiara',
      lastName: 'Bruno',
      birthDate: '1996-08-05',
      sex: 'F',
      birthPlace: 'Venezia',
      residence: { street: 'Dorsoduro 1401', postalCode: '30123', municipality: 'Venezia', province: 'VE' },
      contacts: { mobile: '+39 347 6600011', email: 'chiara.bruno@example.it' },
      positions: { seasonalTourism: { contractEndedOn: '2019-10-15', involuntary: true } },
    },
  },
  {
    codiceFiscale: 'GLLRRT92T01F839D',
    note: 'art. 29 rejected: seasonal contract ended on 2019-09-30 by resignation (not involuntary)',
    record: {
      firstName: 'Roberto',
      lastName: 'Gallo',
      birthDate: '1992-12-01',
      sex: 'M',
      birthPlace: 'Napoli',
      residence: { street: 'Via Roma 50', postalCode: '80077', municipality: 'Ischia', province: 'NA' },
      contacts: { mobile: '+39 331 2700012', email: 'roberto.gallo@example.it' },
      positions: { seasonalTourism: { contractEndedOn: '2019-09-30', involuntary: false } },
    },
  },
  {
    codiceFiscale: 'CNTLNE95E57E463U',
    note: 'art. 29 rejected: involuntary end on 2018-12-31, one day before the window opens; female',
    record: {
      firstName: 'Elena',
      lastName: 'Conti',
      birthDate: '1995-05-17',
      sex: 'F',
      birthPlace: 'La Spezia',
      residence: { street: 'Via del Prione 30', postalCode: '19121', municipality: 'La Spezia', province: 'SP' },
      contacts: { mobile: '+39 345 9100013', email: 'elena.conti@example.it' },
      positions: { seasonalTourism: { contractEndedOn: '2018-12-31', involuntary: true } },
    },
  },
  {
    codiceFiscale: 'DLCDVD91R09H501G',
    note: 'art. 29 rejected: involuntary end on 2019-11-30 but employed on 2020-03-17; surname with a space',
    record: {
      firstName: 'Davide',
      lastName: 'De Luca',
      birthDate: '1991-10-09',
      sex: 'M',
      birthPlace: 'Roma',
      residence: { street: 'Viale Regina Elena 55', postalCode: '47921', municipality: 'Rimini', province: 'RN' },
      contacts: { mobile: '+39 348 4400014', email: 'davide.deluca@example.it' },
      positions: { seasonalTourism: { contractEndedOn: '2019-11-30', involuntary: true }, employedOn2020_03_17: true },
    },
  },
  // --- art. 30: at least 50 days of agricultural work in 2019
  {
    codiceFiscale: 'DMCNCL86B28E463V',
    note: "art. 30 accepted: exactly 50 agricultural days (edge); accent and apostrophe in the name (Nicolò D'Amico)",
    record: {
      firstName: 'Nicolò',
      lastName: "D'Amico",
      birthDate: '1986-02-28',
      sex: 'M',
      birthPlace: 'La Spezia',
      residence: { street: 'Via Aurelia 140', postalCode: '19038', municipality: 'Sarzana', province: 'SP' },
      contacts: { mobile: '+39 339 5200015', email: 'nicolo.damico@example.it' },
      positions: { agricultural: { daysWorked2019: 50 } },
    },
  },
  {
    codiceFiscale: 'FOXGUO69S02F205W',
    note: 'art. 30 rejected: 49 agricultural days (edge); short names (Ugo Fo -> FOX GUO)',
    record: {
      firstName: 'Ugo',
      lastName: 'Fo',
      birthDate: '1969-11-02',
      sex: 'M',
      birthPlace: 'Milano',
      residence: { street: 'Via Cavour 3', postalCode: '26900', municipality: 'Lodi', province: 'LO' },
      contacts: { mobile: '+39 346 8800016', email: 'ugo.fo@example.it' },
      positions: { agricultural: { daysWorked2019: 49 } },
    },
  },
  // --- art. 38: entertainment fund, >= 30 contributions in 2019, income <= 50,000 EUR, not employed
  {
    codiceFiscale: 'LMBGFR74D04H501F',
    note: 'art. 38 accepted: exactly 30 contributions and 50,000 EUR income (both edges); name with >3 consonants (GFR)',
    record: {
      firstName: 'Gianfranco',
      lastName: 'Lombardi',
      birthDate: '1974-04-04',
      sex: 'M',
      birthPlace: 'Roma',
      residence: { street: 'Via Tuscolana 1055', postalCode: '00173', municipality: 'Roma', province: 'RM' },
      contacts: { mobile: '+39 333 1700017', email: 'gianfranco.lombardi@example.it' },
      positions: { entertainment: { contributions2019: 30, income2019Eur: 50000 } },
    },
  },
  {
    codiceFiscale: 'CSTSRA89P63L219P',
    note: 'art. 38 rejected: 29 daily contributions (edge), income 21,000 EUR; female',
    record: {
      firstName: 'Sara',
      lastName: 'Costa',
      birthDate: '1989-09-23',
      sex: 'F',
      birthPlace: 'Torino',
      residence: { street: 'Via Po 18', postalCode: '10124', municipality: 'Torino', province: 'TO' },
      contacts: { mobile: '+39 340 2900018', email: 'sara.costa@example.it' },
      positions: { entertainment: { contributions2019: 29, income2019Eur: 21000 } },
    },
  },
  {
    codiceFiscale: 'FNTLSN82A11F205S',
    note: 'art. 38 rejected: 45 contributions but income 50,001 EUR (edge)',
    record: {
      firstName: 'Alessandro',
      lastName: 'Fontana',
      birthDate: '1982-01-11',
      sex: 'M',
      birthPlace: 'Milano',
      residence: { street: 'Via Alessandro Manzoni 12', postalCode: '20121', municipality: 'Milano', province: 'MI' },
      contacts: { mobile: '+39 347 3100019', email: 'alessandro.fontana@example.it' },
      positions: { entertainment: { contributions2019: 45, income2019Eur: 50001 } },
    },
  },
  {
    codiceFiscale: 'RNLVNT87T64A944S',
    note: 'art. 38 rejected: 60 contributions and 30,000 EUR but employed on 2020-03-17; female',
    record: {
      firstName: 'Valentina',
      lastName: 'Rinaldi',
      birthDate: '1987-12-24',
      sex: 'F',
      birthPlace: 'Bologna',
      residence: { street: "Via dell'Indipendenza 8", postalCode: '40121', municipality: 'Bologna', province: 'BO' },
      contacts: { mobile: '+39 351 6400020', email: 'valentina.rinaldi@example.it' },
      positions: { entertainment: { contributions2019: 60, income2019Eur: 30000 }, employedOn2020_03_17: true },
    },
  },
  // --- cross-cutting exclusions
  {
    codiceFiscale: 'BRBFNC54C07D612D',
    note: 'pensioner: art. 27 rejected although the professional position is active on 2020-02-23',
    record: {
      firstName: 'Franco',
      lastName: 'Barbieri',
      birthDate: '1954-03-07',
      sex: 'M',
      birthPlace: 'Firenze',
      residence: { street: 'Via Gioberti 9', postalCode: '50121', municipality: 'Firenze', province: 'FI' },
      contacts: { mobile: '+39 335 7200021', email: 'franco.barbieri@example.it' },
      positions: { gestioneSeparata: { kind: 'professionista', activeSince: '2010-02-01' }, pensioner: true },
    },
  },
  {
    codiceFiscale: 'GLLLNZ85L22L736L',
    note: 'incompatibility: eligible for art. 30 (80 days) and art. 38 (40 contributions); the second application gets 409 INCOMPATIBLE_BENEFIT',
    record: {
      firstName: 'Lorenzo',
      lastName: 'Galli',
      birthDate: '1985-07-22',
      sex: 'M',
      birthPlace: 'Venezia',
      residence: { street: 'Via Piave 70', postalCode: '30171', municipality: 'Venezia', province: 'VE' },
      contacts: { mobile: '+39 328 9300022', email: 'lorenzo.galli@example.it' },
      positions: {
        agricultural: { daysWorked2019: 80 },
        entertainment: { contributions2019: 40, income2019Eur: 18000 },
      },
    },
  },
  // --- baby-sitting bonus (children are given in the application)
  {
    codiceFiscale: 'SNTMRT84B56F839N',
    note: 'baby-sitting 1000 EUR: health worker parent; two first names (Maria Rita -> MRT); mobile + PEC',
    record: {
      firstName: 'Maria Rita',
      lastName: 'Santoro',
      birthDate: '1984-02-16',
      sex: 'F',
      birthPlace: 'Napoli',
      residence: { street: 'Via Chiaia 150', postalCode: '80121', municipality: 'Napoli', province: 'NA' },
      contacts: { mobile: '+39 339 1000023', pec: 'mariarita.santoro@pec.example.it' },
      positions: { healthOrSecurityWorker: true },
    },
  },
  {
    codiceFiscale: 'VLLSFN80E06H501C',
    note: 'baby-sitting 600 EUR: private employee, no indemnity position; only one contact, so online PIN recovery is refused',
    record: {
      firstName: 'Stefano',
      lastName: 'Villa',
      birthDate: '1980-05-06',
      sex: 'M',
      birthPlace: 'Roma',
      residence: { street: 'Via Nomentana 300', postalCode: '00162', municipality: 'Roma', province: 'RM' },
      contacts: { email: 'stefano.villa@example.it' },
      positions: { employee: { sector: 'private', since: '2008-09-01' } },
    },
  },
  // --- baby-sitting: one household (nucleo familiare) of two parents and two children shares one maximum
  {
    codiceFiscale: 'CLMNDR82C14H501X',
    note: 'baby-sitting household FAM-COLOMBO (parent): private employee, 600 EUR for the household, 1,200 from 2020-05-19',
    record: {
      firstName: 'Andrea',
      lastName: 'Colombo',
      birthDate: '1982-03-14',
      sex: 'M',
      birthPlace: 'Roma',
      residence: { street: 'Via Tiburtina 88', postalCode: '00185', municipality: 'Roma', province: 'RM' },
      contacts: { mobile: '+39 347 1300001', email: 'andrea.colombo@example.it' },
      positions: { employee: { sector: 'private', since: '2010-02-01' } },
      household: { id: 'FAM-COLOMBO' },
    },
  },
  {
    codiceFiscale: 'RCCCHR84L62H501F',
    note: 'baby-sitting household FAM-COLOMBO (parent): Gestione separata professional; after the partner, HOUSEHOLD_LIMIT_REACHED',
    record: {
      firstName: 'Chiara',
      lastName: 'Ricci',
      birthDate: '1984-07-22',
      sex: 'F',
      birthPlace: 'Roma',
      residence: { street: 'Via Tiburtina 88', postalCode: '00185', municipality: 'Roma', province: 'RM' },
      contacts: { mobile: '+39 347 1300002', email: 'chiara.ricci@example.it' },
      positions: { gestioneSeparata: { kind: 'professionista', activeSince: '2015-04-01' } },
      household: { id: 'FAM-COLOMBO' },
    },
  },
  {
    codiceFiscale: 'CLMMTT12P03H501H',
    note: 'baby-sitting household FAM-COLOMBO (child, 7 on 2020-03-05): one application for him, whichever parent files it',
    record: {
      firstName: 'Matteo',
      lastName: 'Colombo',
      birthDate: '2012-09-03',
      sex: 'M',
      birthPlace: 'Roma',
      residence: { street: 'Via Tiburtina 88', postalCode: '00185', municipality: 'Roma', province: 'RM' },
      contacts: { email: 'andrea.colombo@example.it' },
      household: { id: 'FAM-COLOMBO' },
    },
  },
  {
    codiceFiscale: 'CLMSFO16A60H501J',
    note: 'baby-sitting household FAM-COLOMBO (child, 4 on 2020-03-05)',
    record: {
      firstName: 'Sofia',
      lastName: 'Colombo',
      birthDate: '2016-01-20',
      sex: 'F',
      birthPlace: 'Roma',
      residence: { street: 'Via Tiburtina 88', postalCode: '00185', municipality: 'Roma', province: 'RM' },
      contacts: { email: 'chiara.ricci@example.it' },
      household: { id: 'FAM-COLOMBO' },
    },
  },
  {
    codiceFiscale: 'FBBLNE79S42A944A',
    note: 'baby-sitting 1000 EUR: employee of the health sector (nurse), 2,000 from 2020-05-19',
    record: {
      firstName: 'Elena',
      lastName: 'Fabbri',
      birthDate: '1979-11-02',
      sex: 'F',
      birthPlace: 'Bologna',
      residence: { street: 'Via Saragozza 40', postalCode: '40123', municipality: 'Bologna', province: 'BO' },
      contacts: { mobile: '+39 347 1300005', email: 'elena.fabbri@example.it' },
      positions: { employee: { sector: 'health', since: '2005-06-01' } },
    },
  },
  {
    codiceFiscale: 'MRCGRG75D18D612D',
    note: 'baby-sitting rejected CATEGORY_NOT_ELIGIBLE: public employee outside health and security',
    record: {
      firstName: 'Giorgio',
      lastName: 'Marchetti',
      birthDate: '1975-04-18',
      sex: 'M',
      birthPlace: 'Firenze',
      residence: { street: 'Via dei Serragli 12', postalCode: '50124', municipality: 'Firenze', province: 'FI' },
      contacts: { mobile: '+39 347 1300006', email: 'giorgio.marchetti@example.it' },
      positions: { employee: { sector: 'public', since: '2000-09-01' } },
    },
  },
  {
    codiceFiscale: 'GRCLRA76M70A662B',
    note: 'baby-sitting parent of a child with a severe disability (household FAM-GRECO): private employee',
    record: {
      firstName: 'Laura',
      lastName: 'Greco',
      birthDate: '1976-08-30',
      sex: 'F',
      birthPlace: 'Bari',
      residence: { street: 'Corso Cavour 77', postalCode: '70121', municipality: 'Bari', province: 'BA' },
      contacts: { mobile: '+39 347 1300007', email: 'laura.greco@example.it' },
      positions: { employee: { sector: 'private', since: '2001-03-01' } },
      household: { id: 'FAM-GRECO' },
    },
  },
  {
    codiceFiscale: 'GRCTMS06E10A662G',
    note: 'baby-sitting child with a severe disability (13 on 2020-03-05): eligible only with severeDisability: true',
    record: {
      firstName: 'Tommaso',
      lastName: 'Greco',
      birthDate: '2006-05-10',
      sex: 'M',
      birthPlace: 'Bari',
      residence: { street: 'Corso Cavour 77', postalCode: '70121', municipality: 'Bari', province: 'BA' },
      contacts: { email: 'laura.greco@example.it' },
      household: { id: 'FAM-GRECO' },
    },
  },
  {
    codiceFiscale: 'NRENNA95C41H501E',
    note: 'baby-sitter (prestatore) for the Libretto Famiglia, in no household: is told of each payment by email',
    record: {
      firstName: 'Anna',
      lastName: 'Neri',
      birthDate: '1995-03-01',
      sex: 'F',
      birthPlace: 'Roma',
      residence: { street: 'Via Prenestina 410', postalCode: '00171', municipality: 'Roma', province: 'RM' },
      contacts: { mobile: '+39 347 1300009', email: 'anna.neri@example.it' },
    },
  },
  // --- second wave (docs/rules.md §11–§12): pensions, other compulsory schemes, IBAN ownership, citizenship income
  {
    codiceFiscale: 'FBBTTR53B14F205J',
    note: 'art. 27 rejected: direct pension (pension.kind diretta): "titolarità di un trattamento pensionistico diretto"',
    record: {
      firstName: 'Ettore',
      lastName: 'Fabbri',
      birthDate: '1953-02-14',
      sex: 'M',
      birthPlace: 'Milano',
      residence: { street: 'Via Padova 40', postalCode: '20127', municipality: 'Milano', province: 'MI' },
      contacts: { mobile: '+39 347 1400001', email: 'ettore.fabbri@example.it' },
      positions: {
        gestioneSeparata: { kind: 'professionista', activeSince: '2012-03-01' },
        pension: { kind: 'diretta' },
      },
    },
  },
  {
    codiceFiscale: 'FBBRSO58H61F205U',
    note: "art. 27 accepted: survivors' pension (pension.kind superstiti) does not exclude",
    record: {
      firstName: 'Rosa',
      lastName: 'Fabbri',
      birthDate: '1958-06-21',
      sex: 'F',
      birthPlace: 'Milano',
      residence: { street: 'Via Padova 40', postalCode: '20127', municipality: 'Milano', province: 'MI' },
      contacts: { mobile: '+39 347 1400002', email: 'rosa.fabbri@example.it' },
      positions: {
        gestioneSeparata: { kind: 'professionista', activeSince: '2014-09-01' },
        pension: { kind: 'superstiti' },
      },
    },
  },
  {
    codiceFiscale: 'SLAVTR57S03L219X',
    note: 'art. 28 rejected: APE sociale excludes like a direct pension',
    record: {
      firstName: 'Vittorio',
      lastName: 'Sala',
      birthDate: '1957-11-03',
      sex: 'M',
      birthPlace: 'Torino',
      residence: { street: 'Corso Francia 101', postalCode: '10138', municipality: 'Torino', province: 'TO' },
      contacts: { mobile: '+39 347 1400003', email: 'vittorio.sala@example.it' },
      positions: { ago: { scheme: 'commercianti' }, pension: { kind: 'ape_sociale' } },
    },
  },
  {
    codiceFiscale: 'CNTNDA72D49F839V',
    note: 'art. 27 with an assegno ordinario di invalidità: rejected if evaluated by 2020-05-18, accepted from 2020-05-19; may apply until 2020-06-08',
    record: {
      firstName: 'Nadia',
      lastName: 'Conti',
      birthDate: '1972-04-09',
      sex: 'F',
      birthPlace: 'Napoli',
      residence: { street: 'Via Toledo 256', postalCode: '80134', municipality: 'Napoli', province: 'NA' },
      contacts: { mobile: '+39 347 1400004', email: 'nadia.conti@example.it' },
      positions: {
        gestioneSeparata: { kind: 'cococo', activeSince: '2018-02-01' },
        pension: { kind: 'assegno_ordinario_invalidita' },
      },
    },
  },
  {
    codiceFiscale: 'RVIFBA83A25H501H',
    note: 'art. 27 rejected OTHER_COMPULSORY_SCHEME: employee position running on 2020-02-23',
    record: {
      firstName: 'Fabio',
      lastName: 'Riva',
      birthDate: '1983-01-25',
      sex: 'M',
      birthPlace: 'Roma',
      residence: { street: 'Via Tiburtina 500', postalCode: '00159', municipality: 'Roma', province: 'RM' },
      contacts: { mobile: '+39 347 1400005', email: 'fabio.riva@example.it' },
      positions: {
        gestioneSeparata: { kind: 'professionista', activeSince: '2017-01-01' },
        employee: { sector: 'private', since: '2019-06-01', until: '2020-03-31' },
      },
    },
  },
  {
    codiceFiscale: 'VLLCNZ79R57H501S',
    note: 'art. 28 rejected OTHER_COMPULSORY_SCHEME: also in a professional fund (cassa)',
    record: {
      firstName: 'Cinzia',
      lastName: 'Valli',
      birthDate: '1979-10-17',
      sex: 'F',
      birthPlace: 'Roma',
      residence: { street: 'Via Cassia 880', postalCode: '00189', municipality: 'Roma', province: 'RM' },
      contacts: { mobile: '+39 347 1400006', email: 'cinzia.valli@example.it' },
      positions: { ago: { scheme: 'artigiani' }, cassaProfessionale: { name: 'Cassa Forense' } },
    },
  },
  {
    codiceFiscale: 'LNGVIO69L07F839X',
    note: 'art. 30 accepted, IBAN check: holds only IT42L1234512345123456789012; with another IBAN evaluated from 2020-04-10 the payment fails IBAN_NOT_HELD',
    record: {
      firstName: 'Ivo',
      lastName: 'Longo',
      birthDate: '1969-07-07',
      sex: 'M',
      birthPlace: 'Napoli',
      residence: { street: 'Via Foria 12', postalCode: '80137', municipality: 'Napoli', province: 'NA' },
      contacts: { mobile: '+39 347 1400007', email: 'ivo.longo@example.it' },
      positions: { agricultural: { daysWorked2019: 120 } },
      bankAccounts: [{ iban: 'IT42L1234512345123456789012', holders: ['LNGVIO69L07F839X'] }],
    },
  },
  {
    codiceFiscale: 'RSOBRN87T42L219Q',
    note: 'art. 38 rejected CITIZENSHIP_INCOME (citizenshipIncomeMonthlyEur 400); may apply until 2020-06-08',
    record: {
      firstName: 'Bruna',
      lastName: 'Orsi',
      birthDate: '1987-12-02',
      sex: 'F',
      birthPlace: 'Torino',
      residence: { street: 'Via Nizza 150', postalCode: '10126', municipality: 'Torino', province: 'TO' },
      contacts: { mobile: '+39 347 1400008', email: 'bruna.orsi@example.it' },
      positions: { entertainment: { contributions2019: 45, income2019Eur: 18000 }, citizenshipIncomeMonthlyEur: 400 },
    },
  },
  // --- DL 34/2020 (docs/rules.md §14), from 2020-05-19
  {
    codiceFiscale: 'MRNLNE82C54F205X',
    note: 'DL 34 May professionals accepted (1,000 EUR): March-April income 12000 -> 6000 EUR (-50 %), confirmed by the Agenzia delle Entrate data',
    record: {
      firstName: 'Elena',
      lastName: 'Morandi',
      birthDate: '1982-03-14',
      sex: 'F',
      birthPlace: 'Milano',
      residence: { street: 'Corso Buenos Aires 33', postalCode: '20124', municipality: 'Milano', province: 'MI' },
      contacts: { mobile: '+39 347 1500001', email: 'elena.morandi@example.it' },
      positions: {
        gestioneSeparata: {
          kind: 'professionista',
          activeSince: '2014-02-01',
          vatIncome: { marchApril2019Eur: 12000, marchApril2020Eur: 6000 },
        },
      },
    },
  },
  {
    codiceFiscale: 'SRRPLA77P30A944R',
    note: 'DL 34 May professionals rejected: income 9000 -> 6100 EUR is a 32.2 % fall, under 33 % (art. 27 accepted for March)',
    record: {
      firstName: 'Paolo',
      lastName: 'Serra',
      birthDate: '1977-09-30',
      sex: 'M',
      birthPlace: 'Bologna',
      residence: { street: 'Via Indipendenza 20', postalCode: '40121', municipality: 'Bologna', province: 'BO' },
      contacts: { mobile: '+39 347 1500002', email: 'paolo.serra@example.it' },
      positions: {
        gestioneSeparata: {
          kind: 'professionista',
          activeSince: '2012-06-01',
          vatIncome: { marchApril2019Eur: 9000, marchApril2020Eur: 6100 },
        },
      },
    },
  },
  {
    codiceFiscale: 'FNTSRA95E48D612S',
    note: 'DL 34 c. 8 new categories accepted: intermittent worker, 45 days between 2019-01-01 and 2020-01-31 (600 EUR for April and for May)',
    record: {
      firstName: 'Sara',
      lastName: 'Fontana',
      birthDate: '1995-05-08',
      sex: 'F',
      birthPlace: 'Firenze',
      residence: { street: 'Via dei Serragli 8', postalCode: '50124', municipality: 'Firenze', province: 'FI' },
      contacts: { mobile: '+39 347 1500003', email: 'sara.fontana@example.it' },
      positions: { intermittent: { daysWorked: 45 } },
    },
  },
  {
    codiceFiscale: 'MRNLCU72S21A662U',
    note: 'DL 34 c. 8 new categories rejected NOT_A_NEW_CATEGORY: door-to-door seller with 2019 income 4800 EUR (not over 5000)',
    record: {
      firstName: 'Luca',
      lastName: 'Marini',
      birthDate: '1972-11-21',
      sex: 'M',
      birthPlace: 'Bari',
      residence: { street: 'Via Sparano 101', postalCode: '70121', municipality: 'Bari', province: 'BA' },
      contacts: { mobile: '+39 347 1500004', email: 'luca.marini@example.it' },
      positions: { doorToDoorSeller: { income2019Eur: 4800 } },
    },
  },
  {
    codiceFiscale: 'GLLCHR91L56L736C',
    note: 'art. 29 accepted; DL 34: April 600 EUR automatically, no May 1,000 EUR because she receives NASpI on 2020-05-19',
    record: {
      firstName: 'Chiara',
      lastName: 'Galli',
      birthDate: '1991-07-16',
      sex: 'F',
      birthPlace: 'Venezia',
      residence: { street: 'Fondamenta Nuove 5', postalCode: '30121', municipality: 'Venezia', province: 'VE' },
      contacts: { mobile: '+39 347 1500005', email: 'chiara.galli@example.it' },
      positions: { seasonalTourism: { contractEndedOn: '2019-10-31', involuntary: true }, naspiOn2020_05_19: true },
    },
  },
]

/** INPS offices (sedi); several closed to the public from 25 March 2020. */
export const fixtureOffices: Array<{ code: string; name: string; open: boolean; closedSince?: string }> = [
  { code: '1300', name: 'INPS Roma Eur', open: true },
  { code: '1302', name: 'INPS Roma Tuscolano', open: false, closedSince: '2020-03-25' },
  { code: '5100', name: 'INPS Milano Nord', open: true },
  { code: '5102', name: 'INPS Milano Missori', open: false, closedSince: '2020-03-25' },
  { code: '6300', name: 'INPS Napoli', open: true },
  { code: '8100', name: 'INPS Torino Nord', open: false, closedSince: '2020-03-25' },
]

/**
 * Sandbox operator credentials, published on purpose (Swagger UI works on first start), so they are
 * loaded only while the control API is on (EMULATOR_ENABLED): a deployment without it gets no operators,
 * and at its start these PINs stop working on operators that still have them (fixtures.service.ts).
 * PINs: 8 characters, letters and digits. Each operator has its own organisation, with a fixed id.
 */
export const fixtureOperators: Array<{
  operatorId: string
  role: 'contact_center' | 'patronato' | 'intermediario' | 'backoffice' | 'office'
  organisationId: string
  organisation: string
  officeCode?: string
  pin: string
}> = [
  {
    operatorId: 'CC0001',
    role: 'contact_center',
    organisationId: 'ORG0001',
    organisation: 'INPS Contact Center',
    pin: 'CCTR2020',
  },
  {
    operatorId: 'PAT0001',
    role: 'patronato',
    organisationId: 'ORG0002',
    organisation: 'Patronato Lavoro e Tutela (sandbox)',
    pin: 'PATA2020',
  },
  {
    operatorId: 'PAT0002',
    role: 'patronato',
    organisationId: 'ORG0003',
    organisation: 'Patronato Solidarietà Sociale (sandbox)',
    pin: 'PATB2020',
  },
  {
    operatorId: 'INT0001',
    role: 'intermediario',
    organisationId: 'ORG0004',
    organisation: 'Studio Verdi Commercialisti (sandbox)',
    pin: 'INTR2020',
  },
  {
    operatorId: 'BO0001',
    role: 'backoffice',
    organisationId: 'ORG0005',
    organisation: 'INPS Back Office',
    pin: 'BOFF2020',
  },
  {
    operatorId: 'SEDE0001',
    role: 'office',
    organisationId: 'ORG0006',
    organisation: 'INPS Roma Eur',
    officeCode: '1300',
    pin: 'SEDE2020',
  },
]
