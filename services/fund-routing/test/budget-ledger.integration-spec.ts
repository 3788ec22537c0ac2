import mongoose, { Connection } from 'mongoose';
import { GuardedUpdates } from '@fund-desk/platform';
import { stack, uniqueId } from '@fund-desk/testing';
import { BudgetLedger } from '../src/routing/infrastructure/budget-ledger';
import { BudgetSchema } from '../src/routing/infrastructure/routing.schemas';

/** A small budget under many simultaneous requests, against the real database, connected as the services are. */
describe('fund budget ledger', () => {
  let connection: Connection;
  let ledger: BudgetLedger;

  beforeAll(async () => {
    connection = await mongoose.createConnection(stack.mongoUrl, { dbName: uniqueId('budget'), maxPoolSize: 1 }).asPromise();
    const guarded = new GuardedUpdates();
    guarded.use((await connection.db!.admin().command({ buildInfo: 1 })).ferretdb ? 'ferretdb' : 'mongodb');
    ledger = new BudgetLedger(connection.model('FundBudget', BudgetSchema) as never, guarded);
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
});
