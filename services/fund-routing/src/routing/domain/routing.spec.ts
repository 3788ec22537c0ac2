import type { Category, Circumstance } from '@fund-desk/contracts';
import { Fund, SEED_FUNDS } from './fund';
import { ageOn, MismatchReason, mismatch, routeItem, RoutingInput } from './routing';

const LEEUWARDEN = 'GM0080';
const EINDHOVEN = 'GM0772';
const AMSTERDAM = 'GM0363'; // not in the seed catalogue

const PERCENT = 10_000; // ppm per percent

const MISMATCH_REASONS: MismatchReason[] = [
  'inactive',
  'municipality-not-served',
  'category-not-covered',
  'age-out-of-range',
  'income-above-limit',
  'amount-above-limit',
  'safety-net-not-needed',
];

function item(overrides: Partial<RoutingInput> = {}): RoutingInput {
  return {
    municipalityCode: LEEUWARDEN,
    category: 'school-trip',
    amountCents: 2500,
    childAge: 10,
    normRatioPpm: 100 * PERCENT,
    circumstances: [],
    ...overrides,
  };
}

function route(overrides: Partial<RoutingInput> = {}, funds: Fund[] = SEED_FUNDS) {
  return routeItem(funds, item(overrides));
}

function fundIdFor(overrides: Partial<RoutingInput>, funds: Fund[] = SEED_FUNDS): string | null {
  return route(overrides, funds).fund?.id ?? null;
}

function reasonOf(fundId: string, overrides: Partial<RoutingInput>, funds: Fund[] = SEED_FUNDS): string | undefined {
  return route(overrides, funds).explanation.find((v) => v.fundId === fundId)?.reason;
}

function seedFund(id: string): Fund {
  const fund = SEED_FUNDS.find((f) => f.id === id);
  if (!fund) throw new Error(`no seed fund ${id}`);
  return fund;
}

describe('routeItem: each category in each catalogue municipality (10-year-old, 100% of the norm, €25)', () => {
  const expected = (town: 'leeuwarden' | 'eindhoven'): [Category, string][] => [
    ['school-trip', `leergeld-${town}`],
    ['school-supplies', `leergeld-${town}`],
    ['bicycle', `leergeld-${town}`],
    ['laptop', 'kinderhulp'], // Leergeld pays a laptop from age 11
    ['swimming-lessons', 'jeugdfonds-sport-cultuur'],
    ['sports-membership', 'jeugdfonds-sport-cultuur'],
    ['sports-gear', 'jeugdfonds-sport-cultuur'],
    ['culture-lessons', 'jeugdfonds-sport-cultuur'],
    ['birthday-box', 'jarige-job'],
    ['summer-activity', 'kinderhulp'],
  ];
  const cases = [
    ...expected('leeuwarden').map(([category, fundId]) => ({ municipalityCode: LEEUWARDEN, category, fundId })),
    ...expected('eindhoven').map(([category, fundId]) => ({ municipalityCode: EINDHOVEN, category, fundId })),
  ];

  it.each(cases)('$category in $municipalityCode goes to $fundId', ({ municipalityCode, category, fundId }) => {
    expect(fundIdFor({ municipalityCode, category })).toBe(fundId);
  });

  it('a laptop at 10 is not for Leergeld because of age, so the safety net takes it', () => {
    expect(reasonOf('leergeld-leeuwarden', { category: 'laptop' })).toBe('age-out-of-range');
    expect(reasonOf('kinderhulp', { category: 'laptop' })).toBe('safety-net');
  });

  it.each<[Category, string | null]>([
    ['school-trip', 'kinderhulp'],
    ['laptop', 'kinderhulp'],
    ['swimming-lessons', 'kinderhulp'],
    ['culture-lessons', 'kinderhulp'],
    ['birthday-box', 'jarige-job'],
    ['summer-activity', 'kinderhulp'],
  ])('outside the catalogue (GM0363) %s goes to the national fund %s', (category, fundId) => {
    const decision = route({ municipalityCode: AMSTERDAM, category, childAge: 12 });
    expect(decision.fund?.id ?? null).toBe(fundId);
    for (const local of ['leergeld-leeuwarden', 'leergeld-eindhoven', 'jeugdfonds-sport-cultuur']) {
      expect(decision.explanation.find((v) => v.fundId === local)).toEqual({
        fundId: local,
        fits: false,
        reason: 'municipality-not-served',
      });
    }
  });
});

