import mongoose, { Connection } from 'mongoose';
import { createEvent, EventEnvelope, fundRequestRoutedV1, incomeCheckCompletedV2 } from '@fund-desk/contracts';
import { EventBus, openDocumentStore, type OpenedDocumentStore, OutboxRelay } from '@fund-desk/platform';
import { stack, submittedEvent, uniqueId, waitUntil } from '@fund-desk/testing';
import { loadNotificationsConfig, type NotificationsConfig } from '../src/config/notifications.config';
import { type Delivery, NotificationsRepository, type Recipient } from '../src/notifications/infrastructure/notifications.repository';
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
import { SmsProvider } from '../src/notifications/infrastructure/sms-provider';
import { SmtpMailer } from '../src/notifications/infrastructure/smtp-mailer';
import { EmailDeliveryQueue } from '../src/notifications/jobs/email-delivery.queue';
import { ReminderQueue } from '../src/notifications/jobs/reminder.queue';
import { SmsDeliveryQueue } from '../src/notifications/jobs/sms-delivery.queue';
import { ErasePersonalDataUseCase } from '../src/notifications/use-cases/erase-personal-data/erase-personal-data.use-case';
import { DeliverNotice } from '../src/notifications/use-cases/notify/deliver-notice';
import { NotifyUseCase } from '../src/notifications/use-cases/notify/notify.use-case';

/** The e-mail channel on its real BullMQ queue, with a worker that records what it would hand to SMTP. */
class RecordingEmailQueue extends EmailDeliveryQueue {
  constructor(
    config: NotificationsConfig,
    repository: NotificationsRepository,
    mailer: SmtpMailer,
    private readonly sent: Delivery[],
  ) {
    super(config, repository, mailer);
  }

  protected override async send(delivery: Delivery): Promise<void> {
    this.sent.push(delivery);
  }
}

/**
 * The real repository, with a way to hold a handler just before or just after it looks for a recipient, so that
 * a test can force one interleaving of two handlers exactly (the database calls themselves are untouched).
 */
class HoldableRepository extends NotificationsRepository {
  beforeRecipient?: (applicationId: string) => Promise<void>;
  afterRecipient?: (applicationId: string, found: Recipient | null) => Promise<void>;

  override async recipient(applicationId: string): Promise<Recipient | null> {
    await this.beforeRecipient?.(applicationId);
    const found = await super.recipient(applicationId);
    await this.afterRecipient?.(applicationId, found);
    return found;
  }
}

/** A point where a handler waits until the test lets it go on; `reached` once it is there (or fails after 15 s). */
function holdPoint() {
  let arrive!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const reached = Promise.race([
    arrived,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('The handler never reached the hold point')), 15_000).unref()),
  ]);
  return { reached, release, hold: async () => (arrive(), released) };
}

/** One notifications instance: its own connection pool and lock connection, on the shared database and queues. */
interface Instance {
  connection: Connection;
  kit: OpenedDocumentStore;
  repository: HoldableRepository;
  notify: NotifyUseCase;
  erase: ErasePersonalDataUseCase;
  close(): Promise<void>;
}

