/**
 * Routing with its reservations against the real database, without Kafka or HTTP: how many items per second
 * fund-routing can decide and reserve (budget and per-child limits, one guarded update each), one at a time
 * and with several in flight, connected as the service is (one connection on FerretDB).
 */
import mongoose from 'mongoose';
import { openDocumentStore } from '@fund-desk/platform';
import { stack, uniqueId } from '@fund-desk/testing';
import { CATEGORIES } from '@fund-desk/contracts';
import { SEED_FUNDS } from '../../services/fund-routing/src/routing/domain/fund';
import { BudgetLedger } from '../../services/fund-routing/src/routing/infrastructure/budget-ledger';
import { ChildLedger } from '../../services/fund-routing/src/routing/infrastructure/child-ledger';
import { BudgetSchema, ChildLimitsSchema, ChildNeedSchema, ReservationSchema } from '../../services/fund-routing/src/routing/infrastructure/routing.schemas';
import { BudgetedRouting } from '../../services/fund-routing/src/routing/use-cases/route-application/budgeted-routing';

export async function benchReservedRouting(count: number, inFlight: number): Promise<string> {
  const connection = await mongoose.createConnection(stack.mongoUrl, { dbName: uniqueId('bench-routing'), maxPoolSize: Math.max(1, inFlight) }).asPromise();
  const kit = await openDocumentStore(connection.db!, stack.redisUrl);
  try {
    const store = kit.store;
    const routing = new BudgetedRouting(
      new BudgetLedger(connection.model('FundBudget', BudgetSchema) as never, connection.model('FundReservation', ReservationSchema) as never, store),
      new ChildLedger(connection.model('ChildLimits', ChildLimitsSchema) as never, connection.model('ChildNeed', ChildNeedSchema) as never, store),
    );
    // Plenty of budget, so every decision reserves (the costly path) rather than passing a fund over.
    const funds = SEED_FUNDS.map((f) => ({ ...f, yearlyBudgetCents: 1_000_000_000 }));
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let i = next++; i < count; i = next++) {
          await routing.route(
            funds,
            { municipalityCode: i % 2 ? 'GM0080' : 'GM0772', category: CATEGORIES[i % CATEGORIES.length], amountCents: 2_500, childAge: 6 + (i % 10), normRatioPpm: 1_000_000, circumstances: [] },
            { requestId: `r${i}`, year: 2026, childKey: `child${i % 500}`.padEnd(64, '0') },
          );
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return `routing with reservations (FerretDB, ${count} items, ${inFlight} in flight): ${(count / seconds).toFixed(0)} decisions/s`;
  } finally {
    await connection.dropDatabase();
    await kit.close();
    await connection.close();
  }
}