describe('routeItem: age limits', () => {
  it.each<[string, Partial<RoutingInput>, string | null]>([
    ['leergeld below 4', { category: 'school-trip', childAge: 3 }, 'kinderhulp'],
    ['leergeld at 4', { category: 'school-trip', childAge: 4 }, 'leergeld-leeuwarden'],
    ['leergeld at 17', { category: 'school-trip', childAge: 17 }, 'leergeld-leeuwarden'],
    ['leergeld at 18', { category: 'school-trip', childAge: 18 }, 'kinderhulp'],
    ['leergeld Eindhoven at 18', { municipalityCode: EINDHOVEN, category: 'school-supplies', childAge: 18 }, 'kinderhulp'],
    ['bicycle at 5', { category: 'bicycle', childAge: 5 }, 'kinderhulp'],
    ['bicycle at 6', { category: 'bicycle', childAge: 6 }, 'leergeld-leeuwarden'],
    ['laptop at 10', { category: 'laptop', childAge: 10 }, 'kinderhulp'],
    ['laptop at 11', { category: 'laptop', childAge: 11 }, 'leergeld-leeuwarden'],
    ['laptop at 17', { category: 'laptop', childAge: 17 }, 'leergeld-leeuwarden'],
    ['jeugdfonds at 3', { category: 'sports-membership', childAge: 3 }, 'kinderhulp'],
    ['jeugdfonds at 4', { category: 'sports-membership', childAge: 4 }, 'jeugdfonds-sport-cultuur'],
    ['jeugdfonds at 17', { category: 'sports-membership', childAge: 17 }, 'jeugdfonds-sport-cultuur'],
    ['jeugdfonds at 18', { category: 'sports-membership', childAge: 18 }, 'kinderhulp'],
    ['jarige-job at 0', { category: 'birthday-box', childAge: 0 }, null],
    ['jarige-job at 1', { category: 'birthday-box', childAge: 1 }, 'jarige-job'],
    ['jarige-job at 12', { category: 'birthday-box', childAge: 12 }, 'jarige-job'],
    ['jarige-job at 13', { category: 'birthday-box', childAge: 13 }, null],
    ['kinderhulp at 0', { category: 'summer-activity', childAge: 0 }, 'kinderhulp'],
    ['kinderhulp at 20', { category: 'summer-activity', childAge: 20 }, 'kinderhulp'],
    ['kinderhulp at 21', { category: 'summer-activity', childAge: 21 }, null],
  ])('%s → %s', (_, overrides, fundId) => {
    expect(fundIdFor(overrides)).toBe(fundId);
  });

  it.each<[Partial<RoutingInput>, string]>([
    [{ category: 'school-trip', childAge: 3 }, 'leergeld-leeuwarden'],
    [{ category: 'school-trip', childAge: 18 }, 'leergeld-leeuwarden'],
    [{ category: 'bicycle', childAge: 5 }, 'leergeld-leeuwarden'],
    [{ category: 'laptop', childAge: 10 }, 'leergeld-leeuwarden'],
    [{ category: 'birthday-box', childAge: 0 }, 'jarige-job'],
    [{ category: 'birthday-box', childAge: 13 }, 'jarige-job'],
    [{ category: 'summer-activity', childAge: 21 }, 'kinderhulp'],
  ])('%o: %s says age-out-of-range', (overrides, fundId) => {
    expect(reasonOf(fundId, overrides)).toBe('age-out-of-range');
  });
});

