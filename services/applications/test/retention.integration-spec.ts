import mongoose, { Connection } from 'mongoose';
import { Kafka, logLevel } from 'kafkajs';
import { decodeEnvelope, EventEnvelope, TOPICS } from '@fund-desk/contracts';
import { EventBus, openDocumentStore, type OpenedDocumentStore, OutboxRelay } from '@fund-desk/platform';
import { stack, uniqueId } from '@fund-desk/testing';
import type { Application } from '../src/applications/domain/application';
import { ApplicationRepository, type StoredApplication } from '../src/applications/infrastructure/application.repository';
import { APPLICATION_MODEL, ApplicationSchema, DecisionTimeSchema, DraftSchema, ErasureRequestSchema, FamilyLinkSchema, HouseholdSchema, MODELS } from '../src/applications/infrastructure/application.schema';
import { FamilyLinkRepository } from '../src/applications/infrastructure/family-link.repository';
import { HouseholdRepository } from '../src/applications/infrastructure/household.repository';
import { PrivacyUseCase } from '../src/applications/use-cases/privacy/privacy.use-case';

/**
 * Personal data of closed applications is erased after the retention period, against the real database,
 * and the erasure event every service honours goes out on Kafka (a topic of this test's own).
 */
describe('retention of closed applications', () => {
  let connection: Connection;
  let kit: OpenedDocumentStore;
  let bus: EventBus;
  let relay: OutboxRelay;
  let applications: ApplicationRepository;
  let privacy: PrivacyUseCase;
  const topic = uniqueId('privacy-test');

  beforeAll(async () => {
    connection = await mongoose.createConnection(stack.mongoUrl, { dbName: uniqueId('retention'), maxPoolSize: 1 }).asPromise();
    kit = await openDocumentStore(connection.db!, stack.redisUrl);
    bus = new EventBus({ clientId: uniqueId('retention'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 });
    await bus.ensureTopics([{ name: topic, partitions: 1 }]);
    relay = new OutboxRelay(bus, kit.store, 60_000, (t) => (t === TOPICS.privacy ? topic : `${topic}-other`));
    await bus.ensureTopics([{ name: `${topic}-other`, partitions: 1 }]);
    applications = new ApplicationRepository(connection.model<StoredApplication>(APPLICATION_MODEL, ApplicationSchema), connection.model<unknown>(MODELS.erasure, ErasureRequestSchema), relay, kit.store);
    applications.onModuleInit();
    relay.start();
    const households = new HouseholdRepository(
      connection.model<unknown>(MODELS.household, HouseholdSchema),
      connection.model<unknown>(MODELS.draft, DraftSchema),
      connection.model<unknown>(MODELS.decisionTime, DecisionTimeSchema),
      kit.store,
    );
    const links = new FamilyLinkRepository(connection.model<unknown>(MODELS.familyLink, FamilyLinkSchema), kit.store);
    privacy = new PrivacyUseCase(applications, households, links);
  });

  afterAll(async () => {
    await relay.stop();
    await bus.disconnect();
    await connection.dropDatabase();
    await kit.close();
    await connection.close();
  });

  const application = (status: Application['status'], lastChange: string, itemStatus: Application['items'][number]['status']): Application => ({
    id: uniqueId('app'),
    applicant: { subject: 'parent-ret', role: 'parent' },
    municipalityCode: 'GM0080',
    postcode: '8921 AB',
    household: { composition: 'single-parent', circumstances: ['food-bank'] },
    children: [{ ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' }],
    items: [{ itemId: uniqueId('item'), childRef: 'c1', category: 'school-trip', amountCents: 4500, description: 'Schoolreis groep 6', provider: { name: 'OBS De Tamarisk', iban: 'NL91ABNA0417164300' }, status: itemStatus, fundId: 'leergeld-leeuwarden', fundName: 'Stichting Leergeld Leeuwarden', reason: null }],
    contact: { email: 'sanne.ouder@example.nl', language: 'nl' },
    consent: { incomeCheck: true, shareWithFunds: true, givenAt: '2024-01-01T00:00:00Z', givenBy: 'parent-ret' },
    incomeCheck: { status: 'completed', outcome: 'eligible', eligible: true, percentageOfNorm: 100 },
    status,
    timeline: [{ at: lastChange, type: 'fund-request.fulfilled', message: 'fulfilled', params: { category: 'school-trip', fund: 'Stichting Leergeld Leeuwarden' } }],
    submittedAt: '2024-01-01T00:00:00Z',
    version: 1,
  });

  it('erases closed applications past the period, keeps the rest, and tells every service', async () => {
    const oldClosed = application('completed', '2024-02-01T00:00:00Z', 'fulfilled');
    const recentClosed = application('completed', '2026-10-01T00:00:00Z', 'fulfilled');
    const oldOpen = application('in-progress', '2024-02-01T00:00:00Z', 'routed');
    for (const a of [oldClosed, recentClosed, oldOpen]) await applications.insert(a, a.id, []);

    const received: EventEnvelope[] = [];
    const kafka = new Kafka({ clientId: uniqueId('reader'), brokers: stack.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: uniqueId('reader') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(decodeEnvelope(message.value!)) });

    const now = new Date('2026-11-22T02:45:00Z');
    expect(await privacy.purgeClosedBefore(new Date(now.getTime() - 730 * 86_400_000), now)).toBe(1);

    const erased = (await applications.findById(oldClosed.id))!;
    expect(erased.erasedAt).toBe(now.toISOString());
    expect(erased.children).toEqual([{ ref: 'c1', firstName: '', birthDate: '' }]);
    expect(erased.contact.email).toBe('');
    expect(erased.postcode).toBe('8921');
    expect(erased.items[0]).not.toHaveProperty('description');
    expect(erased.items[0]).toMatchObject({ category: 'school-trip', amountCents: 4500, status: 'fulfilled' });
    expect(JSON.stringify(erased)).not.toMatch(/Sanne|sanne\.ouder|parent-ret|Schoolreis|NL91ABNA/);
    expect((await applications.findById(recentClosed.id))?.children[0].firstName).toBe('Sanne');
    expect((await applications.findById(oldOpen.id))?.children[0].firstName).toBe('Sanne');

    const event = await new Promise<EventEnvelope>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const found = received.find((e) => e.type === 'personal-data.erasure-requested');
        if (found || Date.now() - started > 20_000) clearInterval(poll);
        if (found) resolve(found);
        else if (Date.now() - started > 20_000) reject(new Error('no erasure event'));
      }, 100);
    });
    expect(event.payload).toMatchObject({ subject: 'parent-ret', applicationIds: [oldClosed.id] });
    await consumer.disconnect();

    // Running again erases nothing more.
    expect(await privacy.purgeClosedBefore(new Date(now.getTime() - 730 * 86_400_000), now)).toBe(0);
  });
});
