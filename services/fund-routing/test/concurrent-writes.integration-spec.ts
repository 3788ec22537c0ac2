import mongoose, { Connection } from 'mongoose';
import { ConflictError, EventBus, openDocumentStore, OutboxRelay, type OpenedDocumentStore } from '@fund-desk/platform';
import { stack, uniqueId } from '@fund-desk/testing';
import { BudgetLedger } from '../src/routing/infrastructure/budget-ledger';
import { ChildLedger } from '../src/routing/infrastructure/child-ledger';
import { FundRequest, RoutingRepository } from '../src/routing/infrastructure/routing.repository';
import {
  BudgetSchema,
  ChildLimitsSchema,
  ChildNeedSchema,
  FundRequestSchema,
  FundSchema,
  FundVersionSchema,
  MODELS,
  ReservationSchema,
  RoutingCaseSchema,
} from '../src/routing/infrastructure/routing.schemas';
import { SEED_FUNDS } from '../src/routing/domain/fund';
import { BudgetedRouting } from '../src/routing/use-cases/route-application/budgeted-routing';
import { DecideRequestUseCase } from '../src/routing/use-cases/decide-request/decide-request.use-case';

/** One instance of the service's stores: its own pool of 30 connections and its own lock connection to Redis. */
interface Instance {
  connection: Connection;
  kit: OpenedDocumentStore;
  budgets: BudgetLedger;
  children: ChildLedger;
  repository: RoutingRepository;
  decisions: DecideRequestUseCase;
}

