import { Type, type Static } from 'typebox'
import { CodiceFiscale, IsoDate, IsoDateTime, named } from '../../lib/schemas.js'

const Eur = (description: string, example: number) => Type.Number({ minimum: 0, description, examples: [example] })

export const LibrettoParams = named(
  'LibrettoParams',
  Type.Object({ id: Type.String({ format: 'uuid', description: 'Application id' }) }),
)

export const LibrettoRegistration = named(
  'LibrettoRegistration',
  Type.Object(
    {
      status: Type.Literal('registered'),
      creditEur: Eur('The bonus credited on the libretto', 600),
      appropriateBy: Type.String({
        format: 'date',
        description: 'Last Rome day to take the bonus up: 15 days from the acceptance',
        examples: ['2020-04-25'],
      }),
      registeredAt: IsoDateTime,
    },
    {
      $id: 'LibrettoRegistration',
      examples: [
        {
          status: 'registered',
          creditEur: 600,
          appropriateBy: '2020-04-25',
          registeredAt: '2020-04-12T18:00:00+02:00',
        },
      ],
    },
  ),
)

export const PrestatoreBody = named(
  'PrestatoreBody',
  Type.Object(
    {
      codiceFiscale: CodiceFiscale,
      firstName: Type.String({ minLength: 1, maxLength: 80, examples: ['Anna'] }),
      lastName: Type.String({ minLength: 1, maxLength: 80, examples: ['Neri'] }),
    },
    {
      $id: 'PrestatoreBody',
      additionalProperties: false,
      examples: [{ codiceFiscale: 'NRENNA95C41H501E', firstName: 'Anna', lastName: 'Neri' }],
    },
  ),
)
export type PrestatoreBody = Static<typeof PrestatoreBody>

export const Prestatore = named(
  'Prestatore',
  Type.Object(
    { codiceFiscale: CodiceFiscale, firstName: Type.String(), lastName: Type.String(), registeredAt: IsoDateTime },
    { $id: 'Prestatore', description: 'A baby-sitter registered on the libretto' },
  ),
)

export const PrestazioneBody = named(
  'PrestazioneBody',
  Type.Object(
    {
      prestatoreCodiceFiscale: CodiceFiscale,
      date: Type.String({
        format: 'date',
        pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
        description: 'Day of work, 5 March to 31 August 2020',
        examples: ['2020-04-20'],
      }),
      hours: Type.Integer({ minimum: 1, maximum: 24, examples: [4] }),
      amountEur: Type.Number({
        exclusiveMinimum: 0,
        maximum: 2000,
        description: 'Euro, at most two decimals',
        examples: [40],
      }),
    },
    {
      $id: 'PrestazioneBody',
      additionalProperties: false,
      examples: [{ prestatoreCodiceFiscale: 'NRENNA95C41H501E', date: '2020-04-20', hours: 4, amountEur: 40 }],
    },
  ),
)
export type PrestazioneBody = Static<typeof PrestazioneBody>

export const Prestazione = named(
  'Prestazione',
  Type.Object(
    {
      id: Type.String({ format: 'uuid' }),
      prestatoreCodiceFiscale: CodiceFiscale,
      date: IsoDate,
      hours: Type.Integer(),
      amountEur: Eur('Paid to the baby-sitter', 40),
      enteredAt: IsoDateTime,
      paymentDate: Type.String({
        format: 'date',
        description: 'The 15th of the month of entry when entered by the 3rd, else of the next month',
        examples: ['2020-05-15'],
      }),
    },
    {
      $id: 'Prestazione',
      examples: [
        {
          id: '0b7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d',
          prestatoreCodiceFiscale: 'NRENNA95C41H501E',
          date: '2020-04-20',
          hours: 4,
          amountEur: 40,
          enteredAt: '2020-04-20T18:00:00+02:00',
          paymentDate: '2020-05-15',
        },
      ],
    },
  ),
)

export const LibrettoView = named(
  'LibrettoView',
  Type.Object(
    {
      applicationId: Type.String({ format: 'uuid' }),
      registeredAt: IsoDateTime,
      creditEur: Eur('The bonus credited', 600),
      usedEur: Eur('Spent on work entered', 40),
      availableEur: Eur('What is left', 560),
      prestatori: Type.Array(Prestatore),
      prestazioni: Type.Array(Prestazione),
    },
    { $id: 'LibrettoFamiglia' },
  ),
)
export type LibrettoView = Static<typeof LibrettoView>
