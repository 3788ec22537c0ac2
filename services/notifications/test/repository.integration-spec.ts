import mongoose, { Connection } from 'mongoose';
import { createEvent, notificationFailedV1 } from '@fund-desk/contracts';
import { EventBus, openDocumentStore, type OpenedDocumentStore, OutboxRelay } from '@fund-desk/platform';
import { stack, uniqueId } from '@fund-desk/testing';
import { type Delivery, NotificationsRepository } from '../src/notifications/infrastructure/notifications.repository';
import {
  DeliverySchema,
  DigestStateSchema,
  ErasureSchema,
  FundContactsSchema,
  InboxMessageSchema,
  MODELS,
  PreferencesSchema,
  RecipientSchema,
  TrackedRequestSchema,
  WaitingEventSchema,
} from '../src/notifications/infrastructure/notifications.schemas';

/**
 * The notifications repository against the real database over a pool of 30 connections, so that writes fired at
 * once really arrive on separate connections (as with several workers and instances): delivery documents are
 * changed by the channel workers and by erasure at the same time, a fund's digest state by the digest job and by
 * staff asking for a digest now. Every result must be exact.
 */
describe('notifications repository under concurrent conflicting writes', () => {
  jest.setTimeout(60_000);
  const CONCURRENT = 30;
  let connection: Connection;
  let kit: OpenedDocumentStore;
  let repository: NotificationsRepository;

  beforeAll(async () => {
    connection = await mongoose.createConnection(stack.mongoUrl, { dbName: uniqueId('notif-repo'), maxPoolSize: CONCURRENT }).asPromise();
    kit = await openDocumentStore(connection.db!, stack.redisUrl);
    // Never started: it only collects the ids it is told about; nothing is published.
    const relay = new OutboxRelay(new EventBus({ clientId: uniqueId('notif-repo'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 }), kit.store, 60_000);
    repository = new NotificationsRepository(
      connection.model<unknown>(MODELS.recipient, RecipientSchema),
      connection.model<unknown>(MODELS.inbox, InboxMessageSchema),
      connection.model<unknown>(MODELS.delivery, DeliverySchema),
      connection.model<unknown>(MODELS.preferences, PreferencesSchema),
      connection.model<unknown>(MODELS.trackedRequest, TrackedRequestSchema),
      connection.model<unknown>(MODELS.fundContacts, FundContactsSchema),
      connection.model<unknown>(MODELS.digestState, DigestStateSchema),
      connection.model<unknown>(MODELS.erasure, ErasureSchema),
      connection.model<unknown>(MODELS.waitingEvent, WaitingEventSchema),
      kit.store,
      relay,
    );
    repository.onModuleInit();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await kit.close();
    await connection.close();
  });

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const at = <T>(count: number, call: (i: number) => Promise<T>) => Promise.all(Array.from({ length: count }, (_, i) => call(i)));

  const queued = (id: string, applicationId: string): Delivery => ({
    id,
    channel: 'email',
    subject: `subject-${applicationId}`,
    to: 'ouder@example.nl',
    language: 'nl',
    type: 'request-routed',
    title: 'Uw aanvraag',
    body: 'Uw aanvraag is doorgestuurd.',
    applicationId,
    status: 'queued',
    attempts: 0,
    createdAt: new Date(),
  });

  const raw = (id: string) => connection.db!.collection<{ _id: string } & Record<string, unknown>>('deliveries').findOne({ _id: id });

  it('records a delivery that 30 workers fail for good at once exactly once, with exactly one event', async () => {
    const id = `${uniqueId('ev')}:s:email`;
    await repository.addDelivery(queued(id, uniqueId('app')));
    const events = Array.from({ length: CONCURRENT }, (_, i) =>
      createEvent(notificationFailedV1, {
        correlationId: id,
        causationId: null,
        producer: 'notifications',
        payload: { deliveryId: id, subject: 's', channel: 'email', messageType: 'request-routed', attempts: i + 1, error: `refused ${i}` },
      }),
    );
    const won = await at(CONCURRENT, (i) => repository.markFailed(id, { attempts: i + 1, error: `refused ${i}` }, events[i]));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = won.indexOf(true);
    const doc = await raw(id);
    expect(doc).toMatchObject({ status: 'failed', attempts: winner + 1, lastError: `refused ${winner}`, outboxPending: 1 });
    expect(Object.keys(doc?.outbox as object)).toEqual([events[winner].id]);
  });

  it("keeps nothing of the content when 30 workers mark one delivery sent while the person's data is erased", async () => {
    for (let round = 0; round < 5; round++) {
      const applicationId = uniqueId('app');
      const id = `${uniqueId('ev')}:s:email`;
      await repository.addDelivery(queued(id, applicationId));
      const erasedAt = new Date();
      // The workers' writes spread over some 30 ms, the erasure among them.
      await Promise.all([
        at(CONCURRENT, async (i) => {
          await pause(i);
          await repository.markDelivery(id, 'sent', { attempts: i + 1 });
        }),
        pause(5).then(() => repository.eraseDeliveryContent([applicationId], undefined, erasedAt)),
      ]);
      const doc = await raw(id);
      // Every worker marks it sent; the erasure cancels only what is still queued, and takes the content regardless.
      expect(doc).toMatchObject({ status: 'sent', erasedAt });
      for (const field of ['to', 'language', 'title', 'body', 'lastError']) expect(doc).not.toHaveProperty(field);
      expect(await repository.eraseDeliveryContent([applicationId])).toBe(0);
    }
  });

  it('records a delivery and an inbox message once when 30 handlers of a redelivered event add them at once', async () => {
    const id = `${uniqueId('ev')}:s:email`;
    const added = await at(CONCURRENT, () => repository.addDelivery(queued(id, 'app')));
    expect(added.filter(Boolean)).toHaveLength(1);
    const subject = uniqueId('subject');
    const message = { id: `${id}:in-app`, subject, type: 'request-routed', title: 't', body: 'b', applicationId: 'app', createdAt: new Date(), read: false };
    await at(CONCURRENT, () => repository.addInboxMessage(message));
    expect(await repository.inboxOf(subject)).toHaveLength(1);
  });

  it("keeps the latest of 30 digest runs that save one fund's state at once, none lost and none failing", async () => {
    const fundId = uniqueId('fund');
    const base = Date.UTC(2026, 2, 1, 6);
    // Runs an hour apart, every fifth a daily one; fired in an order unrelated to time.
    const runs = Array.from({ length: CONCURRENT }, (_, i) => ({ lastSentAt: new Date(base + i * 3_600_000), ...(i % 5 === 0 ? { lastDailyOn: `2026-03-${String(1 + i / 5).padStart(2, '0')}` } : {}) }));
    await at(CONCURRENT, (i) => repository.saveDigestState(fundId, runs[(i * 7) % CONCURRENT]));
    expect(await repository.digestState(fundId)).toEqual({ lastSentAt: runs[CONCURRENT - 1].lastSentAt, lastDailyOn: '2026-03-06' });
    const doc = await connection.db!.collection<{ _id: string; version?: number }>('digest-state').findOne({ _id: fundId });
    expect(doc?.version).toBe(CONCURRENT);
  });
});
