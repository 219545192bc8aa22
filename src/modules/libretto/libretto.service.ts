import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'
import type { Executor } from '../../db/executor.js'
import { conflict, forbidden, notFound, unprocessable } from '../../lib/errors.js'
import { romeDate, toRomeIso } from '../../lib/rome-time.js'
import { DISPOSITIVO_LEVELS, type AuthContext } from '../../core/auth/auth.types.js'
import type { AuditService } from '../../core/audit/audit.service.js'
import type { OutboxService } from '../../core/outbox/outbox.service.js'
import { findArchivedPerson, requireCodiceFiscale } from '../../core/archive/persons.service.js'
import { effectiveLevel } from '../pin/effective-level.service.js'
import type { PaymentService } from '../payment/payment.service.js'
import { lockOwnBabySitting, markRegisteredOnLibretto } from '../application/baby-sitting.service.js'
import {
  appropriateBy,
  checkWorkDate,
  italianDate,
  italianEur,
  prestazionePaymentDate,
  titleSplit,
  titlesOf,
  TITLE_CENTS,
  toCents,
  toEur,
} from './libretto.rules.js'
import {
  addCredit,
  findLibretto,
  findPrestatore,
  insertLibretto,
  insertPrestatore,
  insertPrestazione,
  listPrestatori,
  listPrestazioni,
  spendCredit,
} from './libretto.repository.js'
import type { LibrettoView, PrestatoreBody, PrestazioneBody } from './libretto.schemas.js'

export interface LibrettoDeps {
  db: Kysely<Database>
  audit: Pick<AuditService, 'record'>
  outbox: Pick<OutboxService, 'send'>
  payments: Pick<PaymentService, 'accrue'>
}

/** What the baby-sitter's payments are listed under in GET /api/v1/payments. */
export const LIBRETTO_BENEFIT = 'libretto-famiglia'

/**
 * msg 1465/2020: the Libretto Famiglia is a dispositive service: PIN dispositivo, SPID 2+, CIE or CNS.
 * A PIN ordinario whose credential was raised to dispositivo counts (docs/rules.md §4); the first half
 * alone must be completed first. Reading the libretto needs an activated PIN only.
 */
async function requireLevel(db: Executor, auth: AuthContext, dispositive: boolean): Promise<void> {
  if (auth.authLevel === 'pin_semplificato') {
    throw forbidden(
      'SECOND_HALF_REQUIRED',
      'Log in with the full PIN (activate it with the second half that came by post) to use the Libretto Famiglia',
    )
  }
  if (dispositive && !DISPOSITIVO_LEVELS.includes(await effectiveLevel(db, auth))) {
    throw forbidden(
      'DISPOSITIVO_REQUIRED',
      'The Libretto Famiglia needs a PIN dispositivo, SPID (level 2 or 3), CIE or CNS',
    )
  }
}

const librettoNotFound = () =>
  notFound('The Libretto Famiglia (take up an accepted baby-sitting bonus first)', 'LIBRETTO_NOT_FOUND')

const toPrestatore = (row: Row<'libretto_prestatori'>) => ({
  codiceFiscale: row.codice_fiscale,
  firstName: row.first_name,
  lastName: row.last_name,
  registeredAt: toRomeIso(row.registered_at),
})

/** The titles of a prestazione: its gross amount in titles of 10 euro (docs/rules.md §13). */
const titlesIn = (row: Row<'libretto_prestazioni'>) => row.amount_cents / TITLE_CENTS

const toPrestazione = (row: Row<'libretto_prestazioni'>) => ({
  id: row.id,
  prestatoreCodiceFiscale: row.prestatore,
  date: row.work_date,
  hours: row.hours,
  amountEur: toEur(row.amount_cents),
  titles: titlesIn(row),
  ...titleSplit(titlesIn(row)),
  enteredAt: toRomeIso(row.entered_at),
  paymentDate: row.payment_date,
})

function toView(
  libretto: Row<'libretti'>,
  prestatori: Row<'libretto_prestatori'>[],
  prestazioni: Row<'libretto_prestazioni'>[],
): LibrettoView {
  return {
    applicationId: libretto.application_id,
    registeredAt: toRomeIso(libretto.registered_at),
    creditEur: toEur(libretto.credit_cents),
    usedEur: toEur(libretto.used_cents),
    availableEur: toEur(libretto.credit_cents - libretto.used_cents),
    prestatori: prestatori.map(toPrestatore),
    prestazioni: prestazioni.map(toPrestazione),
  }
}

