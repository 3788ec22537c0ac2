import { digestDue } from './digest-policy';

const policy = { dailyAt: '07:00', hourlyThreshold: 20 };
const at = (iso: string) => new Date(iso);

describe('when fund staff get a digest', () => {
  it('once a day after 07:00 local, when something is new or waiting', () => {
    expect(digestDue(at('2026-11-23T05:59:00Z'), {}, { newCount: 3, waitingCount: 2 }, policy)).toBeNull(); // 06:59 local
    expect(digestDue(at('2026-11-23T06:00:00Z'), {}, { newCount: 3, waitingCount: 2 }, policy)).toBe('daily');
    expect(digestDue(at('2026-11-23T09:00:00Z'), { lastDailyOn: '2026-11-23', lastSentAt: at('2026-11-23T06:00:00Z') }, { newCount: 3, waitingCount: 2 }, policy)).toBeNull();
    expect(digestDue(at('2026-11-23T09:00:00Z'), {}, { newCount: 0, waitingCount: 0 }, policy)).toBeNull(); // nothing to say
  });

  it('in between, at most once an hour when many new requests came in', () => {
    const sentDaily = { lastDailyOn: '2026-11-23', lastSentAt: at('2026-11-23T06:00:00Z') };
    expect(digestDue(at('2026-11-23T06:30:00Z'), sentDaily, { newCount: 25, waitingCount: 0 }, policy)).toBeNull(); // within the hour
    expect(digestDue(at('2026-11-23T07:00:00Z'), sentDaily, { newCount: 25, waitingCount: 0 }, policy)).toBe('hourly');
    expect(digestDue(at('2026-11-23T07:00:00Z'), sentDaily, { newCount: 19, waitingCount: 40 }, policy)).toBeNull(); // few new ones
  });
});
