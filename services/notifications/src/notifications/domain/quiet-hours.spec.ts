import { DEFAULT_QUIET_HOURS, sendableFrom } from './quiet-hours';

// Amsterdam is UTC+1 in winter, UTC+2 in summer.
const at = (iso: string) => new Date(iso);

describe('quiet hours for text messages', () => {
  it('sends at once outside quiet hours', () => {
    expect(sendableFrom(at('2026-11-22T12:00:00Z'), DEFAULT_QUIET_HOURS)).toEqual(at('2026-11-22T12:00:00Z'));
    expect(sendableFrom(at('2026-11-22T19:59:59Z'), DEFAULT_QUIET_HOURS)).toEqual(at('2026-11-22T19:59:59Z')); // 20:59:59 local
  });

  it('holds a message in the evening until 08:00 local the next morning', () => {
    expect(sendableFrom(at('2026-11-22T20:00:00Z'), DEFAULT_QUIET_HOURS)).toEqual(at('2026-11-23T07:00:00Z')); // 21:00 → 08:00 (UTC+1)
    expect(sendableFrom(at('2026-11-22T22:30:15.250Z'), DEFAULT_QUIET_HOURS)).toEqual(at('2026-11-23T07:00:00Z'));
  });

  it('holds a message at night until 08:00 the same morning, and lets it go at 08:00 sharp', () => {
    expect(sendableFrom(at('2026-11-23T03:10:00Z'), DEFAULT_QUIET_HOURS)).toEqual(at('2026-11-23T07:00:00Z'));
    expect(sendableFrom(at('2026-11-23T07:00:00Z'), DEFAULT_QUIET_HOURS)).toEqual(at('2026-11-23T07:00:00Z'));
  });

  it('follows summer time', () => {
    expect(sendableFrom(at('2026-07-01T19:30:00Z'), DEFAULT_QUIET_HOURS)).toEqual(at('2026-07-02T06:00:00Z')); // 21:30 → 08:00 (UTC+2)
    // the night the clocks go forward (29 March 2026, 02:00 → 03:00): still 08:00 local
    expect(sendableFrom(at('2026-03-28T21:00:00Z'), DEFAULT_QUIET_HOURS)).toEqual(at('2026-03-29T06:00:00Z'));
  });

  it('supports a window within one day, and none', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(sendableFrom(at('2026-11-22T11:15:00Z'), lunch)).toEqual(at('2026-11-22T12:30:00Z'));
    expect(sendableFrom(at('2026-11-22T13:00:00Z'), lunch)).toEqual(at('2026-11-22T13:00:00Z'));
    expect(sendableFrom(at('2026-11-22T22:00:00Z'), null)).toEqual(at('2026-11-22T22:00:00Z'));
    expect(sendableFrom(at('2026-11-22T22:00:00Z'), { start: '10:00', end: '10:00' })).toEqual(at('2026-11-22T22:00:00Z'));
  });
});
