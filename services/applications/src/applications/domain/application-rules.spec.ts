import type { ItemStatus } from '@fund-desk/contracts';
import { applicationRules } from './application-rules';
import { Application, deriveStatus, IncomeCheckView, RequestedItem } from './application';

const TODAY = new Date('2025-09-01T10:00:00Z');
const KNOWN = ['GM0080', 'GM0772'];
const PROVIDER = { name: 'OBS De Tamarisk', iban: 'NL91ABNA0417164300' };

type RulesInput = Parameters<typeof applicationRules>[0];

/** The example request; given other children, each of them gets a school trip unless items are given too. */
function request(overrides: Partial<RulesInput> = {}): RulesInput {
  const children = overrides.children ?? [{ ref: 'c1', birthDate: '2016-03-14' }];
  return {
    municipalityCode: 'GM0080',
    children,
    items: [...new Set(children.map((c) => c.ref))].map((childRef) => ({ childRef, category: 'school-trip', provider: PROVIDER })),
    ...overrides,
  };
}

const codes = (input: RulesInput) => applicationRules(input, TODAY, KNOWN).map(({ pointer, code }) => ({ pointer, code }));

describe('applicationRules', () => {
  it('finds nothing wrong with the example request', () => {
    expect(applicationRules(request(), TODAY, KNOWN)).toEqual([]);
  });

  it.each(['GM0080', 'GM0772'])('accepts the known municipality %s', (municipalityCode) => {
    expect(codes(request({ municipalityCode }))).toEqual([]);
  });

  it('points at the municipality code when the municipality is not known', () => {
    expect(codes(request({ municipalityCode: 'GM0363' }))).toEqual([{ pointer: '/municipalityCode', code: 'unknownMunicipality' }]);
  });

  it('points at the second child when two children share a ref', () => {
    const children = [
      { ref: 'c1', birthDate: '2016-03-14' },
      { ref: 'c1', birthDate: '2018-05-02' },
    ];
    expect(codes(request({ children }))).toEqual([{ pointer: '/children/1/ref', code: 'duplicateChildRef' }]);
  });

  it('points at the later repeat, not at a child in between', () => {
    const children = [
      { ref: 'c1', birthDate: '2016-03-14' },
      { ref: 'c2', birthDate: '2018-05-02' },
      { ref: 'c1', birthDate: '2019-01-20' },
    ];
    expect(codes(request({ children }))).toEqual([{ pointer: '/children/2/ref', code: 'duplicateChildRef' }]);
  });

  it.each([
    ['2025-09-01', 'born today (age 0)'],
    ['2025-08-31', 'born yesterday'],
    ['2005-09-01', '20 today'],
    ['2004-09-02', '20, turns 21 tomorrow'],
    ['2016-02-29', 'a leap-day birthday'],
  ])('accepts birth date %s (%s)', (birthDate) => {
    expect(codes(request({ children: [{ ref: 'c1', birthDate }] }))).toEqual([]);
  });

  it.each([
    ['2025-09-02', 'tomorrow'],
    ['2026-01-01', 'next year'],
    ['2004-09-01', '21 today'],
    ['1990-05-05', 'an adult'],
    ['not-a-date', 'not a date'],
    ['2015-13-01', 'month 13'],
    ['2015-02-30', '30 February does not exist'],
    ['2015-04-31', '31 April does not exist'],
    ['2019-02-29', '29 February in a year without one'],
  ])('rejects birth date %s (%s)', (birthDate) => {
    const children = [
      { ref: 'c1', birthDate: '2016-03-14' },
      { ref: 'c2', birthDate },
    ];
    expect(codes(request({ children }))).toEqual([{ pointer: '/children/1/birthDate', code: 'birthDatePlausible' }]);
  });

  it('points at a child without any item', () => {
    const children = [
      { ref: 'c1', birthDate: '2016-03-14' },
      { ref: 'c2', birthDate: '2018-05-02' },
    ];
    expect(codes(request({ children, items: [{ childRef: 'c1', category: 'school-trip', provider: PROVIDER }] }))).toEqual([{ pointer: '/children/1', code: 'childWithoutItem' }]);
  });

  it('asks an intermediary for the parent consent, given no later than today', () => {
    const asIntermediary = (input: RulesInput) => applicationRules(input, TODAY, KNOWN, 'intermediary').map(({ pointer, code }) => ({ pointer, code }));
    expect(asIntermediary(request())).toEqual([{ pointer: '/consent/parent', code: 'parentConsentRequired' }]);
    expect(asIntermediary(request({ consent: { parent: { givenOn: '2025-09-02' } } }))).toEqual([{ pointer: '/consent/parent/givenOn', code: 'consentDate' }]);
    expect(asIntermediary(request({ consent: { parent: { givenOn: '2025-09-01' } } }))).toEqual([]);
    expect(codes(request())).toEqual([]); // a parent applies for their own family
  });

  it('points at the item whose child is not in the request', () => {
    const items = [
      { childRef: 'c1', category: 'school-trip', provider: PROVIDER },
      { childRef: 'c9', category: 'school-trip', provider: PROVIDER },
    ];
    expect(codes(request({ items }))).toEqual([{ pointer: '/items/1/childRef', code: 'unknownChild' }]);
  });

  it.each(['school-trip', 'school-supplies', 'bicycle', 'laptop', 'swimming-lessons', 'sports-gear', 'culture-lessons', 'summer-activity'])(
    'a %s item without a provider points at the provider',
    (category) => {
      const items = [
        { childRef: 'c1', category: 'birthday-box' },
        { childRef: 'c1', category },
      ];
      expect(codes(request({ items }))).toEqual([{ pointer: '/items/1/provider', code: 'providerRequired' }]);
    },
  );

  it('a birthday box needs no provider', () => {
    expect(codes(request({ items: [{ childRef: 'c1', category: 'birthday-box' }] }))).toEqual([]);
  });

  it('reports every problem at once, each with its own pointer and a detail', () => {
    const input: RulesInput = {
      municipalityCode: 'GM9999',
      children: [
        { ref: 'c1', birthDate: '2016-03-14' },
        { ref: 'c1', birthDate: '2030-01-01' },
      ],
      items: [
        { childRef: 'c1', category: 'school-trip', provider: PROVIDER },
        { childRef: 'c2', category: 'sports-membership' },
        { childRef: 'c3', category: 'birthday-box' },
      ],
    };
    const problems = applicationRules(input, TODAY, KNOWN);
    expect(problems.map(({ pointer, code }) => ({ pointer, code }))).toEqual([
      { pointer: '/municipalityCode', code: 'unknownMunicipality' },
      { pointer: '/children/1/ref', code: 'duplicateChildRef' },
      { pointer: '/children/1/birthDate', code: 'birthDatePlausible' },
      { pointer: '/items/1/childRef', code: 'unknownChild' },
      { pointer: '/items/1/provider', code: 'providerRequired' },
      { pointer: '/items/2/childRef', code: 'unknownChild' },
    ]);
    for (const problem of problems) expect(problem.detail).toEqual(expect.any(String));
  });

  it('judges age against the given day, not the clock', () => {
    const input = request({ children: [{ ref: 'c1', birthDate: '2004-09-01' }] });
    expect(applicationRules(input, new Date('2025-08-31T12:00:00Z'), KNOWN)).toEqual([]);
    expect(codes(input)).toEqual([{ pointer: '/children/0/birthDate', code: 'birthDatePlausible' }]);
  });
});