async function openInstance(dbName: string, lockPrefix: string): Promise<Instance> {
  const connection = await mongoose.createConnection(stack.mongoUrl, { dbName, maxPoolSize: 30 }).asPromise();
  const kit = await openDocumentStore(connection.db!, stack.redisUrl, lockPrefix);
  const budgets = new BudgetLedger(connection.model<unknown>(MODELS.budget, BudgetSchema), connection.model<unknown>(MODELS.reservation, ReservationSchema), kit.store);
  const children = new ChildLedger(connection.model<unknown>(MODELS.childLimits, ChildLimitsSchema), connection.model<unknown>(MODELS.childNeed, ChildNeedSchema), kit.store);
  // The relay is never started (nothing is published): the events stay in the documents' outboxes, to be counted.
  const relay = new OutboxRelay(new EventBus({ clientId: uniqueId('fund-routing-concurrency'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 }), kit.store, 60_000);
  const repository = new RoutingRepository(
    connection.model<unknown>(MODELS.fund, FundSchema),
    connection.model<unknown>(MODELS.routingCase, RoutingCaseSchema),
    connection.model<unknown>(MODELS.request, FundRequestSchema),
    connection.model<unknown>(MODELS.fundVersion, FundVersionSchema),
    relay,
    kit.store,
  );
  const decisions = new DecideRequestUseCase(repository, new BudgetedRouting(budgets, children), children);
  return { connection, kit, budgets, children, repository, decisions };
}

const childKey = () => uniqueId('child').padEnd(64, '0').slice(0, 64);

/**
 * The service's most contended writes against the real local database, the way it will run: two instances, each
 * with a pool of 30 (so the writes really arrive on separate connections), firing conflicting writes of the same
 * documents at once. On FerretDB an update is read, changed and written back, so without the repository kit these
 * lose writes (two winners of one claim, a budget reserved past its allocation). Every result must be exact.
 */
describe('fund routing under concurrent conflicting writes (pool of 30, two instances)', () => {
  const dbName = uniqueId('routing-concurrency');
  const lockPrefix = `${uniqueId('routing-locks')}:`;
  const instances: Instance[] = [];
  /** The n-th writer's instance: writers alternate between the two. */
  const on = (i: number) => instances[i % 2];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) instances.push(await openInstance(dbName, lockPrefix));
    // Both instances start at once: each seeds the catalogue and publishes what was never published.
    await Promise.all(instances.map((instance) => instance.repository.onModuleInit()));
  });

  afterAll(async () => {
    await instances[0]?.connection.dropDatabase();
    for (const instance of instances) {
      await instance.kit.close();
      await instance.connection.close();
    }
  });

  const kinderhulp = SEED_FUNDS.find((f) => f.id === 'kinderhulp')!;

  async function storedRequest(): Promise<FundRequest> {
    const request: FundRequest = {
      id: uniqueId('request'),
      applicationId: uniqueId('application'),
      itemId: 'item-1',
      childRef: 'child-1',
      childFirstName: 'Sanne',
      childAge: 10,
      category: 'school-trip',
      amountCents: 5_000,
      municipalityCode: 'GM0080',
      status: 'routed',
      fundId: kinderhulp.id,
      endorsementRequired: false,
      explanation: [],
      catalogueVersion: 1,
      routedAt: new Date(),
      budgetYear: 2026,
      claimedBy: null,
      paymentBatchId: null,
      history: [],
    };
    expect(await instances[0].repository.insertRequest(request, [])).toBe(true);
    return request;
  }

  it('publishes each seeded fund once when two instances start together', async () => {
    const funds = await instances[0].connection.collection('funds').find({}).toArray();
    expect(funds.map((f) => f._id).sort()).toEqual(SEED_FUNDS.map((f) => f.id).sort());
    for (const fund of funds) expect(Object.keys(fund.outbox ?? {})).toHaveLength(1);
  });

  it('gives a request to exactly one of 30 staff claiming it at once', async () => {
    const request = await storedRequest();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => on(i).decisions.claim({ fundId: kinderhulp.id, requestId: request.id, by: `staff-${i}` })),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<FundRequest> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of results.filter((r) => r.status === 'rejected')) expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const stored = (await instances[0].repository.findRequest(request.id))!;
    expect(stored.claimedBy).toBe(won[0].value.claimedBy);
    expect(stored.history?.filter((h) => h.status === 'claimed')).toEqual([expect.objectContaining({ by: stored.claimedBy })]);
  });

  it('lets exactly one of 30 staff approving a request at once approve it, with exactly one event', async () => {
    const request = await storedRequest();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => on(i).decisions.decide({ fundId: kinderhulp.id, requestId: request.id, decidedBy: `staff-${i}`, decision: 'approve' })),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<FundRequest> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of results.filter((r) => r.status === 'rejected')) expect((lost as PromiseRejectedResult).reason).toMatchObject({ code: 'ALREADY_DECIDED' });
    const stored = await instances[0].connection.collection('fund-requests').findOne({ applicationId: request.applicationId });
    expect(stored?.status).toBe('approved');
    expect(stored?.history).toEqual([expect.objectContaining({ status: 'approved', by: won[0].value.history?.[0]?.by })]);
    expect(Object.keys(stored?.outbox ?? {})).toHaveLength(1);
    expect(stored?.outboxPending).toBe(1);
  });

  it('never overspends a budget: of 40 simultaneous €35 reservations against €350 exactly 10 fit; settling them counts each once', async () => {
    const fundId = uniqueId('small-fund');
    const reserved = await Promise.all(Array.from({ length: 40 }, (_, i) => on(i).budgets.reserve(fundId, 2026, 35_000, `req-${i}`, 3_500)));
    expect(reserved.filter(Boolean)).toHaveLength(10);
    expect(await instances[0].budgets.view(fundId, 2026, 35_000)).toMatchObject({ reservedCents: 35_000, spentCents: 0, leftCents: 0 });
    const holders = reserved.flatMap((ok, i) => (ok ? [`req-${i}`] : []));
    // Each holder settled three times at once, by both instances: the first five spent, the others released.
    await Promise.all(
      holders.flatMap((requestId, h) =>
        [0, 1, 2].map((k) => (h < 5 ? on(h + k).budgets.spend(fundId, 2026, requestId) : on(h + k).budgets.release(fundId, 2026, requestId))),
      ),
    );
    expect(await instances[0].budgets.view(fundId, 2026, 35_000)).toMatchObject({ reservedCents: 0, spentCents: 17_500, leftCents: 17_500 });
    // The room given back goes to exactly five of 30 new requests.
    const again = await Promise.all(Array.from({ length: 30 }, (_, i) => on(i).budgets.reserve(fundId, 2026, 35_000, `late-${i}`, 3_500)));
    expect(again.filter(Boolean)).toHaveLength(5);
    expect(await instances[0].budgets.view(fundId, 2026, 35_000)).toMatchObject({ reservedCents: 17_500, spentCents: 17_500, leftCents: 0 });
  });

  it('keeps the totals equal to the reservations when reservations are lowered while they are spent', async () => {
    const fundId = uniqueId('lowered-fund');
    const ids = Array.from({ length: 15 }, (_, i) => `req-${i}`);
    for (const id of ids) expect(await instances[0].budgets.reserve(fundId, 2026, 100_000, id, 3_500)).toBe(true);
    await Promise.all(ids.flatMap((id, i) => [on(i).budgets.lower(fundId, 2026, id, 2_000), on(i + 1).budgets.spend(fundId, 2026, id)]));
    const snapshot = await instances[0].budgets.snapshot(fundId, 2026, 100_000);
    expect(snapshot.reservations).toEqual({});
    expect(snapshot.reservedCents).toBe(0);
    expect(snapshot.spentCents).toBeGreaterThanOrEqual(15 * 2_000);
    expect(snapshot.spentCents).toBeLessThanOrEqual(15 * 3_500);
  });

  it("holds a child's limit at a fund exactly: of 30 simultaneous €50 trips, exactly 10 fit in €500", async () => {
    const child = childKey();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => on(i).children.reserve(kinderhulp, child, `${child}-trip-${i}`, { category: 'school-trip', childAge: 10, amountCents: 5_000, year: 2026 })),
    );
    expect(results.filter((r) => r === null)).toHaveLength(10);
    expect(results.filter((r) => r === 'child-amount-reached')).toHaveLength(20);
    const limits = instances[0].connection.collection<{ _id: string; entries?: Record<string, unknown> }>('child-limits');
    expect(Object.keys((await limits.findOne({ _id: `${kinderhulp.id}:${child}` }))?.entries ?? {})).toHaveLength(10);
    // 30 releases at once (each request's three times) give all of it back.
    const held = results.flatMap((r, i) => (r === null ? [`${child}-trip-${i}`] : []));
    await Promise.all(held.flatMap((id, h) => [0, 1, 2].map((k) => on(h + k).children.release(kinderhulp.id, child, id))));
    expect((await limits.findOne({ _id: `${kinderhulp.id}:${child}` }))?.entries).toEqual({});
  });

  it('gives a need to exactly one of 30 requests claiming it at once', async () => {
    const child = childKey();
    const claims = await Promise.all(Array.from({ length: 30 }, (_, i) => on(i).children.claimNeed(child, 'laptop', 2026, `need-${i}`, async () => null)));
    const winners = claims.map((holder, i) => (holder === null ? `need-${i}` : null)).filter(Boolean);
    expect(winners).toHaveLength(1);
    expect(claims.filter((holder) => holder !== null && holder !== winners[0])).toEqual([]);
  });
});
