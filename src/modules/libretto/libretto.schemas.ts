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
      hours: Type.Integer({
        minimum: 1,
        maximum: 24,
        description: 'Hours of work; a part of an hour counts as an hour',
        examples: [4],
      }),
      amountEur: Type.Number({
        exclusiveMinimum: 0,
        maximum: 2000,
        description:
          'Gross euro, in titles of 10 euro (DL 50/2017 art. 54-bis): a multiple of 10 (422 AMOUNT_NOT_IN_TITLES), at least 10 an hour (422 TOO_FEW_TITLES)',
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
      amountEur: Eur('Gross: the titles, 10 euro each, spent from the credit', 40),
      titles: Type.Integer({ minimum: 1, description: 'Titles of 10 euro', examples: [4] }),
      netEur: Eur('Paid to the baby-sitter: 8 euro a title', 32),
      charges: Type.Object(
        {
          gestioneSeparataEur: Eur('IVS contributions to the Gestione separata: 1.65 euro a title', 6.6),
          inailEur: Eur('INAIL insurance: 0.25 euro a title', 1),
          managementEur: Eur('Management costs: 0.10 euro a title', 0.4),
        },
        { description: 'The rest of each title (2 euro), not paid to the baby-sitter' },
      ),
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
          titles: 4,
          netEur: 32,
          charges: { gestioneSeparataEur: 6.6, inailEur: 1, managementEur: 0.4 },
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
