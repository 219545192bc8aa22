import { romeParts } from '../../lib/rome-time.js'
import { findBenefit } from './benefits/catalogue.js'
import { italianDate } from '../../lib/rome-time.js'
import type { Row } from '../../db/database.js'

const CHANNEL_NAMES: Record<Row<'applications'>['channel'], string> = {
  web: 'servizio online (cittadino)',
  contact_center: 'Contact Center Multicanale',
  patronato: 'patronato',
  caf: 'CAF (centro di assistenza fiscale)',
}

/** The lines of the ricevuta (docs/rules.md §11): protocol number, the benefit in Italian, Rome date and time, channel. */
export function receiptLines(
  row: Pick<Row<'applications'>, 'protocol_number' | 'benefit_code' | 'codice_fiscale' | 'channel' | 'submitted_at'>,
): string[] {
  const { date, time } = romeParts(row.submitted_at)
  const benefit = findBenefit(row.benefit_code)
  return [
    'INPS - Istituto Nazionale della Previdenza Sociale',
    'Ricevuta di presentazione della domanda',
    `Protocollo: ${row.protocol_number}`,
    `Prestazione: ${benefit?.name ?? row.benefit_code}${benefit ? ` (${benefit.legalBasis})` : ''}`,
    `Codice fiscale del richiedente: ${row.codice_fiscale}`,
    `Presentata il ${italianDate(date)} alle ore ${time} (ora di Roma)`,
    `Canale: ${CHANNEL_NAMES[row.channel]}`,
  ]
}

/**
 * The ricevuta as a one-page PDF. The creation date is the filing time, so the same application always
 * gives the same document. The title carries the protocol number too, for readers that list metadata.
 */
export async function receiptPdf(row: Parameters<typeof receiptLines>[0]): Promise<Buffer> {
  // Loaded on the first receipt, not at start: pdf-lib is the largest module the service loads, and
  // most processes (each test file's among them) never draw a receipt.
  const { PDFDocument, StandardFonts } = await import('pdf-lib')
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const page = pdf.addPage([595, 842])
  receiptLines(row).forEach((line, i) =>
    page.drawText(line, { x: 50, y: 780 - i * (i < 2 ? 26 : 20), size: i < 2 ? 14 : 11, font }),
  )
  pdf.setTitle(`Ricevuta ${row.protocol_number}`)
  pdf.setAuthor('INPS')
  pdf.setCreationDate(row.submitted_at)
  pdf.setModificationDate(row.submitted_at)
  pdf.setProducer('INPS 2020 emulator')
  pdf.setCreator('INPS 2020 emulator')
  return Buffer.from(await pdf.save())
}