export function createLibrettoService(deps: LibrettoDeps) {
  const { db } = deps
  const actor = (auth: AuthContext, requestId: string) => ({
    type: 'citizen' as const,
    id: auth.subject,
    channel: 'web',
    requestId,
  })

  return {
    /**
     * Appropriazione (docs/rules.md §13): an accepted baby-sitting bonus goes on the applicant's libretto
     * within 15 calendar days of the acceptance notice. Asking again answers the same.
     */
    async register(now: Date, auth: AuthContext, applicationId: string, requestId: string) {
      return db.transaction().execute(async (trx) => {
        // Someone else's id is simply not found, whatever the caller's level.
        const application = await lockOwnBabySitting(trx, applicationId, auth.subject)
        if (!application) throw notFound('Application', 'APPLICATION_NOT_FOUND')
        await requireLevel(trx, auth, true)
        if (!application.onLibretto) {
          throw conflict(
            'NOT_BABY_SITTING',
            'Only the baby-sitting bonus used for baby-sitting goes on the Libretto Famiglia (summer centres are paid to the applicant)',
          )
        }
        if (application.status !== 'accepted' || !application.evaluatedAt || application.amountEur === null) {
          throw conflict(
            'APPLICATION_NOT_ACCEPTED',
            `The application is ${application.status}: only an accepted bonus can be taken up`,
          )
        }
        const deadline = appropriateBy(romeDate(application.evaluatedAt))
        if (!application.librettoRegisteredAt && romeDate(now) > deadline) {
          throw conflict(
            'APPROPRIATION_DEADLINE_PASSED',
            `The bonus had to be taken up by ${deadline} (15 days from the acceptance)`,
            { appropriateBy: deadline },
          )
        }
        const cents = application.amountEur * 100
        let libretto = await insertLibretto(trx, {
          codice_fiscale: auth.subject,
          application_id: application.id,
          credit_cents: cents,
          registered_at: now,
        })
        // docs/rules.md §13: the DL 34 increase, asked on a second application, goes on the same libretto, once
        // (the application row is locked, and marked below).
        if (libretto.application_id !== application.id && !application.librettoRegisteredAt)
          libretto = await addCredit(trx, auth.subject, cents)
        await markRegisteredOnLibretto(trx, application.id, now)
        await deps.audit.record(trx, now, actor(auth, requestId), {
          action: 'libretto.registered',
          outcome: 'success',
          codiceFiscale: auth.subject,
          detail: { applicationId: application.id },
        })
        return {
          status: 'registered' as const,
          creditEur: toEur(libretto.credit_cents),
          appropriateBy: deadline,
          registeredAt: toRomeIso(libretto.registered_at),
        }
      })
    },

    /** The baby-sitter: never a member of the applicant's household (circ. 44/2020: not a cohabiting relative). */
    async addPrestatore(now: Date, auth: AuthContext, body: PrestatoreBody, requestId: string) {
      await requireLevel(db, auth, true)
      const codiceFiscale = requireCodiceFiscale(body.codiceFiscale)
      return db.transaction().execute(async (trx) => {
        const libretto = await findLibretto(trx, auth.subject)
        if (!libretto) throw librettoNotFound()
        const [owner, prestatore] = await Promise.all([
          findArchivedPerson(trx, auth.subject),
          findArchivedPerson(trx, codiceFiscale),
        ])
        const cohabiting =
          codiceFiscale === auth.subject ||
          (owner?.household_id != null && prestatore?.household_id === owner.household_id)
        if (cohabiting) {
          throw unprocessable('PRESTATORE_COHABITING', 'The baby-sitter cannot be a member of your household', {
            errors: [{ field: '/codiceFiscale', message: 'same household' }],
          })
        }
        const row = await insertPrestatore(trx, {
          libretto: auth.subject,
          codice_fiscale: codiceFiscale,
          first_name: body.firstName,
          last_name: body.lastName,
          registered_at: now,
        })
        if (!row) throw conflict('PRESTATORE_ALREADY_REGISTERED', 'This baby-sitter is on your libretto already')
        await deps.audit.record(trx, now, actor(auth, requestId), {
          action: 'libretto.prestatore_added',
          outcome: 'success',
          codiceFiscale: auth.subject,
          detail: { prestatore: codiceFiscale },
        })
        return toPrestatore(row)
      })
    },

    /**
     * Work done, in titles of 10 euro: the credit is spent by their value, the baby-sitter is paid the net
     * part on the 15th (docs/rules.md §13). The credit is spent by one conditional update, so concurrent
     * entries never pass it.
     */
    async addPrestazione(now: Date, auth: AuthContext, body: PrestazioneBody, requestId: string) {
      await requireLevel(db, auth, true)
      const today = romeDate(now)
      checkWorkDate(body.date, today)
      const cents = toCents(body.amountEur)
      const titles = titlesOf(cents, body.hours)
      const { netEur } = titleSplit(titles)
      const prestatoreCf = requireCodiceFiscale(body.prestatoreCodiceFiscale)
      return db.transaction().execute(async (trx) => {
        const libretto = await findLibretto(trx, auth.subject)
        if (!libretto) throw librettoNotFound()
        const prestatore = await findPrestatore(trx, auth.subject, prestatoreCf)
        if (!prestatore) {
          throw unprocessable('PRESTATORE_NOT_REGISTERED', 'Register the baby-sitter on your libretto first', {
            errors: [{ field: '/prestatoreCodiceFiscale', message: 'not on this libretto' }],
          })
        }
        const spent = await spendCredit(trx, auth.subject, cents)
        if (!spent) {
          const current = await findLibretto(trx, auth.subject)
          throw conflict('INSUFFICIENT_CREDIT', 'The amount is more than what is left on the libretto', {
            availableEur: toEur(current!.credit_cents - current!.used_cents),
          })
        }
        const paymentDate = prestazionePaymentDate(today)
        const row: Row<'libretto_prestazioni'> = {
          id: randomUUID(),
          libretto: auth.subject,
          prestatore: prestatoreCf,
          work_date: body.date,
          hours: body.hours,
          amount_cents: cents,
          entered_at: now,
          payment_date: paymentDate,
        }
        await insertPrestazione(trx, row)
        const person = await findArchivedPerson(trx, prestatoreCf)
        const account = person?.bank_accounts.find((a) => a.holders.includes(prestatoreCf))
        await deps.payments.accrue(trx, now, {
          codiceFiscale: prestatoreCf,
          benefitCode: LIBRETTO_BENEFIT,
          period: paymentDate.slice(0, 7),
          amountEur: netEur,
          method: account ? 'iban' : 'post_office',
          iban: account?.iban,
          valueDate: paymentDate,
        })
        const contact = person?.contacts.email
          ? { channel: 'email' as const, recipient: person.contacts.email }
          : person?.contacts.mobile
            ? { channel: 'sms' as const, recipient: person.contacts.mobile }
            : undefined
        if (contact) {
          await deps.outbox.send(trx, now, [
            {
              codiceFiscale: prestatoreCf,
              ...contact,
              deliverAt: now,
              subject: 'Libretto Famiglia: prestazione comunicata',
              body:
                `INPS - Libretto Famiglia: è stata comunicata una prestazione di ${body.hours} ${body.hours === 1 ? 'ora' : 'ore'} del ${italianDate(body.date)} ` +
                `con ${titles} ${titles === 1 ? 'titolo' : 'titoli'} da 10 euro: compenso netto di ${italianEur(Math.round(netEur * 100))} euro. ` +
                `Il pagamento sarà disposto il ${italianDate(paymentDate)}.`,
            },
          ])
        }
        await deps.audit.record(trx, now, actor(auth, requestId), {
          action: 'libretto.prestazione_added',
          outcome: 'success',
          codiceFiscale: auth.subject,
          detail: { prestazioneId: row.id, prestatore: prestatoreCf, amountCents: cents, titles },
        })
        return toPrestazione(row)
      })
    },

    async view(auth: AuthContext): Promise<LibrettoView> {
      await requireLevel(db, auth, false)
      const libretto = await findLibretto(db, auth.subject)
      if (!libretto) throw librettoNotFound()
      const [prestatori, prestazioni] = await Promise.all([
        listPrestatori(db, auth.subject),
        listPrestazioni(db, auth.subject),
      ])
      return toView(libretto, prestatori, prestazioni)
    },
  }
}

export type LibrettoService = ReturnType<typeof createLibrettoService>
