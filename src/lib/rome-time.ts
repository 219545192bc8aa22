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

// formatToParts is slow and every request asks about the same minute: remember the last one.
let lastMinute = NaN
let lastParts: RomeParts | undefined

export function romeParts(instant: Date): RomeParts {
  const minute = Math.floor(instant.getTime() / 60_000)
  if (minute === lastMinute && lastParts) return lastParts
  const parts = Object.fromEntries(FORMAT.formatToParts(instant).map((p) => [p.type, p.value]))
  lastParts = {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    weekday: WEEKDAYS.indexOf(parts.weekday),
  }
  lastMinute = minute
  return lastParts
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

// Answers carry many instants of the same minute (every new application's submittedAt): its date, time
// and offset are worked out once; only the seconds differ.
let isoMinute = NaN
let isoMinutePrefix = ''
let isoOffset = ''

/** ISO 8601 with Rome's offset, e.g. 2020-04-01T16:00:00+02:00: what a citizen reads. */
export function toRomeIso(instant: Date): string {
  const minute = Math.floor(instant.getTime() / 60_000)
  if (minute !== isoMinute) {
    const p = romeParts(instant)
    // From numbers, not by parsing the text: a five-digit year does not parse, and the offset would read NaN.
    const [year, month, day] = p.date.split('-').map(Number)
    const [hour, minuteOfHour] = p.time.split(':').map(Number)
    const wallAsUtc = Date.UTC(year!, month! - 1, day!, hour!, minuteOfHour!)
    const offsetMinutes = Math.round((wallAsUtc - minute * 60_000) / 60000)
    const sign = offsetMinutes >= 0 ? '+' : '-'
    const abs = Math.abs(offsetMinutes)
    isoMinutePrefix = `${p.date}T${p.time}:`
    isoOffset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
    isoMinute = minute
  }
  return `${isoMinutePrefix}${String(instant.getUTCSeconds()).padStart(2, '0')}${isoOffset}`
}

/** dd/mm/yyyy of a YYYY-MM-DD date, as Italian letters write it. */
export function italianDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-')
  return `${d}/${m}/${y}`
}