describe('routeItem: income limits per fund', () => {
  it.each<[string, Partial<RoutingInput>, string | null]>([
    ['leergeld Leeuwarden exactly at 120%', { normRatioPpm: 1_200_000 }, 'leergeld-leeuwarden'],
    ['leergeld Leeuwarden just above 120%', { normRatioPpm: 1_200_001 }, 'kinderhulp'],
    ['kinderhulp exactly at 130%', { normRatioPpm: 1_300_000 }, 'kinderhulp'],
    ['kinderhulp just above 130%', { normRatioPpm: 1_300_001 }, null],
    ['leergeld Eindhoven at 125%', { municipalityCode: EINDHOVEN, normRatioPpm: 1_250_000 }, 'leergeld-eindhoven'],
    ['leergeld Eindhoven exactly at 130%', { municipalityCode: EINDHOVEN, normRatioPpm: 1_300_000 }, 'leergeld-eindhoven'],
    ['leergeld Eindhoven just above 130%', { municipalityCode: EINDHOVEN, normRatioPpm: 1_300_001 }, null],
    ['jeugdfonds exactly at 120%', { category: 'culture-lessons', normRatioPpm: 1_200_000 }, 'jeugdfonds-sport-cultuur'],
    ['jeugdfonds just above 120%', { category: 'culture-lessons', normRatioPpm: 1_200_001 }, 'kinderhulp'],
    ['jarige-job exactly at 120%', { category: 'birthday-box', normRatioPpm: 1_200_000 }, 'jarige-job'],
    ['jarige-job just above 120%', { category: 'birthday-box', normRatioPpm: 1_200_001 }, null],
    ['jarige-job at 150% with food bank', { category: 'birthday-box', normRatioPpm: 1_500_000, circumstances: ['food-bank'] }, 'jarige-job'],
    ['jarige-job at 150% with debt relief', { category: 'birthday-box', normRatioPpm: 1_500_000, circumstances: ['debt-relief'] }, 'jarige-job'],
    ['jarige-job at 150% with social assistance', { category: 'birthday-box', normRatioPpm: 1_500_000, circumstances: ['social-assistance'] }, 'jarige-job'],
    ['summer activity at 130%', { category: 'summer-activity', normRatioPpm: 1_300_000 }, 'kinderhulp'],
    ['summer activity just above 130%', { category: 'summer-activity', normRatioPpm: 1_300_001 }, null],
    ['leergeld does not take debt relief above 120% (kinderhulp does not either above 130%)', { normRatioPpm: 1_350_000, circumstances: ['debt-relief'] }, null],
    ['leergeld does not take debt relief at 125%: kinderhulp within its own 130%', { normRatioPpm: 1_250_000, circumstances: ['debt-relief'] }, 'kinderhulp'],
    ['kinderhulp does not take a food bank above 130%', { category: 'summer-activity', normRatioPpm: 1_500_000, circumstances: ['food-bank'] }, null],
    ['social assistance qualifies for leergeld at any income', { normRatioPpm: 2_000_000, circumstances: ['social-assistance'] }, 'leergeld-leeuwarden'],
  ])('%s → %s', (_, overrides, fundId) => {
    expect(fundIdFor(overrides)).toBe(fundId);
  });

  it('just above 120% in Leeuwarden the explanation says Leergeld is out on income', () => {
    expect(reasonOf('leergeld-leeuwarden', { normRatioPpm: 1_200_001 })).toBe('income-above-limit');
    expect(reasonOf('kinderhulp', { normRatioPpm: 1_200_001 })).toBe('safety-net');
  });

  it.each<[string, Category]>([
    [LEEUWARDEN, 'school-trip'],
    [LEEUWARDEN, 'laptop'],
    [LEEUWARDEN, 'sports-membership'],
    [LEEUWARDEN, 'birthday-box'],
    [EINDHOVEN, 'school-supplies'],
    [EINDHOVEN, 'culture-lessons'],
    [EINDHOVEN, 'summer-activity'],
    [AMSTERDAM, 'bicycle'],
  ])('above 130%% without a circumstance, nothing fits in %s for %s and every fund says why', (municipalityCode, category) => {
    const decision = route({ municipalityCode, category, childAge: 12, normRatioPpm: 1_300_001 });
    expect(decision.fund).toBeNull();
    expect(decision.explanation.map((v) => v.fundId).sort()).toEqual(SEED_FUNDS.map((f) => f.id).sort());
    for (const verdict of decision.explanation) {
      expect(verdict.fits).toBe(false);
      expect(MISMATCH_REASONS).toContain(verdict.reason);
      expect(verdict.reason).not.toBe('safety-net-not-needed');
    }
    // the national fund that covers the category says it is the income
    const national = category === 'birthday-box' ? 'jarige-job' : 'kinderhulp';
    expect(decision.explanation.find((v) => v.fundId === national)?.reason).toBe('income-above-limit');
  });

  it('above 130% in Leeuwarden for a school trip, the explanation names each reason', () => {
    expect(route({ normRatioPpm: 1_300_001 }).explanation).toEqual([
      { fundId: 'leergeld-eindhoven', fits: false, reason: 'municipality-not-served' },
      { fundId: 'leergeld-leeuwarden', fits: false, reason: 'income-above-limit' },
      { fundId: 'jeugdfonds-sport-cultuur', fits: false, reason: 'category-not-covered' },
      { fundId: 'jarige-job', fits: false, reason: 'category-not-covered' },
      { fundId: 'kinderhulp', fits: false, reason: 'income-above-limit' },
    ]);
  });
});

