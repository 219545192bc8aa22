import t from 'tap'
import { normalizeAddress, normalizeText, sameAddress, type Address } from '../../../src/modules/pin/address.rules.js'

const base: Address = { street: 'Via Roma 1', postalCode: '40033', municipality: 'Casalecchio di Reno', province: 'BO' }

t.test('normalizeText: case, accents, punctuation, abbreviations', async (t) => {
  const table: Array<[string, string]> = [
    ['Via Roma 1', 'via roma 1'],
    ['  VIA   ROMA,  1 ', 'via roma 1'],
    ['V. Roma 1', 'via roma 1'],
    ['V.Roma 1', 'via roma 1'],
    ['v. roma n. 1', 'via roma 1'],
    ['Via Roma n° 1', 'via roma 1'],
    ['Via Roma nr.1', 'via roma 1'],
    ['P.za Navona 3', 'piazza navona 3'],
    ['P.zza Navona 3', 'piazza navona 3'],
    ['Pza Navona 3', 'piazza navona 3'],
    ['P. Navona 3', 'piazza navona 3'],
    ['P.le Loreto 1', 'piazzale loreto 1'],
    ['C.so Vittorio Emanuele II 70', 'corso vittorio emanuele ii 70'],
    ['Cso Vittorio Emanuele II 70', 'corso vittorio emanuele ii 70'],
    ['V.le Monza 120', 'viale monza 120'],
    ['Vle Monza 120', 'viale monza 120'],
    ['L.go Argentina 2', 'largo argentina 2'],
    ['Lgo Argentina 2', 'largo argentina 2'],
    ['Str. Statale 16', 'strada statale 16'],
    ['Loc. Poggio', 'localita poggio'],
    ['Località Poggio', 'localita poggio'],
    ['Fraz. Cervo', 'frazione cervo'],
    ['S. Maria Novella', 'san maria novella'],
    ['Santa Maria Novella', 'san maria novella'],
    ["Sant'Angelo 4", 'san angelo 4'],
    ['Via della Libertà 100', 'via della liberta 100'],
    ["Via della Liberta' 100", 'via della liberta 100'],
    ["Via dell'Indipendenza 8", 'via dell indipendenza 8'],
    ['Via Pio V 3', 'via pio v 3'],
    ['Via Roma 1/A', 'via roma 1 a'],
  ]
  for (const [input, expected] of table) t.equal(normalizeText(input), expected, input)
})

t.test('normalizeAddress normalises every field', async (t) => {
  t.same(
    normalizeAddress({
      street: 'V. Roma, 1',
      postalCode: ' 40033 ',
      municipality: 'CASALECCHIO DI RENO',
      province: 'bo',
    }),
    {
      street: 'via roma 1',
      postalCode: '40033',
      municipality: 'casalecchio di reno',
      province: 'bo',
    },
  )
})

t.test('sameAddress', async (t) => {
  const table: Array<[Partial<Address>, boolean, string]> = [
    [{}, true, 'identical'],
    [{ street: 'V. Roma 1' }, true, 'V. abbreviation'],
    [{ street: 'VIA ROMA, 1' }, true, 'case and comma'],
    [{ street: 'Via Roma n. 1' }, true, 'number marker'],
    [{ street: 'Via  Roma   1' }, true, 'spacing'],
    [{ municipality: 'casalecchio di reno', province: 'bo' }, true, 'municipality and province case'],
    [{ street: 'Via Roma 2' }, false, 'other house number'],
    [{ street: 'Viale Roma 1' }, false, 'viale is not via'],
    [{ street: 'Piazza Roma 1' }, false, 'piazza is not via'],
    [{ postalCode: '40034' }, false, 'other postal code'],
    [{ municipality: 'Bologna' }, false, 'other municipality'],
    [{ province: 'BG' }, false, 'other province'],
  ]
  for (const [change, expected, label] of table) t.equal(sameAddress(base, { ...base, ...change }), expected, label)
  t.equal(sameAddress({ ...base, street: 'Via Roma 1/A' }, { ...base, street: 'Via Roma 1A' }), true, '1/A = 1A')
  t.equal(
    sameAddress(
      { street: 'P.zza S. Maria Novella 10', postalCode: '50123', municipality: 'Firenze', province: 'FI' },
      { street: 'Piazza Santa Maria Novella, 10', postalCode: '50123', municipality: 'FIRENZE', province: 'fi' },
    ),
    true,
    'piazza and santa abbreviated together',
  )
  t.equal(
    sameAddress(
      { street: 'Via Roma 1', postalCode: '56017', municipality: 'S. Giuliano Terme', province: 'PI' },
      { street: 'Via Roma 1', postalCode: '56017', municipality: 'San Giuliano Terme', province: 'PI' },
    ),
    true,
    'abbreviations in the municipality too',
  )
})
