import { candidateMarkers, Effect, newRequest, onErased, onRequestEvent, onSubmitted, RequestState } from './aggregation';
import { percentileDays } from './percentiles';
import { periodsOf } from './periods';

const at = '2025-09-02T10:00:00.000Z';
const facts = {
  applicationId: 'a1',
  municipalityCode: 'GM9001',
  area: '8921',
  submittedAt: at,
  periods: periodsOf(new Date(at)),
  children: { c1: 'h1', c2: 'h2' },
  items: [{ category: 'school-trip' as const }, { category: 'birthday-box' as const }],
};
const ref = { requestId: 'r1', applicationId: 'a1', childRef: 'c1', category: 'school-trip' as const };
const later = (days: number) => new Date(Date.parse(at) + days * 86_400_000).toISOString();

function run(state: RequestState, markers: Set<string>, ...steps: [Parameters<typeof onRequestEvent>[2], string][]) {
  const effects: Effect[] = [];
  for (const [fact, when] of steps) {
    const effect = onRequestEvent(onSubmitted(facts, new Set()).application!, state, fact, when, markers);
    effect.markers.forEach((m) => markers.add(m));
    state = effect.request!;
    effects.push(effect);
  }
  const total: Record<string, number> = {};
  for (const e of effects) for (const [k, v] of Object.entries(e.all)) total[k] = (total[k] ?? 0) + v;
  return { state, effects, total };
}

describe('aggregation', () => {
  it('counts an application, its needs per category and its distinct children per period kind', () => {
    const effect = onSubmitted(facts, new Set());
    expect(effect.all).toEqual({ applications: 1, 'needs.requested': 2, 'categories.school-trip.requested': 1, 'categories.birthday-box.requested': 1 });
    expect(effect.perKind.month).toEqual({ childrenApplied: 2 });
    expect(effect.markers).toHaveLength(6);
    // The same children already counted this period (another application): not again.
    const again = onSubmitted({ ...facts, applicationId: 'a2' }, new Set(effect.markers));
    expect(again.perKind).toEqual({});
  });

  it('follows a need through routing, a decline with reroute, approval (less than asked) and fulfilment: funnel, funds, money, reach, timing', () => {
    const { total, effects, state } = run(
      newRequest(ref),
      new Set(),
      [{ type: 'routed', fundId: 'f1', amountCents: 5000 }, later(0)],
      [{ type: 'decided', decision: 'declined', fundId: 'f1', amountCents: 5000, reasonCode: 'budget-exhausted', rerouted: true }, later(2)],
      [{ type: 'rerouted', fundId: 'f2', amountCents: 5000 }, later(2)],
      [{ type: 'decided', decision: 'approved', fundId: 'f2', amountCents: 4000, rerouted: false }, later(5)],
      [{ type: 'fulfilled', fundId: 'f2' }, later(9)],
    );
    expect(total).toEqual({
      'needs.routed': 1,
      'categories.school-trip.routed': 1,
      'funds.f1.routed': 1,
      'funds.f1.reservedCents': 0,
      'funds.f1.declined': 1,
      'declines.f1.budget-exhausted': 1,
      'decisionDays.d2': 1,
      'funds.f2.routed': 1,
      'funds.f2.reservedCents': 0,
      'funds.f2.approved': 1,
      'needs.approved': 1,
      'categories.school-trip.approved': 1,
      'funds.f2.spentCents': 4000,
      'funds.f2.fulfilled': 1,
      'needs.fulfilled': 1,
      'categories.school-trip.fulfilled': 1,
      'fulfilmentDays.d9': 1,
    });
    // The child is reached once, at the approval; fulfilment does not count it again.
    expect(effects[3].perKind['school-year']).toEqual({ childrenReached: 1 });
    expect(effects[3].perKind.month).toEqual({ childrenReached: 1, childrenFirstReachedInSchoolYear: 1 });
    expect(effects[4].perKind).toEqual({});
    expect(state).toMatchObject({ fundId: 'f2', heldCents: 0, approved: true, fulfilled: true });
  });

  it('a final decline counts once, a reopen takes it back and reserves again; a withdrawal releases', () => {
    const { total } = run(
      newRequest(ref),
      new Set(),
      [{ type: 'routed', fundId: 'f1', amountCents: 3000 }, later(0)],
      [{ type: 'decided', decision: 'declined', fundId: 'f1', amountCents: 3000, reasonCode: 'not-covered', rerouted: false }, later(1)],
      [{ type: 'reopened', fundId: 'f1' }, later(3)],
      [{ type: 'withdrawn', fundId: 'f1' }, later(4)],
    );
    expect(total).toMatchObject({ 'needs.declined': 0, 'funds.f1.reservedCents': 0, 'needs.withdrawn': 1, 'funds.f1.withdrawn': 1, 'funds.f1.reopened': 1 });
  });

  it('an unroutable need counts once, by why', () => {
    const { total } = run(newRequest(ref), new Set(), [{ type: 'unroutable', outcome: 'no-fund-fits' }, later(0)], [{ type: 'unroutable', outcome: 'no-fund-fits' }, later(0)]);
    expect(total).toEqual({ 'needs.unroutable': 1, 'categories.school-trip.unroutable': 1, 'unroutable.no-fund-fits': 1 });
  });

  it('erasure keeps the aggregates and drops the child hashes and their markers', () => {
    const app = onSubmitted(facts, new Set()).application!;
    const effect = onErased(app);
    expect(effect.all).toEqual({});
    expect(effect.application!.children).toEqual({ c1: null, c2: null });
    expect(effect.dropMarkers.sort()).toEqual(candidateMarkers(app).sort());
  });

  it('takes percentiles from a day histogram', () => {
    expect(percentileDays({ d1: 5, d3: 4, d10: 1 }, 0.5)).toBe(1);
    expect(percentileDays({ d1: 5, d3: 4, d10: 1 }, 0.9)).toBe(3);
    expect(percentileDays({ d1: 5, d3: 4, d10: 1 }, 0.95)).toBe(10);
    expect(percentileDays({}, 0.5)).toBeNull();
  });
});