describe('routeItem: amount limits', () => {
  it.each<[string, Partial<RoutingInput>, string | null]>([
    ['leergeld €275 at 11', { childAge: 11, amountCents: 27500 }, 'leergeld-leeuwarden'],
    ['leergeld €275.01 at 11 → safety net', { childAge: 11, amountCents: 27501 }, 'kinderhulp'],
    ['leergeld €275 at 4', { childAge: 4, amountCents: 27500 }, 'leergeld-leeuwarden'],
    ['leergeld €500.01 at 11 → too much for both', { childAge: 11, amountCents: 50001 }, null],
    ['leergeld €275.01 at 12 (secondary school)', { childAge: 12, amountCents: 27501 }, 'leergeld-leeuwarden'],
    ['leergeld €790 at 12', { childAge: 12, amountCents: 79000 }, 'leergeld-leeuwarden'],
    ['leergeld €790 at 17', { childAge: 17, amountCents: 79000 }, 'leergeld-leeuwarden'],
    ['leergeld €790.01 at 12 → above kinderhulp too', { childAge: 12, amountCents: 79001 }, null],
    ['leergeld Eindhoven laptop €790 at 14', { municipalityCode: EINDHOVEN, category: 'laptop', childAge: 14, amountCents: 79000 }, 'leergeld-eindhoven'],
    ['sport membership €300', { category: 'sports-membership', amountCents: 30000 }, 'jeugdfonds-sport-cultuur'],
    ['sport membership €300.01', { category: 'sports-membership', amountCents: 30001 }, 'kinderhulp'],
    ['swimming lessons €300', { category: 'swimming-lessons', amountCents: 30000 }, 'jeugdfonds-sport-cultuur'],
    ['swimming lessons €300.01', { category: 'swimming-lessons', amountCents: 30001 }, 'kinderhulp'],
    ['culture lessons €450', { category: 'culture-lessons', amountCents: 45000 }, 'jeugdfonds-sport-cultuur'],
    ['culture lessons €450.01', { category: 'culture-lessons', amountCents: 45001 }, 'kinderhulp'],
    ['sports gear €100', { category: 'sports-gear', amountCents: 10000 }, 'jeugdfonds-sport-cultuur'],
    ['sports gear €100.01', { category: 'sports-gear', amountCents: 10001 }, 'kinderhulp'],
    ['culture lessons €500.01 → no fund', { category: 'culture-lessons', amountCents: 50001 }, null],
    ['summer activity €500', { category: 'summer-activity', amountCents: 50000 }, 'kinderhulp'],
    ['summer activity €500.01', { category: 'summer-activity', amountCents: 50001 }, null],
    ['birthday box €35', { category: 'birthday-box', amountCents: 3500 }, 'jarige-job'],
  ])('%s → %s', (_, overrides, fundId) => {
    expect(fundIdFor(overrides)).toBe(fundId);
  });

  it('€275.01 at 11 is out for Leergeld on the amount', () => {
    expect(reasonOf('leergeld-leeuwarden', { childAge: 11, amountCents: 27501 })).toBe('amount-above-limit');
  });

  it('a gear voucher above €100 is out for the Jeugdfonds on the amount', () => {
    expect(reasonOf('jeugdfonds-sport-cultuur', { category: 'sports-gear', amountCents: 10001 })).toBe('amount-above-limit');
  });
});

