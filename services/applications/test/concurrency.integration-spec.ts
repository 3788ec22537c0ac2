import mongoose, { Connection } from 'mongoose';
import { createEvent, fundRequestRoutedV1 } from '@fund-desk/contracts';
import { ConflictError, EventBus, openDocumentStore, type OpenedDocumentStore, OutboxRelay, type Principal } from '@fund-desk/platform';
import { stack, uniqueId } from '@fund-desk/testing';
import { loadApplicationsConfig } from '../src/config/applications.config';
import type { Application } from '../src/applications/domain/application';
import { ApplicationRepository, type StoredApplication } from '../src/applications/infrastructure/application.repository';
import {
  APPLICATION_MODEL,
  ApplicationSchema,
  DecisionTimeSchema,
  DraftSchema,
  ErasureRequestSchema,
  FamilyLinkSchema,
  HouseholdSchema,
  MODELS,
} from '../src/applications/infrastructure/application.schema';
import { ChildKeys } from '../src/applications/infrastructure/child-keys';
import { FamilyLinkRepository } from '../src/applications/infrastructure/family-link.repository';
import { HouseholdRepository } from '../src/applications/infrastructure/household.repository';
import { ChangeApplicationUseCase } from '../src/applications/use-cases/change-application/change-application.use-case';
import { RecordProgressUseCase } from '../src/applications/use-cases/record-progress/record-progress.use-case';

/**
 * The application document is changed by requests (withdraw, add items, objection) and by consumed events
 * (routed, decided, ...) at the same time. Against the real database over a pool of 30 connections, so the
 * writes really arrive side by side: every change must be kept, and a change allowed once happens once.
 */
