/** Wall-clock parts in Europe/Rome: the time zone of every INPS rule (windows, hours, dates). */
export interface RomeParts {
  date: string // YYYY-MM-DD
  time: string // HH:MM
  weekday: number // 0 = Sunday
}

const FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
})
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** A minute as Rome reads it, with the parts of its ISO 8601 text around the seconds. */
interface RomeMinute {
  parts: RomeParts
  isoPrefix: string
  isoOffset: string
}

// formatToParts is slow and every request asks about the same minute (every new application's
// submittedAt, every calendar check): remember the last one.
let lastMinute = NaN
let last: RomeMinute | undefined

function romeMinute(instant: Date): RomeMinute {
  const minute = Math.floor(instant.getTime() / 60_000)
  if (minute === lastMinute && last) return last
  const f = Object.fromEntries(FORMAT.formatToParts(instant).map((p) => [p.type, p.value]))
  const parts = {
    date: `${f.year}-${f.month}-${f.day}`,
    time: `${f.hour}:${f.minute}`,
    weekday: WEEKDAYS.indexOf(f.weekday),
  }
  // From numbers, not by parsing the text: a five-digit year does not parse, and the offset would read NaN.
  const wallAsUtc = Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute))
  const offsetMinutes = Math.round((wallAsUtc - minute * 60_000) / 60_000)
  const abs = Math.abs(offsetMinutes)
  last = {
    parts,
    isoPrefix: `${parts.date}T${parts.time}:`,
    isoOffset: `${offsetMinutes >= 0 ? '+' : '-'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`,
  }
  lastMinute = minute
  return last
}

export function romeParts(instant: Date): RomeParts {
  return romeMinute(instant).parts
}

export function romeDate(instant: Date): string {
  return romeParts(instant).date
}

const instants = new Map<string, number>()

/** The instant at which Rome's wall clock shows `date` `time` (DST-aware); remembered, it is asked often. */
export function romeInstant(date: string, time: string): Date {
  const key = `${date}T${time}`
  const known = instants.get(key)
  if (known !== undefined) return new Date(known)
  if (instants.size > 10_000) instants.clear()
  const instant = computeRomeInstant(date, time)
  instants.set(key, instant.getTime())
  return instant
}

function computeRomeInstant(date: string, time: string): Date {
  const guess = new Date(`${date}T${time}:00Z`)
  // Rome is UTC+1 or UTC+2: try both offsets and keep the one that reads back as asked.
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(guess.getTime() - offsetHours * 3600_000)
    const back = romeParts(candidate)
    if (back.date === date && back.time === time) return candidate
  }
  // A wall time skipped by the spring-forward change: the first instant after the gap.
  return new Date(guess.getTime() - 3600_000)
}

/** ISO 8601 with Rome's offset, e.g. 2020-04-01T16:00:00+02:00: what a citizen reads. */
export function toRomeIso(instant: Date): string {
  const { isoPrefix, isoOffset } = romeMinute(instant)
  return `${isoPrefix}${String(instant.getUTCSeconds()).padStart(2, '0')}${isoOffset}`
}

/** dd/mm/yyyy of a YYYY-MM-DD date, as Italian letters write it. */
export function italianDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-')
  return `${d}/${m}/${y}`
}