describe('deriveStatus', () => {
  const pendingCheck: IncomeCheckView = { status: 'pending', outcome: null, eligible: null, percentageOfNorm: null };
  const completedCheck: IncomeCheckView = { status: 'completed', outcome: 'eligible', eligible: true, percentageOfNorm: 105.9 };

  function itemWith(status: ItemStatus, n = 1): RequestedItem {
    return {
      itemId: `i${n}`,
      childRef: 'c1',
      category: 'school-trip',
      amountCents: 4500,
      status,
      fundId: null,
      fundName: null,
      reason: null,
    };
  }

  function status(items: ItemStatus[], incomeCheck: IncomeCheckView, current: Application['status'] = 'submitted') {
    return deriveStatus({ items: items.map((s, n) => itemWith(s, n)), incomeCheck, status: current });
  }

  it.each<[string, ItemStatus[], IncomeCheckView, Application['status'], Application['status']]>([
    ['just submitted', ['pending', 'pending'], pendingCheck, 'submitted', 'submitted'],
    ['income checked, nothing routed yet', ['pending', 'pending'], completedCheck, 'submitted', 'in-progress'],
    ['one item routed', ['routed', 'pending'], pendingCheck, 'submitted', 'in-progress'],
    ['one fulfilled, one waiting for information', ['fulfilled', 'information-requested'], completedCheck, 'in-progress', 'in-progress'],
    ['one approved, one declined', ['approved', 'declined'], completedCheck, 'in-progress', 'in-progress'],
    ['all fulfilled', ['fulfilled', 'fulfilled'], completedCheck, 'in-progress', 'completed'],
    ['every item ended one way or another', ['fulfilled', 'declined', 'unroutable', 'not-eligible', 'withdrawn'], completedCheck, 'in-progress', 'completed'],
    ['all not eligible', ['not-eligible'], completedCheck, 'in-progress', 'completed'],
    ['withdrawn stays withdrawn', ['pending'], pendingCheck, 'withdrawn', 'withdrawn'],
    ['withdrawn stays withdrawn even when items ended', ['fulfilled'], completedCheck, 'withdrawn', 'withdrawn'],
  ])('%s → %s', (_, items, incomeCheck, current, expected) => {
    expect(status(items, incomeCheck, current)).toBe(expected);
  });
});
