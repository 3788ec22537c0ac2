import { childLimitBreach, stillCounting } from './child-limits';
import { SEED_FUNDS } from './fund';

const leergeld = SEED_FUNDS.find((f) => f.id === 'leergeld-leeuwarden')!.childLimits;
const jeugdfonds = SEED_FUNDS.find((f) => f.id === 'jeugdfonds-sport-cultuur')!.childLimits;
const jarigeJob = SEED_FUNDS.find((f) => f.id === 'jarige-job')!.childLimits;

describe('per-child limits of the seed catalogue', () => {
  it('Leergeld: €275 a year at primary-school age over all its categories together, up to the cent', () => {
    const given = [{ year: 2026, category: 'school-trip' as const, amountCents: 20_000 }];
    expect(childLimitBreach(leergeld, { category: 'school-supplies', childAge: 10, amountCents: 7_500, year: 2026 }, given)).toBeNull();
    expect(childLimitBreach(leergeld, { category: 'school-supplies', childAge: 10, amountCents: 7_501, year: 2026 }, given)).toBe('child-amount-reached');
    // secondary school: €790
    expect(childLimitBreach(leergeld, { category: 'laptop', childAge: 12, amountCents: 59_000, year: 2026 }, given)).toBeNull();
    expect(childLimitBreach(leergeld, { category: 'laptop', childAge: 12, amountCents: 59_001, year: 2026 }, given)).toBe('child-amount-reached');
  });

  it('counts only the same year for a yearly amount', () => {
    const lastYear = [{ year: 2025, category: 'school-trip' as const, amountCents: 27_500 }];
    expect(childLimitBreach(leergeld, { category: 'school-trip', childAge: 10, amountCents: 27_500, year: 2026 }, lastYear)).toBeNull();
  });

  it('Leergeld: a bicycle once per 5 years (the year itself and the four before)', () => {
    const bike2026 = [{ year: 2026, category: 'bicycle' as const, amountCents: 20_000 }];
    const bicycle = (year: number) => childLimitBreach(leergeld, { category: 'bicycle', childAge: 13, amountCents: 20_000, year }, bike2026);
    expect(bicycle(2026)).toBe('child-count-reached');
    expect(bicycle(2030)).toBe('child-count-reached');
    expect(bicycle(2031)).toBeNull();
    // a bicycle does not use up the laptop
    expect(childLimitBreach(leergeld, { category: 'laptop', childAge: 13, amountCents: 40_000, year: 2026 }, bike2026)).toBeNull();
  });

  it('Jeugdfonds: sport €300 and culture €450 are separate limits', () => {
    const sport = [{ year: 2026, category: 'sports-membership' as const, amountCents: 30_000 }];
    expect(childLimitBreach(jeugdfonds, { category: 'swimming-lessons', childAge: 8, amountCents: 1, year: 2026 }, sport)).toBe('child-amount-reached');
    expect(childLimitBreach(jeugdfonds, { category: 'culture-lessons', childAge: 8, amountCents: 45_000, year: 2026 }, sport)).toBeNull();
  });

  it('Jarige Job: one box a year', () => {
    const box = [{ year: 2026, category: 'birthday-box' as const, amountCents: 3_500 }];
    expect(childLimitBreach(jarigeJob, { category: 'birthday-box', childAge: 6, amountCents: 3_500, year: 2026 }, [])).toBeNull();
    expect(childLimitBreach(jarigeJob, { category: 'birthday-box', childAge: 6, amountCents: 3_500, year: 2026 }, box)).toBe('child-count-reached');
    expect(childLimitBreach(jarigeJob, { category: 'birthday-box', childAge: 7, amountCents: 3_500, year: 2027 }, box)).toBeNull();
  });

  it('keeps entries only while some period still counts them', () => {
    expect(stillCounting(leergeld, 2030, { year: 2026, category: 'bicycle', amountCents: 1 })).toBe(true);
    expect(stillCounting(leergeld, 2031, { year: 2026, category: 'bicycle', amountCents: 1 })).toBe(false);
  });
});

describe('a limit without a count', () => {
  it('counts nothing, also when the count was stored as null', () => {
    const limits = [{ categories: ['culture-lessons' as const], amountCents: [{ minAge: 0, maxAge: 20, cents: 50_000 }], maxCount: null as unknown as undefined }];
    expect(childLimitBreach(limits, { category: 'culture-lessons', childAge: 19, amountCents: 25_000, year: 2026 }, [])).toBeNull();
  });
});
