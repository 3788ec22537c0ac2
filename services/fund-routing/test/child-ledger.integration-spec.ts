import mongoose, { Connection } from 'mongoose';
import { openDocumentStore, type OpenedDocumentStore } from '@fund-desk/platform';
import { stack, uniqueId } from '@fund-desk/testing';
import { BudgetLedger } from '../src/routing/infrastructure/budget-ledger';
import { ChildLedger } from '../src/routing/infrastructure/child-ledger';
import { BudgetSchema, ChildLimitsSchema, ChildNeedSchema, ReservationSchema } from '../src/routing/infrastructure/routing.schemas';
import { SEED_FUNDS } from '../src/routing/domain/fund';
import { BudgetedRouting } from '../src/routing/use-cases/route-application/budgeted-routing';
import type { RoutingInput } from '../src/routing/domain/routing';

const childKey = () => uniqueId('child').padEnd(64, '0').slice(0, 64);
const leergeld = SEED_FUNDS.find((f) => f.id === 'leergeld-leeuwarden')!;
const kinderhulp = SEED_FUNDS.find((f) => f.id === 'kinderhulp')!;

/** Per-child limits and duplicate needs against the real database, connected as the service is. */
describe('child ledger: per-child limits and duplicate needs', () => {
  let connection: Connection;
  let kit: OpenedDocumentStore;
  let children: ChildLedger;
  let routing: BudgetedRouting;

  beforeAll(async () => {
    connection = await mongoose.createConnection(stack.mongoUrl, { dbName: uniqueId('child-ledger'), maxPoolSize: 1 }).asPromise();
    kit = await openDocumentStore(connection.db!, stack.redisUrl);
    const store = kit.store;
    children = new ChildLedger(connection.model<unknown>('ChildLimits', ChildLimitsSchema), connection.model<unknown>('ChildNeed', ChildNeedSchema), store);
    routing = new BudgetedRouting(new BudgetLedger(connection.model<unknown>('FundBudget', BudgetSchema), connection.model<unknown>('FundReservation', ReservationSchema), store), children);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await kit.close();
    await connection.close();
  });

  const trip = (amountCents: number, childAge = 10): RoutingInput => ({
    municipalityCode: 'GM0080',
    category: 'school-trip',
    amountCents,
    childAge,
    normRatioPpm: 1_000_000,
    circumstances: [],
  });

  it("never gives one child more than a fund's yearly amount, also when many requests arrive at once", async () => {
    const child = childKey();
    // Leergeld gives a 10-year-old €275 a year; Kinderhulp, the safety net, €500. Twelve €100 trips at once.
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => routing.route(SEED_FUNDS, trip(10_000), { requestId: `${child}-trip-${i}`, year: 2026, childKey: child })),
    );
    const byFund = (id: string | undefined) => results.filter((r) => r.fund?.id === id).length;
    expect(byFund('leergeld-leeuwarden')).toBe(2); // €200 of €275: a third €100 would be €300
    expect(byFund('kinderhulp')).toBe(5); // €500 of €500
    expect(byFund(undefined)).toBe(5);
    const refused = results.find((r) => !r.fund)!;
    expect(refused.explanation).toEqual(
      expect.arrayContaining([
        { fundId: 'leergeld-leeuwarden', fits: false, reason: 'child-amount-reached' },
        { fundId: 'kinderhulp', fits: false, reason: 'child-amount-reached' },
      ]),
    );
    // Another child is not touched by this child's limits; the next year starts again.
    expect((await routing.route(SEED_FUNDS, trip(27_500), { requestId: uniqueId('other'), year: 2026, childKey: childKey() })).fund?.id).toBe('leergeld-leeuwarden');
    expect((await routing.route(SEED_FUNDS, trip(27_500), { requestId: uniqueId('next-year'), year: 2027, childKey: child })).fund?.id).toBe('leergeld-leeuwarden');
  });

  it('gives the room back when a request is declined or moves on', async () => {
    const child = childKey();
    const first = await routing.route([leergeld], trip(27_500), { requestId: `${child}-a`, year: 2026, childKey: child });
    expect(first.fund?.id).toBe('leergeld-leeuwarden');
    expect((await routing.route([leergeld], trip(100), { requestId: `${child}-b`, year: 2026, childKey: child })).fund).toBeNull();
    await routing.release('leergeld-leeuwarden', { requestId: `${child}-a`, year: 2026, childKey: child });
    expect((await routing.route([leergeld], trip(100), { requestId: `${child}-b`, year: 2026, childKey: child })).fund?.id).toBe('leergeld-leeuwarden');
  });

  it('holds a reopened request at its fund past the budget and the child limit, and says which had no room', async () => {
    const child = childKey();
    const small = { ...leergeld, id: uniqueId('leergeld-small'), yearlyBudgetCents: 20_000 };
    const first = await routing.route([small], trip(20_000), { requestId: `${child}-a`, year: 2026, childKey: child });
    expect(first.fund?.id).toBe(small.id);
    // An objection reopens a €100 trip there: €300 for the child is over €275, €300 over the €200 budget.
    const context = { requestId: `${child}-b`, year: 2026, childKey: child };
    expect(await routing.reserveRegardless(small, { category: 'school-trip', childAge: 10, amountCents: 10_000 }, context)).toEqual(['child-amount-reached', 'budget-exhausted']);
    expect(await routing.reserveRegardless(small, { category: 'school-trip', childAge: 10, amountCents: 10_000 }, context)).toEqual([]); // redelivered: held already
    const ledger = new BudgetLedger(connection.model<unknown>('FundBudget', BudgetSchema), connection.model<unknown>('FundReservation', ReservationSchema), kit.store);
    expect(await ledger.view(small.id, 2026, 20_000)).toMatchObject({ reservedCents: 30_000, leftCents: -10_000 });
    // Declined again: both go back, and a €75 trip fits again.
    await routing.release(small.id, context);
    expect(await ledger.view(small.id, 2026, 20_000)).toMatchObject({ reservedCents: 20_000 });
    expect(await children.reserve(small, child, `${child}-c`, { category: 'school-trip', childAge: 10, amountCents: 7_500, year: 2026 })).toBeNull();
  });

  it('pays a bicycle once per 5 years: again in the fifth year after, not in the fourth', async () => {
    const child = childKey();
    const bicycle = (year: number) =>
      routing.route([leergeld], { ...trip(20_000, 13), category: 'bicycle' }, { requestId: `${child}-bike-${year}`, year, childKey: child });
    expect((await bicycle(2026)).fund?.id).toBe('leergeld-leeuwarden');
    const again = await bicycle(2030);
    expect(again.fund).toBeNull();
    expect(again.explanation).toEqual([{ fundId: 'leergeld-leeuwarden', fits: false, reason: 'child-count-reached' }]);
    expect((await bicycle(2031)).fund?.id).toBe('leergeld-leeuwarden');
  });

  it('is idempotent per request: routing the same request again reserves nothing more', async () => {
    const child = childKey();
    const context = { requestId: `${child}-x`, year: 2026, childKey: child };
    for (let i = 0; i < 3; i++) expect((await routing.route([kinderhulp], trip(50_000), context)).fund?.id).toBe('kinderhulp');
    expect((await routing.route([kinderhulp], trip(1), { ...context, requestId: `${child}-y` })).fund).toBeNull();
  });

  it('lets one request hold a need; a second one for the same child, need and year is a duplicate until the first ends', async () => {
    const child = childKey();
    const live = new Set<string>();
    const isLive = async (id: string) => (live.has(id) ? true : false);
    expect(await children.claimNeed(child, 'bicycle', 2026, 'first', isLive)).toBeNull();
    live.add('first');
    expect(await children.claimNeed(child, 'bicycle', 2026, 'first', isLive)).toBeNull(); // the same request again
    expect(await children.claimNeed(child, 'bicycle', 2026, 'second', isLive)).toBe('first');
    expect(await children.claimNeed(child, 'laptop', 2026, 'laptop', isLive)).toBeNull(); // another need
    expect(await children.claimNeed(child, 'bicycle', 2027, 'next-year', isLive)).toBeNull(); // another year
    // The first was declined by every fund: the need is free again.
    live.delete('first');
    expect(await children.claimNeed(child, 'bicycle', 2026, 'third', isLive)).toBeNull();
    live.add('third');
    // Many at once: exactly one holds it.
    const other = childKey();
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => children.claimNeed(other, 'school-trip', 2026, `c${i}`, async () => null)));
    expect(claims.filter((c) => c === null)).toHaveLength(1);
  });
});
