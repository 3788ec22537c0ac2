import { periodsOf } from '../domain/periods';
import { bucketCollection, bucketIncrements, storedIncrements } from './uptake.repository';

describe('bucket layout', () => {
  const target = { municipalityCode: 'GM0080', area: '8921', periods: periodsOf(new Date('2025-09-10T10:00:00Z')) };

  it('adds to the whole municipality in every period kind, and to the postcode area only for the school year', () => {
    const effect = storedIncrements({ all: { applications: 1, 'needs.requested': 2 }, perKind: { week: { childrenApplied: 1 } } });
    const rows = bucketIncrements(target, effect).map(({ id, inc }) => [id, inc]);
    expect(rows).toEqual([
      ['GM0080|week|2025-W37|*', { applications: 1, 'needs.requested': 2, childrenApplied: 1 }],
      ['GM0080|month|2025-09|*', { applications: 1, 'needs.requested': 2 }],
      ['GM0080|school-year|2025-26|*', { applications: 1, 'needs.requested': 2 }],
      ['GM0080|school-year|2025-26|8921', { applications: 1, 'needs.requested': 2 }],
    ]);
  });

  it('touches no bucket of a period kind with nothing to add', () => {
    const effect = storedIncrements({ all: {}, perKind: { 'school-year': { childrenReached: 1 } } });
    expect(bucketIncrements(target, effect).map((b) => b.id)).toEqual(['GM0080|school-year|2025-26|*', 'GM0080|school-year|2025-26|8921']);
  });

  it('keeps each municipality in a collection of its own, with a safe name', () => {
    expect(bucketCollection('GM0080')).toBe('buckets_GM0080');
    expect(bucketCollection('GM0080.$x')).toBe('buckets_GM0080__x');
  });
});
