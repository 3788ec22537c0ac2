import { periodsBetween, periodsOf, periodsOfDate, schoolYearRange } from './periods';

describe('periods', () => {
  it('files a date under its ISO week, month and school year (August to July)', () => {
    expect(periodsOfDate('2025-09-01')).toEqual({ week: '2025-W36', month: '2025-09', 'school-year': '2025-26' });
    expect(periodsOfDate('2026-07-31')['school-year']).toBe('2025-26');
    expect(periodsOfDate('2026-08-01')['school-year']).toBe('2026-27');
    expect(periodsOfDate('2021-01-03').week).toBe('2020-W53');
    expect(periodsOfDate('2024-12-30').week).toBe('2025-W01');
  });

  it('uses the Dutch calendar day: 23:30 UTC on 31 August is 1 September in the Netherlands', () => {
    expect(periodsOf(new Date('2025-08-31T23:30:00Z'))).toMatchObject({ month: '2025-09', 'school-year': '2025-26' });
  });

  it('lists the periods a range touches', () => {
    expect(periodsBetween('month', '2025-08-15', '2025-11-02')).toEqual(['2025-08', '2025-09', '2025-10', '2025-11']);
    expect(periodsBetween('school-year', '2024-09-01', '2025-09-01')).toEqual(['2024-25', '2025-26']);
    expect(periodsBetween('week', '2025-09-01', '2025-09-14')).toEqual(['2025-W36', '2025-W37']);
    expect(schoolYearRange('2025-26')).toEqual({ from: '2025-08-01', to: '2026-07-31' });
  });
});
