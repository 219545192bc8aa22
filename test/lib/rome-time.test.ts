import t from 'tap'
import { romeInstant, toRomeIso } from '../../src/lib/rome-time.js'

const iso = (utc: string) => toRomeIso(new Date(utc))

t.test('instants read in Rome, with the offset of the day', async (t) => {
  t.equal(iso('2020-04-01T14:00:05Z'), '2020-04-01T16:00:05+02:00', 'summer time')
  t.equal(iso('2020-12-01T08:30:59.999Z'), '2020-12-01T09:30:59+01:00', 'winter time; milliseconds dropped')
  t.equal(iso('2020-03-31T22:00:00Z'), '2020-04-01T00:00:00+02:00', 'the Rome date, not the UTC one')
})

t.test('across the changes of 2020 (29 March, 25 October)', async (t) => {
  t.equal(iso('2020-03-29T00:59:59Z'), '2020-03-29T01:59:59+01:00')
  t.equal(iso('2020-03-29T01:00:00Z'), '2020-03-29T03:00:00+02:00')
  t.equal(iso('2020-10-25T00:59:59Z'), '2020-10-25T02:59:59+02:00')
  t.equal(iso('2020-10-25T01:00:00Z'), '2020-10-25T02:00:00+01:00', 'the second 02:00, an hour later')
})

t.test('seconds within one minute, and minutes in turn, each read afresh', async (t) => {
  const seconds = ['00', '01', '30', '59'].map((s) => iso(`2020-04-02T15:00:${s}Z`))
  t.same(seconds, [
    '2020-04-02T17:00:00+02:00',
    '2020-04-02T17:00:01+02:00',
    '2020-04-02T17:00:30+02:00',
    '2020-04-02T17:00:59+02:00',
  ])
  const alternating = ['2020-01-15T10:00:10Z', '2020-07-15T10:00:20Z', '2020-01-15T10:00:30Z'].map(iso)
  t.same(alternating, ['2020-01-15T11:00:10+01:00', '2020-07-15T12:00:20+02:00', '2020-01-15T11:00:30+01:00'])
})

t.test('romeInstant and toRomeIso read each other back', async (t) => {
  t.equal(toRomeIso(romeInstant('2020-04-01', '16:00')), '2020-04-01T16:00:00+02:00')
  t.equal(toRomeIso(romeInstant('2020-11-30', '23:59')), '2020-11-30T23:59:00+01:00')
})
