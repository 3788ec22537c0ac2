import fc from 'fast-check';
import type { Circumstance, Composition } from '@fund-desk/contracts';
import { addMonths, assessIncome, IncomeAssessmentInput } from './income-check';
import { NormRow, normFor, normInForce, SEED_NORMS } from './norms';

const COMPOSITIONS: Composition[] = ['single', 'single-parent', 'couple'];
const LIMITS = [110, 120, 130, 140];

/** The 2025 social-assistance norms from the product brief, in cents per month. */
const NORMS_2025: { checkDate: string; composition: Composition; norm: number }[] = [
  { checkDate: '2025-01-01', composition: 'single', norm: 134545 },
  { checkDate: '2025-01-01', composition: 'single-parent', norm: 134545 },
  { checkDate: '2025-01-01', composition: 'couple', norm: 192207 },
  { checkDate: '2025-07-01', composition: 'single', norm: 136906 },
  { checkDate: '2025-07-01', composition: 'single-parent', norm: 136906 },
  { checkDate: '2025-07-01', composition: 'couple', norm: 195580 },
];

/** The largest whole-cent income with income × 100 ≤ norm × limit, in integer arithmetic only. */
function incomeAtLimit(norm: number, limit: number): number {
  const product = norm * limit;
  return (product - (product % 100)) / 100;
}

function assess(overrides: Partial<IncomeAssessmentInput>) {
  return assessIncome({
    composition: 'single-parent',
    netMonthlyIncomeCents: 0,
    circumstances: [],
    normCents: 136906,
    limitPercent: 120,
    ...overrides,
  });
}

describe('normInForce / normFor with the seed norms', () => {
  it.each(NORMS_2025)('$composition on $checkDate has norm $norm cents', ({ checkDate, composition, norm }) => {
    const row = normInForce(SEED_NORMS, checkDate);
    expect(row).not.toBeNull();
    expect(normFor(row as NormRow, composition)).toBe(norm);
  });

  it.each([
    ['2025-01-01', '2025-01-01'],
    ['2025-03-14', '2025-01-01'],
    ['2025-06-30', '2025-01-01'],
    ['2025-07-01', '2025-07-01'],
    ['2025-12-31', '2025-07-01'],
    ['2026-03-01', '2025-07-01'],
  ])('a check on %s uses the row in force from %s', (checkDate, validFrom) => {
    expect(normInForce(SEED_NORMS, checkDate)?.validFrom).toBe(validFrom);
  });

  it('the day before and the day of the July change give the January and July norms', () => {
    expect(normFor(normInForce(SEED_NORMS, '2025-06-30') as NormRow, 'couple')).toBe(192207);
    expect(normFor(normInForce(SEED_NORMS, '2025-07-01') as NormRow, 'couple')).toBe(195580);
  });

  it.each(['2024-12-31', '2020-01-01'])('no norm is in force on %s (before the first row)', (checkDate) => {
    expect(normInForce(SEED_NORMS, checkDate)).toBeNull();
  });

  it('does not depend on the order in which administrators added the rows', () => {
    const reversed = [...SEED_NORMS].reverse();
    expect(normInForce(reversed, '2025-08-01')?.validFrom).toBe('2025-07-01');
    expect(normInForce(reversed, '2025-02-01')?.validFrom).toBe('2025-01-01');
  });

  it('a single parent gets the single norm, not the couple norm', () => {
    for (const row of SEED_NORMS) {
      expect(normFor(row, 'single-parent')).toBe(normFor(row, 'single'));
      expect(normFor(row, 'single-parent')).not.toBe(normFor(row, 'couple'));
    }
  });

  it('reads the single-parent column of a row (administrators may set it apart)', () => {
    const row: NormRow = { validFrom: '2026-01-01', single: 100000, singleParent: 110000, couple: 150000 };
    expect(normFor(row, 'single')).toBe(100000);
    expect(normFor(row, 'single-parent')).toBe(110000);
    expect(normFor(row, 'couple')).toBe(150000);
  });
});