describe('concurrent changes of one application', () => {
  const COUNT = 30;
  let connection: Connection;
  let kit: OpenedDocumentStore;
  let applications: ApplicationRepository;
  let recordProgress: RecordProgressUseCase;
  let change: ChangeApplicationUseCase;
  const parent: Principal = { subject: 'parent-concurrency', role: 'parent' };

  beforeAll(async () => {
    connection = await mongoose.createConnection(stack.mongoUrl, { dbName: uniqueId('app-concurrency'), maxPoolSize: COUNT }).asPromise();
    kit = await openDocumentStore(connection.db!, stack.redisUrl, `${uniqueId('app-concurrency-locks')}:`);
    // Never started: the events stay in the outbox, where the test counts them.
    const relay = new OutboxRelay(new EventBus({ clientId: uniqueId('app-concurrency'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 }), kit.store, 60_000);
    applications = new ApplicationRepository(connection.model<StoredApplication>(APPLICATION_MODEL, ApplicationSchema), connection.model<unknown>(MODELS.erasure, ErasureRequestSchema), relay, kit.store);
    applications.onModuleInit();
    const households = new HouseholdRepository(
      connection.model<unknown>(MODELS.household, HouseholdSchema),
      connection.model<unknown>(MODELS.draft, DraftSchema),
      connection.model<unknown>(MODELS.decisionTime, DecisionTimeSchema),
      kit.store,
    );
    recordProgress = new RecordProgressUseCase(applications, households);
    change = new ChangeApplicationUseCase(
      applications,
      new ChildKeys(loadApplicationsConfig({ NODE_ENV: 'test', CHILD_KEY_SECRET: 'concurrency-test-child-key-secret' })),
      new FamilyLinkRepository(connection.model<unknown>(MODELS.familyLink, FamilyLinkSchema), kit.store),
    );
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await kit.close();
    await connection.close();
  });

  const submitted = async (items: number): Promise<Application> => {
    const application: Application = {
      id: uniqueId('app'),
      applicant: { subject: parent.subject, role: 'parent' },
      municipalityCode: 'GM0080',
      postcode: '8921 AB',
      household: { composition: 'single-parent', circumstances: [] },
      children: [{ ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' }],
      items: Array.from({ length: items }, (_, i) => ({
        itemId: `item-${i}`,
        childRef: 'c1',
        category: 'school-trip' as const,
        amountCents: 4500,
        provider: { name: 'OBS De Tamarisk', iban: 'NL91ABNA0417164300' },
        status: 'pending' as const,
        fundId: null,
        fundName: null,
        reason: null,
      })),
      contact: { email: 'ouder@example.nl', language: 'nl' },
      consent: { incomeCheck: true, shareWithFunds: true, givenAt: '2026-01-01T00:00:00Z', givenBy: parent.subject },
      incomeCheck: { status: 'completed', outcome: 'eligible', eligible: true, percentageOfNorm: 90 },
      status: 'in-progress',
      timeline: [{ at: '2026-01-01T00:00:00Z', type: 'application.submitted', message: 'submitted' }],
      submittedAt: '2026-01-01T00:00:00Z',
      version: 1,
    };
    expect(await applications.insert(application, application.id, [])).toBe(true);
    return application;
  };

  const routed = (applicationId: string, i: number) =>
    createEvent(fundRequestRoutedV1, {
      correlationId: applicationId,
      causationId: null,
      producer: 'fund-routing',
      occurredAt: new Date(Date.UTC(2026, 0, 2, 0, i)),
      payload: {
        requestId: `request-${i}`,
        applicationId,
        itemId: `item-${i}`,
        childRef: 'c1',
        category: 'school-trip',
        amountCents: 4500,
        fundId: `fund-${i}`,
        fundName: `Fund ${i}`,
        catalogueVersion: 1,
        endorsementRequired: false,
        explanation: [],
      },
    });

  /** Outbox entries still waiting on the stored document (the relay is not running). */
  const outboxOf = async (id: string) => (await connection.db!.collection<{ _id: string; outbox?: Record<string, unknown>; outboxPending?: number }>('applications').findOne({ _id: id }))!;

  it(`records ${COUNT} progress events of different items at once, every one in the items and on the timeline`, async () => {
    const application = await submitted(COUNT);
    const events = Array.from({ length: COUNT }, (_, i) => routed(application.id, i));
    await Promise.all(events.map((event) => recordProgress.handle(event)));

    const stored = (await applications.findById(application.id))!;
    stored.items.forEach((item, i) => expect(item).toMatchObject({ itemId: `item-${i}`, status: 'routed', fundId: `fund-${i}`, fundName: `Fund ${i}` }));
    expect(stored.timeline.filter((t) => t.type === 'fund-request.routed').map((t) => t.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    expect(stored.version).toBe(1 + COUNT);

    // Delivered again, all at once: nothing changes.
    await Promise.all(events.map((event) => recordProgress.handle(event)));
    expect((await applications.findById(application.id))!.version).toBe(1 + COUNT);
  });

  it(`lets exactly one of ${COUNT} concurrent withdrawals of one item win, with one event`, async () => {
    const application = await submitted(2);
    const now = new Date('2026-01-03T00:00:00Z');
    const outcomes = await Promise.allSettled(Array.from({ length: COUNT }, () => change.withdraw(parent, application.id, 'item-0', now)));

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason);
    expect(refused).toHaveLength(COUNT - 1);
    for (const reason of refused) expect(reason).toMatchObject({ code: 'ITEM_CLOSED' });
    expect(refused[0]).toBeInstanceOf(ConflictError);

    const stored = (await applications.findById(application.id))!;
    expect(stored.items.map((i) => i.status)).toEqual(['withdrawn', 'pending']);
    expect(stored.timeline.filter((t) => t.message === 'item-withdrawn')).toHaveLength(1);
    expect(stored.version).toBe(2);
    const outbox = await outboxOf(application.id);
    expect(Object.keys(outbox.outbox ?? {})).toHaveLength(1);
    expect(outbox.outboxPending).toBe(1);
  });

  it(`keeps ${COUNT / 2} withdrawals and ${COUNT / 2} progress events of one application arriving together`, async () => {
    const application = await submitted(COUNT);
    const now = new Date('2026-01-03T00:00:00Z');
    const half = COUNT / 2;
    await Promise.all(
      Array.from({ length: COUNT }, (_, i) => (i < half ? recordProgress.handle(routed(application.id, i)) : change.withdraw(parent, application.id, `item-${i}`, now))),
    );

    const stored = (await applications.findById(application.id))!;
    expect(stored.items.filter((i) => i.status === 'routed').map((i) => i.itemId).sort()).toEqual(Array.from({ length: half }, (_, i) => `item-${i}`).sort());
    expect(stored.items.filter((i) => i.status === 'withdrawn').map((i) => i.itemId).sort()).toEqual(Array.from({ length: half }, (_, i) => `item-${i + half}`).sort());
    expect(stored.timeline).toHaveLength(1 + COUNT);
    expect(stored.version).toBe(1 + COUNT);
    const outbox = await outboxOf(application.id);
    expect(Object.keys(outbox.outbox ?? {})).toHaveLength(half);
    expect(outbox.outboxPending).toBe(half);
  });
});
