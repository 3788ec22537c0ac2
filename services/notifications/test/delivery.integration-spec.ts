import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import {
  createEvent,
  decodeEnvelope,
  EventEnvelope,
  fundRequestAnsweredV1,
  fundRequestDecidedV1,
  fundRequestRoutedV1,
  notificationFailedV1,
  TOPICS,
} from '@fund-desk/contracts';
import { DevTokenSigner, EventBus } from '@fund-desk/platform';
import { ApiClient, findRepoRoot, launchSystem, publishOn, RunningSystem, stack, submittedEvent, uniqueId, waitUntil } from '@fund-desk/testing';

/**
 * Notifications on its own, with its own SMTP sink and SMS double (so refusing mail here disturbs no other
 * test), fed with events on the real Kafka: exactly one e-mail per recipient even when an event comes twice
 * or the worker dies mid-send, retries that end in a recorded and published failure, quiet hours for text
 * messages, digests for fund staff, reminders for an unanswered question.
 */
jest.setTimeout(120_000);

const BASE_PORT = 19_100;
let system: RunningSystem;
let bus: EventBus;
let sink: ApiClient;
let tokens: DevTokenSigner;

const as = (subject: string, role = 'parent', extra: Record<string, string> = {}) =>
  new ApiClient(system.urls.notifications).withToken(tokens.issue({ subject, role: role as never, ...extra }));