describe('assessIncome at the limit, with the real 2025 norms', () => {
  const cases = NORMS_2025.flatMap(({ checkDate, composition, norm }) =>
    LIMITS.map((limit) => ({ checkDate, composition, norm, limit, atLimit: incomeAtLimit(norm, limit) })),
  );

  it.each(cases)(
    '$composition on $checkDate at $limit%: $atLimit cents qualifies, one cent more does not',
    ({ checkDate, composition, norm, limit, atLimit }) => {
      const normCents = normFor(normInForce(SEED_NORMS, checkDate) as NormRow, composition);
      expect(normCents).toBe(norm);

      const at = assessIncome({ composition, netMonthlyIncomeCents: atLimit, circumstances: [], normCents, limitPercent: limit });
      const above = assessIncome({ composition, netMonthlyIncomeCents: atLimit + 1, circumstances: [], normCents, limitPercent: limit });

      expect(at.outcome).toBe('eligible');
      expect(at.basis).toBe('declared-income');
      expect(above.outcome).toBe('not-eligible');
      expect(above.basis).toBe('declared-income');
      // the ratio funds compare with agrees with the decision on both sides of the line
      expect(at.normRatioPpm).toBeLessThanOrEqual(limit * 10_000);
      expect(above.normRatioPpm).toBeGreaterThan(limit * 10_000);
    },
  );

  it('the at-limit income is exact where norm × limit divides by 100 (single, January, 120%)', () => {
    expect(incomeAtLimit(134545, 120)).toBe(161454);
    const at = assess({ normCents: 134545, netMonthlyIncomeCents: 161454, limitPercent: 120 });
    expect(at).toEqual({ outcome: 'eligible', percentageOfNorm: 120, normRatioPpm: 1_200_000, basis: 'declared-income' });
  });

  it('where it does not divide, the income is rounded down to whole cents (single, January, 110%)', () => {
    // 134545 × 110 / 100 = 147999.5
    expect(incomeAtLimit(134545, 110)).toBe(147999);
    expect(assess({ normCents: 134545, netMonthlyIncomeCents: 147999, limitPercent: 110 }).outcome).toBe('eligible');
    expect(assess({ normCents: 134545, netMonthlyIncomeCents: 148000, limitPercent: 110 }).outcome).toBe('not-eligible');
  });
});

describe('assessIncome percentages', () => {
  it.each([
    // income, norm, percentageOfNorm
    [145000, 136906, 105.9], // single parent on 2025-07-01 (the brief's example request)
    [145000, 134545, 107.8], // the same income on 2025-06-30
    [134545, 134545, 100],
    [0, 134545, 0],
    [192207, 192207, 100],
    [100049, 100000, 100], // 100.049% rounds down
    [100050, 100000, 100.1], // 100.05% rounds half up
    [100051, 100000, 100.1],
    [200000, 134545, 148.6], // 148.649% rounds down,
  ])('%i cents against a norm of %i is %d% of the norm', (income, norm, percentage) => {
    expect(assess({ netMonthlyIncomeCents: income, normCents: norm }).percentageOfNorm).toBe(percentage);
  });

  it('normRatioPpm is exactly 1200000 at 120% and more than 1200000 one cent above', () => {
    const at = assess({ normCents: 134545, netMonthlyIncomeCents: 161454 });
    const above = assess({ normCents: 134545, netMonthlyIncomeCents: 161455 });
    expect(at.normRatioPpm).toBe(1_200_000);
    expect(above.normRatioPpm).toBeGreaterThan(1_200_000);
    // one cent above the line reads as 120.0% for people, but it does not qualify
    expect(above.percentageOfNorm).toBe(120);
    expect(above.outcome).toBe('not-eligible');
  });

  it('normRatioPpm is rounded up, never down', () => {
    // 145000 / 136906 = 1.0591208...: 1059120.86 ppm rounds up to 1059121
    expect(assess({ normCents: 136906, netMonthlyIncomeCents: 145000 }).normRatioPpm).toBe(1_059_121);
    // 1 / 3 = 333333.3 ppm rounds up to 333334
    expect(assess({ normCents: 3, netMonthlyIncomeCents: 1 }).normRatioPpm).toBe(333_334);
    expect(assess({ normCents: 134545, netMonthlyIncomeCents: 0 }).normRatioPpm).toBe(0);
  });

  it('refuses a norm of zero or less instead of dividing by it', () => {
    expect(() => assess({ normCents: 0, netMonthlyIncomeCents: 1000 })).toThrow('norm must be positive');
    expect(() => assess({ normCents: -1, netMonthlyIncomeCents: 1000 })).toThrow('norm must be positive');
  });
});