describe('routeItem: priority and explanation', () => {
  it('lists every fund once, in priority order, with fits only for the chosen one', () => {
    expect(route().explanation).toEqual([
      { fundId: 'leergeld-eindhoven', fits: false, reason: 'municipality-not-served' },
      { fundId: 'leergeld-leeuwarden', fits: true, reason: 'first-fit-by-priority' },
      { fundId: 'jeugdfonds-sport-cultuur', fits: false, reason: 'lower-priority' },
      { fundId: 'jarige-job', fits: false, reason: 'lower-priority' },
      { fundId: 'kinderhulp', fits: false, reason: 'safety-net-not-needed' },
    ]);
  });

  it.each<Partial<RoutingInput>>([
    {},
    { category: 'laptop' },
    { category: 'sports-gear', municipalityCode: EINDHOVEN },
    { category: 'birthday-box' },
    { category: 'summer-activity' },
    { normRatioPpm: 1_300_001 },
  ])('for %o each fund appears exactly once and at most one fits', (overrides) => {
    const decision = route(overrides);
    const ids = decision.explanation.map((v) => v.fundId);
    expect(new Set(ids).size).toBe(SEED_FUNDS.length);
    expect(ids).toHaveLength(SEED_FUNDS.length);
    const fitting = decision.explanation.filter((v) => v.fits);
    expect(fitting.map((v) => v.fundId)).toEqual(decision.fund ? [decision.fund.id] : []);
    // every fund after the chosen one says it was not needed
    const chosenAt = ids.indexOf(decision.fund?.id ?? '');
    if (chosenAt >= 0) {
      for (const verdict of decision.explanation.slice(chosenAt + 1)) {
        expect(['lower-priority', 'safety-net-not-needed']).toContain(verdict.reason);
      }
    }
  });

  it('the order in which the catalogue is stored does not change the choice', () => {
    const reversed = [...SEED_FUNDS].reverse();
    for (const category of ['school-trip', 'culture-lessons', 'birthday-box', 'summer-activity'] as Category[]) {
      expect(routeItem(reversed, item({ category }))).toEqual(routeItem(SEED_FUNDS, item({ category })));
    }
    // and the caller's array is not reordered
    expect(reversed.map((f) => f.id)).toEqual([...SEED_FUNDS].reverse().map((f) => f.id));
  });

  it('a local fund goes before a national fund that also fits', () => {
    const nationalTrips: Fund = {
      ...seedFund('kinderhulp'),
      id: 'landelijk-schoolreisfonds',
      name: 'Landelijk Schoolreisfonds',
      categories: ['school-trip'],
      priority: 100,
      safetyNet: false,
    };
    const funds = [...SEED_FUNDS, nationalTrips];
    expect(fundIdFor({}, funds)).toBe('leergeld-leeuwarden');
    expect(reasonOf('landelijk-schoolreisfonds', {}, funds)).toBe('lower-priority');
    // where no local fund serves, the national fund goes before the safety net
    expect(fundIdFor({ municipalityCode: AMSTERDAM }, funds)).toBe('landelijk-schoolreisfonds');
    expect(reasonOf('kinderhulp', { municipalityCode: AMSTERDAM }, funds)).toBe('safety-net-not-needed');
  });

  it('kinderhulp is chosen only when no other fund fits, with reason safety-net', () => {
    expect(route({ category: 'summer-activity' }).explanation.at(-1)).toEqual({
      fundId: 'kinderhulp',
      fits: true,
      reason: 'safety-net',
    });
  });
});