async function startInstance(dbName: string, config: NotificationsConfig, sent: Delivery[]): Promise<Instance> {
  const connection = await mongoose.createConnection(stack.mongoUrl, { dbName, maxPoolSize: 20 }).asPromise();
  const kit = await openDocumentStore(connection.db!, stack.redisUrl);
  // Never started: it only collects the ids it is told about; nothing is published.
  const relay = new OutboxRelay(new EventBus({ clientId: uniqueId('notif-waiting'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 }), kit.store, 60_000);
  const models = [
    connection.model<unknown>(MODELS.recipient, RecipientSchema),
    connection.model<unknown>(MODELS.inbox, InboxMessageSchema),
    connection.model<unknown>(MODELS.delivery, DeliverySchema),
    connection.model<unknown>(MODELS.preferences, PreferencesSchema),
    connection.model<unknown>(MODELS.trackedRequest, TrackedRequestSchema),
    connection.model<unknown>(MODELS.fundContacts, FundContactsSchema),
    connection.model<unknown>(MODELS.digestState, DigestStateSchema),
    connection.model<unknown>(MODELS.erasure, ErasureSchema),
    connection.model<unknown>(MODELS.waitingEvent, WaitingEventSchema),
  ] as const;
  await Promise.all(models.map((m) => m.init()));
  const repository = new HoldableRepository(...models, kit.store, relay);
  repository.onModuleInit();
  const mailer = new SmtpMailer(config);
  const email = new RecordingEmailQueue(config, repository, mailer, sent);
  const smsProvider = new SmsProvider(config); // no SMS_URL: text messages are off, their queue is never used
  const deliver = new DeliverNotice(repository, email, new SmsDeliveryQueue(config, repository, smsProvider), smsProvider);
  const reminders = new ReminderQueue(config, repository, deliver);
  email.onModuleInit();
  reminders.onModuleInit();
  return {
    connection,
    kit,
    repository,
    notify: new NotifyUseCase(repository, deliver, reminders),
    erase: new ErasePersonalDataUseCase(repository, reminders),
    close: async () => {
      await email.beforeApplicationShutdown();
      await reminders.beforeApplicationShutdown();
      mailer.onModuleDestroy();
      await kit.close();
      await connection.close();
    },
  };
}

/**
 * Events that tell the parent something come on other topics than the `application.submitted` that says who the
 * parent is, in no order with it. Two instances on the real database and Redis: what comes first waits, and is
 * delivered once (one inbox message, one e-mail) when the submitted event comes, whichever instance handles
 * which, however they interleave; an erasure in between leaves nothing to deliver and nothing waiting.
 */
describe('events that come before their application is submitted', () => {
  jest.setTimeout(180_000);
  const sent: Delivery[] = [];
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    const dbName = uniqueId('notif-waiting');
    const config = loadNotificationsConfig({
      NODE_ENV: 'test',
      MONGO_URL: stack.mongoUrl,
      REDIS_URL: stack.redisUrl,
      QUEUE_PREFIX: uniqueId('notif-waiting'),
      EMAIL_RATE_PER_SECOND: '1000',
      JOB_LOCK_MS: '5000',
    });
    a = await startInstance(dbName, config, sent);
    b = await startInstance(dbName, config, sent);
  });

  afterEach(() => {
    for (const instance of [a, b]) {
      instance.repository.beforeRecipient = undefined;
      instance.repository.afterRecipient = undefined;
    }
  });

  afterAll(async () => {
    await a?.connection.dropDatabase();
    await a?.close();
    await b?.close();
  });

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const occurred = (offsetMs: number) => new Date(Date.now() - 60_000 + offsetMs);

  /** An application and the events about it that come on other topics: its income check and two routed requests. */
  function application(language: 'nl' | 'en' = 'en') {
    const applicationId = uniqueId('app');
    const subject = uniqueId('parent');
    const email = `${subject}@example.nl`;
    const submitted = submittedEvent({ subject, email, language, applicationId });
    const income = createEvent(incomeCheckCompletedV2, {
      correlationId: applicationId,
      causationId: submitted.id,
      producer: 'income-checks',
      occurredAt: occurred(1000),
      payload: {
        checkId: uniqueId('check'),
        applicationId,
        municipalityCode: 'GM0080',
        outcome: 'eligible',
        percentageOfNorm: 105.9,
        normRatioPpm: 1_059_000,
        municipalityLimitPercent: 120,
        basis: 'declared-income',
        circumstances: [],
        validUntil: null,
        reused: false,
        explanation: { nl: 'Inkomen 105,9% van de bijstandsnorm.', en: 'Income 105.9% of the social-assistance norm.' },
      },
    });
    const routed = ['Stichting Leergeld Leeuwarden', 'Jeugdfonds Sport & Cultuur'].map((fundName, i) =>
      createEvent(fundRequestRoutedV1, {
        correlationId: applicationId,
        causationId: income.id,
        producer: 'fund-routing',
        occurredAt: occurred(2000 + i),
        payload: {
          requestId: uniqueId('req'),
          applicationId,
          itemId: uniqueId('item'),
          childRef: 'c1',
          category: 'school-trip',
          amountCents: 4500,
          fundId: `fund-${i}`,
          fundName,
          catalogueVersion: 1,
          endorsementRequired: false,
          explanation: [],
        },
      }),
    );
    return { applicationId, subject, email, submitted, early: [income, ...routed] as EventEnvelope[] };
  }

  const waitingFor = (applicationId: string) => a.connection.db!.collection('waiting-events').countDocuments({ applicationId });
  const sentTo = (email: string) => sent.filter((d) => d.to === email);

  it('delivers an income check and two routed requests that came first once the application is submitted, once each', async () => {
    const app = application('en');
    for (const event of app.early) await a.notify.handle(event);
    expect(await waitingFor(app.applicationId)).toBe(3);
    expect(await a.repository.inboxOf(app.subject)).toEqual([]);

    await b.notify.handle(app.submitted);
    const inbox = await a.repository.inboxOf(app.subject);
    expect(inbox.map((m) => m.type).sort()).toEqual(['application-received', 'income-eligible', 'request-routed', 'request-routed']);
    expect(inbox.map((m) => m.title).sort()).toEqual([
      'We received your application',
      'Your income qualifies',
      'Your request is with Jeugdfonds Sport & Cultuur',
      'Your request is with Stichting Leergeld Leeuwarden',
    ]);
    // In the recipient's words: the child's name from the submitted event, and the time the event happened.
    expect(inbox.filter((m) => m.type === 'request-routed').every((m) => m.body.includes('for Sanne'))).toBe(true);
    expect(inbox.find((m) => m.type === 'income-eligible')?.createdAt).toEqual(new Date(app.early[0].occurredAt));
    const deliveries = await a.repository.deliveriesOf(app.subject);
    expect(deliveries).toHaveLength(4);
    expect(deliveries.every((d) => d.channel === 'email' && d.language === 'en' && d.to === app.email)).toBe(true);
    expect(await waitingFor(app.applicationId)).toBe(0);
    await waitUntil(() => sentTo(app.email).length === 4, { what: 'four e-mails sent' });

    // The submitted event again (on either instance), and every early event again: nothing new.
    await a.notify.handle(app.submitted);
    await b.notify.handle(app.submitted);
    for (const event of app.early) await b.notify.handle(event);
    await Promise.all(app.early.map((event) => a.notify.handle(event)));
    await pause(1500);
    expect(await a.repository.inboxOf(app.subject)).toHaveLength(4);
    expect(await a.repository.deliveriesOf(app.subject)).toHaveLength(4);
    expect(await waitingFor(app.applicationId)).toBe(0);
    expect(sentTo(app.email)).toHaveLength(4);
    expect(new Set(sentTo(app.email).map((d) => d.id)).size).toBe(4);
  });

  it('waits once for an event that comes twice before the submitted event, and delivers it once', async () => {
    const app = application('nl');
    const [income] = app.early;
    await Promise.all([a.notify.handle(income), b.notify.handle(income)]);
    await a.notify.handle(income);
    expect(await waitingFor(app.applicationId)).toBe(1);
    await Promise.all([a.notify.handle(app.submitted), b.notify.handle(app.submitted)]);
    const inbox = await a.repository.inboxOf(app.subject);
    expect(inbox.map((m) => m.title).sort()).toEqual(['Uw inkomen past', 'We hebben uw aanvraag ontvangen']);
    expect(await waitingFor(app.applicationId)).toBe(0);
    await waitUntil(() => sentTo(app.email).length === 2, { what: 'two e-mails sent' });
  });

  it('delivers an event whose handler found no recipient, when the submitted event is handled before it parks', async () => {
    const app = application('en');
    const routed = app.early[1];
    // The parker has looked for the recipient and found none; before it parks, the submitted event is handled
    // elsewhere, saves the recipient and finds nothing waiting. The parker must see the recipient when it looks again.
    const point = holdPoint();
    a.repository.afterRecipient = async (id, found) => {
      if (id !== app.applicationId || found) return;
      a.repository.afterRecipient = undefined;
      await point.hold();
    };
    const parking = a.notify.handle(routed);
    await point.reached;
    await b.notify.handle(app.submitted);
    expect(await waitingFor(app.applicationId)).toBe(0);
    point.release();
    await parking;
    const inbox = await a.repository.inboxOf(app.subject);
    expect(inbox.map((m) => m.title).sort()).toEqual(['We received your application', 'Your request is with Stichting Leergeld Leeuwarden']);
    expect(await waitingFor(app.applicationId)).toBe(0);
    await waitUntil(() => sentTo(app.email).length === 2, { what: 'two e-mails sent' });
  });

  it('delivers once when the parker and the submitted handler both deliver the same parked event', async () => {
    const app = application('nl');
    const routed = app.early[1];
    // Parked, and about to look again: meanwhile the submitted handler finds it parked and delivers it; then the
    // parker finds the recipient and delivers it too.
    const point = holdPoint();
    let looks = 0;
    a.repository.beforeRecipient = async (id) => {
      if (id !== app.applicationId || ++looks !== 2) return;
      await point.hold();
    };
    const parking = a.notify.handle(routed);
    await point.reached;
    expect(await waitingFor(app.applicationId)).toBe(1);
    await b.notify.handle(app.submitted);
    expect(await waitingFor(app.applicationId)).toBe(0);
    point.release();
    await parking;
    const inbox = await a.repository.inboxOf(app.subject);
    expect(inbox.map((m) => m.title).sort()).toEqual(['Uw aanvraag is bij Stichting Leergeld Leeuwarden', 'We hebben uw aanvraag ontvangen']);
    expect(await a.repository.deliveriesOf(app.subject)).toHaveLength(2);
    await waitUntil(() => sentTo(app.email).length === 2, { what: 'two e-mails sent' });
    await pause(1000);
    expect(sentTo(app.email)).toHaveLength(2);
  });

  it('never loses a notice when the early events and the submitted event race on two instances', async () => {
    const ROUNDS = 5;
    const APPLICATIONS = 20;
    const apps: ReturnType<typeof application>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const batch = Array.from({ length: APPLICATIONS }, () => application(round % 2 ? 'nl' : 'en'));
      apps.push(...batch);
      // Twenty applications at once; each one's events on both instances, started within a few milliseconds of
      // each other in no fixed order, so parking and saving the recipient interleave every which way.
      await Promise.all(
        batch.flatMap((app, i) => {
          const [first, second] = i % 2 ? [a, b] : [b, a];
          return [
            ...app.early.map((event, j) => pause(Math.random() * 15).then(() => (j % 2 ? first : second).notify.handle(event))),
            pause(Math.random() * 15).then(() => first.notify.handle(app.submitted)),
          ];
        }),
      );
    }
    for (const app of apps) {
      const inbox = await a.repository.inboxOf(app.subject);
      expect(inbox.map((m) => m.type).sort()).toEqual(['application-received', 'income-eligible', 'request-routed', 'request-routed']);
      expect(await a.repository.deliveriesOf(app.subject)).toHaveLength(4);
      expect(await waitingFor(app.applicationId)).toBe(0);
    }
    await waitUntil(() => apps.every((app) => sentTo(app.email).length >= 4), { what: 'every e-mail sent', timeoutMs: 60_000 });
    await pause(1000);
    for (const app of apps) expect(new Set(sentTo(app.email).map((d) => d.id)).size).toBe(sentTo(app.email).length);
    expect(apps.every((app) => sentTo(app.email).length === 4)).toBe(true);
  });

  it('delivers nothing and keeps nothing waiting when the application is erased between parking and submitted', async () => {
    const app = application('en');
    for (const event of app.early) await a.notify.handle(event);
    expect(await waitingFor(app.applicationId)).toBe(3);

    const report = await b.erase.execute({ subject: app.subject, applicationIds: [app.applicationId] });
    expect(report.waitingEvents).toBe(3);
    expect(await waitingFor(app.applicationId)).toBe(0);

    // Late events of the erased application are not parked, and its submitted event delivers nothing.
    await a.notify.handle(app.early[1]);
    await b.notify.handle(app.submitted);
    await a.notify.handle(app.early[2]);
    await pause(1000);
    expect(await waitingFor(app.applicationId)).toBe(0);
    expect(await a.repository.recipient(app.applicationId)).toBeNull();
    expect(await a.repository.inboxOf(app.subject)).toEqual([]);
    expect(await a.repository.deliveriesOf(app.subject)).toEqual([]);
    expect(sentTo(app.email)).toEqual([]);
  });

  it('parks nothing of an application erased after its event was checked for erasure but before it parked', async () => {
    const app = application('en');
    const point = holdPoint();
    a.repository.afterRecipient = async (id, found) => {
      if (id !== app.applicationId || found) return;
      a.repository.afterRecipient = undefined;
      await point.hold();
    };
    const parking = a.notify.handle(app.early[0]);
    await point.reached;
    await b.erase.execute({ subject: app.subject, applicationIds: [app.applicationId] });
    point.release();
    await parking;
    expect(await waitingFor(app.applicationId)).toBe(0);
    await b.notify.handle(app.submitted);
    expect(await a.repository.inboxOf(app.subject)).toEqual([]);
    expect(await a.repository.deliveriesOf(app.subject)).toEqual([]);
  });

  it('leaves nothing waiting and delivers nothing when an erasure races the early events, many times', async () => {
    const apps = Array.from({ length: 30 }, () => application('nl'));
    await Promise.all(
      apps.flatMap((app, i) => [
        ...app.early.map((event, j) => pause(Math.random() * 15).then(() => ((i + j) % 2 ? a : b).notify.handle(event))),
        pause(Math.random() * 15).then(() => (i % 2 ? b : a).erase.execute({ subject: app.subject, applicationIds: [app.applicationId] })),
      ]),
    );
    await Promise.all(apps.map((app, i) => (i % 2 ? a : b).notify.handle(app.submitted)));
    await pause(1000);
    for (const app of apps) {
      expect(await waitingFor(app.applicationId)).toBe(0);
      expect(await a.repository.inboxOf(app.subject)).toEqual([]);
      expect(await a.repository.deliveriesOf(app.subject)).toEqual([]);
      expect(sentTo(app.email)).toEqual([]);
    }
  });
});