describe('assessIncome with circumstances', () => {
  const norm = 136906;
  const atLimit = incomeAtLimit(norm, 120); // 164287

  it.each<Circumstance>(['social-assistance', 'debt-relief', 'food-bank'])(
    '%s makes a household above the limit eligible on the basis of the circumstance',
    (circumstance) => {
      const result = assess({ normCents: norm, netMonthlyIncomeCents: 250000, circumstances: [circumstance] });
      expect(result.outcome).toBe('eligible');
      expect(result.basis).toBe('circumstance');
      // the percentage is still reported honestly
      expect(result.percentageOfNorm).toBe(182.6);
    },
  );

  it.each<Circumstance>(['social-assistance', 'debt-relief', 'food-bank'])(
    '%s below or at the limit leaves the basis on the declared income',
    (circumstance) => {
      for (const income of [100000, atLimit]) {
        const result = assess({ normCents: norm, netMonthlyIncomeCents: income, circumstances: [circumstance] });
        expect(result.outcome).toBe('eligible');
        expect(result.basis).toBe('declared-income');
      }
    },
  );

  it('one cent above the limit with a circumstance flips the basis, not the outcome', () => {
    const result = assess({ normCents: norm, netMonthlyIncomeCents: atLimit + 1, circumstances: ['food-bank'] });
    expect(result).toMatchObject({ outcome: 'eligible', basis: 'circumstance' });
  });

  it('without a circumstance the same household above the limit is not eligible', () => {
    expect(assess({ normCents: norm, netMonthlyIncomeCents: 250000, circumstances: [] })).toMatchObject({
      outcome: 'not-eligible',
      basis: 'declared-income',
    });
  });
});

describe('assessIncome properties', () => {
  const realNorms = [134545, 192207, 136906, 195580];
  const arbitraryCheck = fc.record({
    composition: fc.constantFrom<Composition>(...COMPOSITIONS),
    limitPercent: fc.oneof(fc.constantFrom(...LIMITS), fc.integer({ min: 50, max: 200 })),
    normCents: fc.oneof(fc.constantFrom(...realNorms), fc.integer({ min: 1, max: 1_000_000 })),
    incomes: fc
      .tuple(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 5_000_000 }))
      .map(([x, y]) => (x <= y ? [x, y] : [y, x]) as [number, number]),
  });

  it('more income never turns a no into a yes, and the percentage never goes down as income goes up', () => {
    fc.assert(
      fc.property(arbitraryCheck, ({ composition, limitPercent, normCents, incomes: [a, b] }) => {
        const base = { composition, circumstances: [] as Circumstance[], normCents, limitPercent };
        const lower = assessIncome({ ...base, netMonthlyIncomeCents: a });
        const higher = assessIncome({ ...base, netMonthlyIncomeCents: b });
        if (higher.outcome === 'eligible') expect(lower.outcome).toBe('eligible');
        expect(lower.percentageOfNorm).toBeLessThanOrEqual(higher.percentageOfNorm);
        expect(lower.normRatioPpm).toBeLessThanOrEqual(higher.normRatioPpm);
      }),
      { numRuns: 500 },
    );
  });

  it('without circumstances, eligible exactly when normRatioPpm is within limit × 10000 (what the funds compare)', () => {
    fc.assert(
      fc.property(arbitraryCheck, ({ composition, limitPercent, normCents, incomes: [a] }) => {
        const result = assessIncome({ composition, circumstances: [], normCents, limitPercent, netMonthlyIncomeCents: a });
        expect(result.outcome === 'eligible').toBe(result.normRatioPpm <= limitPercent * 10_000);
      }),
      { numRuns: 500 },
    );
  });
});

describe('addMonths', () => {
  it.each([
    ['2025-03-14', 12, '2026-03-14'],
    ['2024-02-29', 12, '2025-02-28'], // leap day, next year has none
    ['2025-08-31', 6, '2026-02-28'], // end of month, shorter target month
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-12-15', 1, '2026-01-15'], // over the year end
    ['2025-07-01', 12, '2026-07-01'],
    ['2025-05-31', 0, '2025-05-31'],
    ['2025-03-31', -1, '2025-02-28'],
  ])('%s + %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});
