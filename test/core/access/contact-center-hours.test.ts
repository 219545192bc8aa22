import t from 'tap'
import { isContactCenterOpen, nextContactCenterOpening } from '../../../src/core/access/contact-center-hours.rules.js'

// [instant, open?, next opening] — 2020-04-01 is a Wednesday; 2020-03-29 and 2020-10-25 are the DST Sundays.
const table: Array<[string, boolean, string, string]> = [
  ['2020-04-01T07:59:59+02:00', false, '2020-04-01T08:00:00+02:00', 'Wednesday just before opening'],
  ['2020-04-01T08:00:00+02:00', true, '2020-04-02T08:00:00+02:00', 'Wednesday at opening'],
  ['2020-04-01T10:00:00+02:00', true, '2020-04-02T08:00:00+02:00', 'Wednesday morning'],
  ['2020-04-01T19:59:00+02:00', true, '2020-04-02T08:00:00+02:00', 'Wednesday 19:59'],
  ['2020-04-01T20:00:00+02:00', false, '2020-04-02T08:00:00+02:00', 'Wednesday 20:00 closes'],
  ['2020-04-03T20:00:00+02:00', false, '2020-04-04T08:00:00+02:00', 'Friday 20:00: Saturday morning next'],
  ['2020-04-03T23:30:00+02:00', false, '2020-04-04T08:00:00+02:00', 'Friday night'],
  ['2020-04-04T13:59:00+02:00', true, '2020-04-06T08:00:00+02:00', 'Saturday 13:59 open'],
  ['2020-04-04T14:00:00+02:00', false, '2020-04-06T08:00:00+02:00', 'Saturday 14:00 closed until Monday'],
  ['2020-04-05T10:00:00+02:00', false, '2020-04-06T08:00:00+02:00', 'Sunday'],
  ['2020-04-05T23:59:00+02:00', false, '2020-04-06T08:00:00+02:00', 'Sunday night'],
  // Spring forward: Saturday still UTC+1, Monday UTC+2.
  ['2020-03-28T13:59:00+01:00', true, '2020-03-30T08:00:00+02:00', 'Saturday before spring DST, 13:59'],
  ['2020-03-28T14:00:00+01:00', false, '2020-03-30T08:00:00+02:00', 'Saturday before spring DST, 14:00'],
  ['2020-03-29T03:30:00+02:00', false, '2020-03-30T08:00:00+02:00', 'DST Sunday just after the change'],
  ['2020-03-30T07:59:00+02:00', false, '2020-03-30T08:00:00+02:00', 'Monday after spring DST, 07:59 (05:59Z)'],
  ['2020-03-30T08:00:00+02:00', true, '2020-03-31T08:00:00+02:00', 'Monday after spring DST, 08:00 is 06:00Z'],
  // Fall back: Saturday UTC+2, Monday UTC+1.
  ['2020-10-24T13:59:00+02:00', true, '2020-10-26T08:00:00+01:00', 'Saturday before autumn DST, 13:59'],
  ['2020-10-24T14:00:00+02:00', false, '2020-10-26T08:00:00+01:00', 'Saturday before autumn DST, 14:00'],
  ['2020-10-25T02:30:00+01:00', false, '2020-10-26T08:00:00+01:00', 'DST Sunday in the repeated hour'],
  ['2020-10-26T07:00:00+01:00', false, '2020-10-26T08:00:00+01:00', 'Monday after autumn DST, 07:00 (06:00Z)'],
  ['2020-10-26T08:00:00+01:00', true, '2020-10-27T08:00:00+01:00', 'Monday after autumn DST, 08:00 is 07:00Z'],
]

t.test('opening hours and next opening, Europe/Rome with DST', async (t) => {
  for (const [at, open, next, label] of table) {
    const now = new Date(at)
    t.equal(isContactCenterOpen(now), open, `${label}: ${open ? 'open' : 'closed'}`)
    t.equal(nextContactCenterOpening(now).toISOString(), new Date(next).toISOString(), `${label}: next opening ${next}`)
  }
})

t.test('UTC instants around the DST edges', async (t) => {
  // 06:30Z is 07:30 in winter (closed) and 08:30 in summer (open).
  t.equal(isContactCenterOpen(new Date('2020-03-27T06:30:00Z')), false, 'Friday before spring DST, 07:30 Rome')
  t.equal(isContactCenterOpen(new Date('2020-03-30T06:30:00Z')), true, 'Monday after spring DST, 08:30 Rome')
  t.equal(isContactCenterOpen(new Date('2020-10-23T18:30:00Z')), false, 'Friday in summer time: 20:30 Rome')
  t.equal(isContactCenterOpen(new Date('2020-10-26T18:30:00Z')), true, 'Monday in winter time: 19:30 Rome')
})
