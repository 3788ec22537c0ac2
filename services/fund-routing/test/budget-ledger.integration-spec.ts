import mongoose, { Connection } from 'mongoose';
import { GuardedUpdates } from '@fund-desk/platform';
import { stack, uniqueId } from '@fund-desk/testing';
import { BudgetLedger } from '../src/routing/infrastructure/budget-ledger';
import { BudgetSchema, ChildLimitsSchema, ChildNeedSchema } from '../src/routing/infrastructure/routing.schemas';
import { ChildLedger } from '../src/routing/infrastructure/child-ledger';
import { SEED_FUNDS } from '../src/routing/domain/fund';
import { BudgetedRouting } from '../src/routing/use-cases/route-application/budgeted-routing';

/** A small budget under many simultaneous requests, against the real database, connected as the services are. */
describe('fund budget ledger', () => {
  let connection: Connection;
  let ledger: BudgetLedger;
  let children: ChildLedger;

  beforeAll(async () => {
    connection = await mongoose.createConnection(stack.mongoUrl, { dbName: uniqueId('budget'), maxPoolSize: 1 }).asPromise();
    const guarded = new GuardedUpdates();
    guarded.use((await connection.db!.admin().command({ buildInfo: 1 })).ferretdb ? 'ferretdb' : 'mongodb');
    ledger = new BudgetLedger(connection.model('FundBudget', BudgetSchema) as never, guarded);
    children = new ChildLedger(connection.model('ChildLimits', ChildLimitsSchema) as never, connection.model('ChildNeed', ChildNeedSchema) as never, guarded);
  });

  afterAll(async () => {
    await connection.dropDatabase();
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
});
