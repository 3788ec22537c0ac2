import mongoose, { Connection } from 'mongoose';
import { openDocumentStore, type OpenedDocumentStore } from '@fund-desk/platform';
import { stack, uniqueId } from '@fund-desk/testing';
import { BudgetLedger } from '../src/routing/infrastructure/budget-ledger';
import { BudgetSchema, ChildLimitsSchema, ChildNeedSchema, ReservationSchema } from '../src/routing/infrastructure/routing.schemas';
import { ChildLedger } from '../src/routing/infrastructure/child-ledger';
import { SEED_FUNDS } from '../src/routing/domain/fund';
import { BudgetedRouting } from '../src/routing/use-cases/route-application/budgeted-routing';

/** A small budget under many simultaneous requests, against the real database, connected as the services are. */
describe('fund budget ledger', () => {
  let connection: Connection;
  let kit: OpenedDocumentStore;
  let ledger: BudgetLedger;
  let children: ChildLedger;

  beforeAll(async () => {
    connection = await mongoose.createConnection(stack.mongoUrl, { dbName: uniqueId('budget'), maxPoolSize: 1 }).asPromise();
    kit = await openDocumentStore(connection.db!, stack.redisUrl);
    const store = kit.store;
    ledger = new BudgetLedger(connection.model<unknown>('FundBudget', BudgetSchema), connection.model<unknown>('FundReservation', ReservationSchema), store);
    children = new ChildLedger(connection.model<unknown>('ChildLimits', ChildLimitsSchema), connection.model<unknown>('ChildNeed', ChildNeedSchema), store);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await kit.close();
    await connection.close();
  });

  it('is never overspent: of 40 simultaneous €35 requests against €350, exactly 10 get a reservation', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ledger.reserve('jarige-job', 2026, 35_000, `req-${i}`, 3_500)),
    );
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(await ledger.view('jarige-job', 2026, 35_000)).toEqual({
      fundId: 'jarige-job',
      year: 2026,
      allocatedCents: 35_000,
      reservedCents: 35_000,
      spentCents: 0,
      leftCents: 0,
    });
  });

  it('reserves once per request, releases on a decline, spends on fulfilment, each once', async () => {
    expect(await ledger.reserve('leergeld-leeuwarden', 2026, 10_000, 'r1', 4_500)).toBe(true);
    expect(await ledger.reserve('leergeld-leeuwarden', 2026, 10_000, 'r1', 4_500)).toBe(true); // redelivered: no second reservation
    expect(await ledger.reserve('leergeld-leeuwarden', 2026, 10_000, 'r2', 4_500)).toBe(true);
    expect(await ledger.reserve('leergeld-leeuwarden', 2026, 10_000, 'r3', 4_500)).toBe(false); // no room
    await ledger.release('leergeld-leeuwarden', 2026, 'r2');
    await ledger.release('leergeld-leeuwarden', 2026, 'r2');
    await Promise.all([ledger.spend('leergeld-leeuwarden', 2026, 'r1'), ledger.spend('leergeld-leeuwarden', 2026, 'r1')]);
    expect(await ledger.view('leergeld-leeuwarden', 2026, 10_000)).toMatchObject({ reservedCents: 0, spentCents: 4_500, leftCents: 5_500 });
    expect(await ledger.reserve('leergeld-leeuwarden', 2026, 10_000, 'r3', 4_500)).toBe(true); // room again after the release
  });

  it('passes over a fund whose budget is exhausted to the next fund that fits, and says why', async () => {
    const tinyLeergeld = SEED_FUNDS.map((f) => (f.id === 'leergeld-leeuwarden' ? { ...f, id: 'leergeld-tiny', yearlyBudgetCents: 5_000 } : f));
    const routing = new BudgetedRouting(ledger, children);
    const input = { municipalityCode: 'GM0080', category: 'school-trip' as const, amountCents: 4_500, childAge: 10, normRatioPpm: 1_050_000, circumstances: [] };
    const first = await routing.route(tinyLeergeld, input, { requestId: 'trip-1', year: 2026 });
    expect(first.fund?.id).toBe('leergeld-tiny');
    const second = await routing.route(tinyLeergeld, input, { requestId: 'trip-2', year: 2026 });
    expect(second.fund?.id).toBe('kinderhulp');
    expect(second.explanation).toEqual(expect.arrayContaining([{ fundId: 'leergeld-tiny', fits: false, reason: 'budget-exhausted' }]));
    // The first request routed again (a redelivery) keeps its place and takes nothing more.
    expect((await routing.route(tinyLeergeld, input, { requestId: 'trip-1', year: 2026 })).fund?.id).toBe('leergeld-tiny');
    expect(await ledger.view('leergeld-tiny', 2026, 5_000)).toMatchObject({ reservedCents: 4_500, leftCents: 500 });
  });

  it('under simultaneous routing and declines against small budgets, never overspends and holds each request at one fund at most', async () => {
    // Two small funds in a chain: a local fund of €300 before the safety net with €400; €50 requests.
    const local = { ...SEED_FUNDS.find((f) => f.id === 'leergeld-leeuwarden')!, id: uniqueId('local').toLowerCase(), yearlyBudgetCents: 30_000 };
    const net = { ...SEED_FUNDS.find((f) => f.id === 'kinderhulp')!, id: uniqueId('net').toLowerCase(), yearlyBudgetCents: 40_000 };
    const routing = new BudgetedRouting(ledger, children);
    const input = { municipalityCode: 'GM0080', category: 'school-trip' as const, amountCents: 5_000, childAge: 10, normRatioPpm: 1_000_000, circumstances: [] };
    const ids = Array.from({ length: 30 }, (_, i) => `${local.id}-r${i}`);
    const routed = new Map<string, string | null>();
    let moved = 0;
    // Every request routed at once, each from its own child; a third of them are declined by the local fund
    // as soon as they land there and move on to the net, all while the others are still being routed.
    await Promise.all(
      ids.map(async (requestId, i) => {
        const context = { requestId, year: 2026, childKey: `${requestId}`.padEnd(64, '0').slice(0, 64) };
        const first = await routing.route([local, net], input, context);
        routed.set(requestId, first.fund?.id ?? null);
        if (first.fund?.id === local.id && i % 3 === 0) {
          const next = await routing.route([net], input, context);
          if (next.fund) {
            moved++;
            await routing.release(local.id, context);
          }
          routed.set(requestId, next.fund?.id ?? local.id);
        }
      }),
    );
    const localView = await ledger.view(local.id, 2026, 30_000);
    const netView = await ledger.view(net.id, 2026, 40_000);
    expect(localView.reservedCents).toBeLessThanOrEqual(30_000);
    expect(netView.reservedCents).toBeLessThanOrEqual(40_000);
    // Budgets say exactly what the requests say: nothing held twice, nothing lost.
    const count = (fundId: string) => [...routed.values()].filter((f) => f === fundId).length;
    expect(localView.reservedCents).toBe(count(local.id) * 5_000);
    expect(netView.reservedCents).toBe(count(net.id) * 5_000);
    // No request is held by both funds.
    const reservations = async (fundId: string) => (await connection.collection('fund-reservations').find({ fundId, year: 2026 }).toArray()).map((r) => r.requestId as string);
    const atLocal = await reservations(local.id);
    expect((await reservations(net.id)).filter((id) => atLocal.includes(id))).toEqual([]);
    // The net was filled to the last euro (the requests that found the local fund full went on to it);
    // room the local fund got back from a decline after everyone had passed it stays there, unspent.
    expect(netView.leftCents).toBe(0);
    expect(localView.leftCents).toBeLessThanOrEqual(moved * 5_000);
  });
});