beforeAll(async () => {
  const root = findRepoRoot(__dirname);
  const namespace = uniqueId('notif');
  system = await launchSystem({
    namespace,
    basePort: BASE_PORT,
    gatewayPort: BASE_PORT + 80,
    logDir: join(root, '.local', 'test-logs', namespace),
    consumeFromBeginning: false,
    nodeEnv: 'test',
    repoRoot: root,
    only: ['dev-mail-sink', 'notifications'],
    extraEnv: {
      notifications: { EMAIL_ATTEMPTS: '3', EMAIL_BACKOFF_MS: '100', SMS_BACKOFF_MS: '100', JOB_LOCK_MS: '2000', REMINDER_DAYS: '2,4', REMINDER_DAY_MS: '1000' },
    },
  });
  tokens = new DevTokenSigner(system.devLoginKey);
  bus = new EventBus({ clientId: uniqueId('notif-test'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 });
  sink = new ApiClient(system.urls['dev-mail-sink']);
});

afterAll(async () => {
  await bus?.disconnect?.();
  await system?.stop();
});

const mailsTo = async (email: string) => (await sink.get<{ items: { subject: string; text: string }[] }>(`/api/v1/dev/mailbox?to=${encodeURIComponent(email)}`)).body.items;
const smsTo = async (phone: string) => (await sink.get<{ items: { text: string }[] }>(`/api/v1/dev/sms?to=${encodeURIComponent(phone)}`)).body.items;

const submitted = (subject: string, email: string, extra: { phone?: string; language?: 'nl' | 'en' } = {}) => submittedEvent({ subject, email, ...extra });

const publish = (events: EventEnvelope[], topic: string) => publishOn(bus, topic, events);

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('delivering notifications', () => {
  it('sends one e-mail per recipient when the same event is delivered twice', async () => {
    const email = `${uniqueId('twice')}@example.nl`;
    const event = submitted(uniqueId('parent'), email);
    await publish([event], TOPICS.applications);
    await publish([event], TOPICS.applications);
    await waitUntil(async () => ((await mailsTo(email)).length ? true : null), { what: 'the e-mail' });
    await settle(1500);
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it('sends one e-mail when the worker dies in the middle of sending it', async () => {
    const email = `${uniqueId('crash')}@example.nl`;
    await sink.put('/api/v1/dev/mailbox/behaviour', { ackDelayMs: 6000 });
    try {
      await publish([submitted(uniqueId('parent'), email)], TOPICS.applications);
      await settle(2500); // the job is in the middle of the SMTP conversation, waiting for the server's 250
      await system.stopService('notifications', 'SIGKILL');
      await settle(1000);
      expect(await mailsTo(email)).toHaveLength(0); // the server never took responsibility for it
    } finally {
      await sink.put('/api/v1/dev/mailbox/behaviour', { ackDelayMs: 0 });
    }
    await system.startService('notifications');
    await waitUntil(async () => ((await mailsTo(email)).length ? true : null), { what: 'the e-mail after the restart', timeoutMs: 30_000 });
    await settle(1500);
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it('retries a refusing SMTP server, then records the failure, publishes it, and lists it for administrators', async () => {
    const subject = uniqueId('parent');
    const email = `${uniqueId('refused')}@example.nl`;
    const kafka = new Kafka({ clientId: uniqueId('reader'), brokers: stack.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: uniqueId('failures-reader') });
    const failures: EventEnvelope[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.notifications, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void failures.push(decodeEnvelope(message.value!)) });
    await sink.put('/api/v1/dev/mailbox/refusal', { reason: 'mailbox full' });
    try {
      await publish([submitted(subject, email)], TOPICS.applications);
      const failed = await waitUntil(
        async () => {
          const list = await as(subject).get<{ items: { channel: string; status: string; attempts: number }[] }>('/api/v1/me/deliveries');
          return list.body.items.find((d) => d.channel === 'email' && d.status === 'failed') ?? null;
        },
        { what: 'the failure recorded', timeoutMs: 30_000 },
      );
      expect(failed.attempts).toBe(3);
    } finally {
      await sink.put('/api/v1/dev/mailbox/refusal', { reason: null });
    }
    const admin = as(uniqueId('admin'), 'admin');
    const listed = await admin.get<{ items: { to: string; subject: string; lastError: string }[] }>('/api/v1/notifications/failures');
    const mine = listed.body.items.find((f) => f.subject === subject)!;
    expect(mine.to).toMatch(/^r\*\*\*@example\.nl$/); // masked
    expect(mine.lastError).toContain('mailbox full');
    expect((await as(subject).get('/api/v1/notifications/failures')).status).toBe(403);
    const published = await waitUntil(async () => failures.find((e) => e.type === notificationFailedV1.type && (e.payload as { subject: string }).subject === subject) ?? null, {
      what: 'notification.failed on Kafka',
      timeoutMs: 20_000,
    });
    expect(published.payload).toMatchObject({ channel: 'email', messageType: 'application-received', attempts: 3 });
    expect(JSON.stringify(published)).not.toContain(email);
    await consumer.disconnect();
  });

  it('sends text messages as chosen, and holds them during quiet hours', async () => {
    const awake = uniqueId('awake');
    const phoneAwake = `+3161${String(Date.now()).slice(-7)}`;
    expect((await as(awake).put('/api/v1/me/preferences', { phone: phoneAwake, channels: { email: true, sms: true }, quietHours: null })).status).toBe(200);
    await publish([submitted(awake, `${awake}@example.nl`)], TOPICS.applications);
    const texts = await waitUntil(async () => ((await smsTo(phoneAwake)).length ? smsTo(phoneAwake) : null), { what: 'the text message', timeoutMs: 45_000 });
    expect(texts).toHaveLength(1);
    expect(texts[0].text.length).toBeLessThanOrEqual(300);

    // Quiet hours around now (Dutch time): the e-mail goes, the text message waits until they end.
    const sleeper = uniqueId('sleeper');
    const phoneSleeper = `+3162${String(Date.now()).slice(-7)}`;
    const clock = (offsetMinutes: number) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + offsetMinutes * 60_000));
    await as(sleeper).put('/api/v1/me/preferences', { phone: phoneSleeper, channels: { email: true, sms: true }, quietHours: { start: clock(-60), end: clock(120) } });
    await publish([submitted(sleeper, `${sleeper}@example.nl`)], TOPICS.applications);
    await waitUntil(async () => ((await mailsTo(`${sleeper}@example.nl`)).length ? true : null), { what: 'the e-mail' });
    await settle(1500);
    expect(await smsTo(phoneSleeper)).toHaveLength(0);
    const deliveries = await as(sleeper).get<{ items: { channel: string; status: string }[] }>('/api/v1/me/deliveries');
    expect(deliveries.body.items.find((d) => d.channel === 'sms')?.status).toBe('queued');

    // Text messages off: none at all.
    const quiet = uniqueId('no-sms');
    const phoneQuiet = `+3163${String(Date.now()).slice(-7)}`;
    await as(quiet).put('/api/v1/me/preferences', { phone: phoneQuiet, channels: { email: true, sms: false } });
    await publish([submitted(quiet, `${quiet}@example.nl`)], TOPICS.applications);
    await waitUntil(async () => ((await mailsTo(`${quiet}@example.nl`)).length ? true : null), { what: 'the e-mail' });
    await settle(1000);
    expect(await smsTo(phoneQuiet)).toHaveLength(0);
  });

  it('groups a fund’s new requests into one digest per staff member', async () => {
    const fundId = uniqueId('fund').toLowerCase();
    const staffEmail = `${uniqueId('staff')}@example.nl`;
    const admin = as(uniqueId('admin'), 'admin');
    expect((await admin.put(`/api/v1/notifications/funds/${fundId}/contacts`, { contacts: [{ email: staffEmail, language: 'nl' }] })).status).toBe(200);
    const parent = submitted(uniqueId('parent'), `${uniqueId('p')}@example.nl`);
    await publish([parent], TOPICS.applications);
    const applicationId = (parent.payload as { applicationId: string }).applicationId;
    const routed = Array.from({ length: 4 }, () =>
      createEvent(fundRequestRoutedV1, {
        correlationId: applicationId,
        causationId: null,
        producer: 'test',
        payload: { requestId: uniqueId('req'), applicationId, itemId: uniqueId('item'), childRef: 'c1', category: 'school-trip', amountCents: 4500, fundId, fundName: 'Testfonds Digest', catalogueVersion: 1, endorsementRequired: false, explanation: [] },
      }),
    );
    await publish(routed, TOPICS.fundRequests);
    const staff = as(uniqueId('anna'), 'fund-staff', { fundId });
    await waitUntil(
      async () => ((await staff.get<{ newCount: number }>(`/api/v1/notifications/funds/${fundId}/digest`)).body.newCount === 4 ? true : null),
      { what: 'four new requests for the digest' },
    );
    const report = (await staff.post<{ kind: string | null; newCount: number; sentTo: number }>(`/api/v1/notifications/funds/${fundId}/digest`)).body;
    expect(report.newCount).toBe(4);
    expect(report).toMatchObject({ sentTo: 1 });
    const digests = await waitUntil(async () => ((await mailsTo(staffEmail)).length ? mailsTo(staffEmail) : null), { what: 'the digest e-mail' });
    expect(digests).toHaveLength(1);
    expect(digests[0].text).toMatch(/4 nieuwe aanvragen/);
    // Not one mail per request, and asking again within the hour sends nothing new.
    await staff.post(`/api/v1/notifications/funds/${fundId}/digest`);
    await settle(1000);
    expect(await mailsTo(staffEmail)).toHaveLength(1);
    expect((await as(uniqueId('bram'), 'fund-staff', { fundId: 'other-fund' }).post(`/api/v1/notifications/funds/${fundId}/digest`)).status).toBe(403);
  });

  it('reminds of an unanswered question after the set days, and stops once it is answered', async () => {
    const subject = uniqueId('parent');
    const email = `${uniqueId('reminded')}@example.nl`;
    const app = submitted(subject, email);
    await publish([app], TOPICS.applications);
    const applicationId = (app.payload as { applicationId: string }).applicationId;
    const ref = { applicationId, itemId: uniqueId('item'), childRef: 'c1', category: 'school-trip' as const };
    const ask = (requestId: string) =>
      createEvent(fundRequestDecidedV1, {
        correlationId: applicationId,
        causationId: null,
        producer: 'test',
        payload: { ...ref, requestId, fundId: 'leergeld-leeuwarden', fundName: 'Stichting Leergeld Leeuwarden', decision: 'information-requested', amountCents: 4500, message: 'Welke school?', rerouted: false },
      });
    const open = uniqueId('req-open');
    const answered = uniqueId('req-answered');
    await publish([ask(open), ask(answered)], TOPICS.fundRequests);
    await publish([
      createEvent(fundRequestAnsweredV1, {
        correlationId: applicationId,
        causationId: null,
        producer: 'test',
        payload: { ...ref, requestId: answered, fundId: 'leergeld-leeuwarden', fundName: 'Stichting Leergeld Leeuwarden', answer: 'De Tamarisk' },
      }),
    ], TOPICS.fundRequests);
    // Reminders after "2 and 4 days" (a day is a second here): two, for the open question only.
    const reminders = async () =>
      (await as(subject).get<{ items: { type: string; body: string }[] }>('/api/v1/me/notifications')).body.items.filter((m) => m.type === 'information-reminder');
    await waitUntil(async () => ((await reminders()).length >= 2 ? true : null), { what: 'two reminders', timeoutMs: 20_000 });
    await settle(2500);
    const sent = await reminders();
    expect(sent).toHaveLength(2);
    expect(sent.every((m) => m.body.includes('Welke school?'))).toBe(true);
    expect((await mailsTo(email)).filter((m) => m.text.includes('Welke school?'))).toHaveLength(4); // two questions, two reminders
  });
});