describe('routeItem: inactive funds', () => {
  it('skips an inactive fund with reason inactive and moves on to the next', () => {
    const funds = SEED_FUNDS.map((f) => (f.id === 'leergeld-leeuwarden' ? { ...f, active: false } : f));
    const decision = routeItem(funds, item());
    expect(decision.fund?.id).toBe('kinderhulp');
    expect(decision.explanation.find((v) => v.fundId === 'leergeld-leeuwarden')).toEqual({
      fundId: 'leergeld-leeuwarden',
      fits: false,
      reason: 'inactive',
    });
    // the seed catalogue itself is untouched
    expect(seedFund('leergeld-leeuwarden').active).toBe(true);
  });

  it('with the safety net inactive, a summer activity has no fund', () => {
    const funds = SEED_FUNDS.map((f) => (f.id === 'kinderhulp' ? { ...f, active: false } : f));
    const decision = routeItem(funds, item({ category: 'summer-activity' }));
    expect(decision.fund).toBeNull();
    expect(decision.explanation.find((v) => v.fundId === 'kinderhulp')?.reason).toBe('inactive');
  });
});

describe('mismatch', () => {
  const leergeld = seedFund('leergeld-leeuwarden');

  it.each<[string, Fund, Partial<RoutingInput>, MismatchReason | null]>([
    ['fits', leergeld, {}, null],
    ['inactive wins over everything else', { ...leergeld, active: false }, { municipalityCode: AMSTERDAM }, 'inactive'],
    ['another municipality', leergeld, { municipalityCode: EINDHOVEN }, 'municipality-not-served'],
    ['category not covered', leergeld, { category: 'sports-gear' }, 'category-not-covered'],
    ['too young', leergeld, { childAge: 3 }, 'age-out-of-range'],
    ['too old', leergeld, { childAge: 18 }, 'age-out-of-range'],
    ['income above', leergeld, { normRatioPpm: 1_200_001 }, 'income-above-limit'],
    ['income above but social assistance', leergeld, { normRatioPpm: 1_500_000, circumstances: ['social-assistance'] as Circumstance[] }, null],
    ['amount above', leergeld, { amountCents: 27501 }, 'amount-above-limit'],
    ['national fund anywhere', seedFund('jarige-job'), { municipalityCode: AMSTERDAM, category: 'birthday-box' }, null],
  ])('%s → %s', (_, fund, overrides, reason) => {
    expect(mismatch(fund, item(overrides))).toBe(reason);
  });
});

describe('ageOn', () => {
  it.each([
    ['2015-09-01', '2025-09-01', 10], // birthday today counts
    ['2015-09-01', '2025-08-31', 9], // the day before does not
    ['2015-09-02', '2025-09-01', 9],
    ['2015-12-31', '2026-01-01', 10],
    ['2015-01-01', '2025-12-31', 10],
    ['2025-09-01', '2025-09-01', 0], // born today
    ['2016-02-29', '2024-02-29', 8], // leap-day birthday in a leap year
    ['2016-02-29', '2024-02-28', 7],
    ['2016-02-29', '2025-02-28', 8], // no 29 February: not yet on the 28th
    ['2016-02-29', '2025-03-01', 9], // but on 1 March
  ])('born %s, on %s: %i years old', (birthDate, onDate, age) => {
    expect(ageOn(birthDate, onDate)).toBe(age);
  });
});
