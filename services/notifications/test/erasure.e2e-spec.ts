import { TOPICS } from '@fund-desk/contracts';
import { EventBus } from '@fund-desk/platform';
import { ApiClient, applicationRequest, erasureEvent, serviceUnderTest, stack, uniqueId, waitUntil, submittedEvent } from '@fund-desk/testing';

/**
 * Erasure on the running system: a parent applies through the gateway and hears about it (in-app, e-mail,
 * a text message held for quiet hours), then `personal-data.erasure-requested` arrives. Every read path of
 * notifications shows nothing of them any more, the delivery log keeps only its record, the held text
 * message is never sent, nothing personal is left in the database, and the event coming again (or an
 * application's events arriving after its erasure) changes nothing.
 */
jest.setTimeout(180_000);

const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);
const sink = new ApiClient(JSON.parse(process.env.E2E_URLS!)['dev-mail-sink']);
const notifications = serviceUnderTest('notifications', () => new EventBus({ clientId: uniqueId('erasure-test'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 }));
const { handled, mentions } = notifications;

interface Inbox {
  items: { type: string; title: string; body: string }[];
  unread: number;
}
interface Deliveries {
  items: Record<string, unknown>[];
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Letters only, unique: a child's name no other test uses, to look for anywhere in the database. */
const uniqueName = (prefix: string) => prefix + uniqueId('').replace(/\d/g, (d) => 'abcdefghij'[Number(d)]);
const smsTo = async (phone: string) => (await sink.get<{ items: unknown[] }>(`/api/v1/dev/sms?to=${encodeURIComponent(phone)}`)).body.items;
const mailsTo = async (email: string) => (await sink.get<{ items: unknown[] }>(`/api/v1/dev/mailbox?to=${encodeURIComponent(email)}`)).body.items;

/** The Dutch wall clock (quiet hours are in Dutch time), minutes from now. */
const dutchClock = (offsetMinutes: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + offsetMinutes * 60_000));

describe('erasure of personal data in notifications', () => {
  it("removes the person's messages, contact details and preferences, keeps only the record of deliveries, and sends nothing still queued", async () => {
    const subject = uniqueId('parent');
    const parent = await gateway.login('parent', subject);
    const email = `${subject}@example.nl`;
    const phone = `+3164${String(Date.now()).slice(-7)}`;
    const child = uniqueName('Wies');

    // Quiet hours that end at the next minute, at least 30 s away: the text message is held, and due while
    // this test still runs.
    const seconds = new Date().getSeconds();
    if (seconds > 30) await settle((61 - seconds) * 1000);
    const preferences = { language: 'en', phone, channels: { email: true, sms: true }, quietHours: { start: dutchClock(-60), end: dutchClock(1) } };
    expect((await parent.put('/api/v1/me/preferences', preferences)).status).toBe(200);

    const submitted = await parent.post<{ id: string }>(
      '/api/v1/applications',
      applicationRequest({ children: [{ ref: 'c1', firstName: child, birthDate: '2016-03-14' }], contact: { email, language: 'en', phone } }),
    );
    expect(submitted.status).toBe(202);
    const applicationId = submitted.body.id;

    // Told in-app (received, income, and with the child's name once the request is routed), by e-mail, and
    // by text messages held for quiet hours.
    const messages = await waitUntil(
      async () => {
        const inbox = (await parent.get<Inbox>('/api/v1/me/notifications')).body;
        const types = inbox.items.map((m) => m.type);
        const all = types.includes('application-received') && types.includes('income-eligible') && types.includes('request-routed');
        return all && inbox.items.some((m) => m.body.includes(child)) ? inbox.items : null;
      },
      { what: 'the messages about the application' },
    );
    const before = await waitUntil(
      async () => {
        const { items } = (await parent.get<Deliveries>('/api/v1/me/deliveries')).body;
        const sms = items.filter((d) => d.channel === 'sms');
        const sent = items.filter((d) => d.channel === 'email' && d.status === 'sent');
        return sent.length === messages.length && sms.length === messages.length && sms.every((d) => d.status === 'queued') ? items : null;
      },
      { what: 'the e-mails sent and the text messages held' },
    );
    expect(await smsTo(phone)).toHaveLength(0);
    expect(await notifications.db.collection('recipients').findOne({ _id: applicationId } as never)).toMatchObject({ email, phone });

    const event = erasureEvent(subject, [applicationId]);
    await notifications.publish(TOPICS.privacy, [event]);
    await handled(event);

    // Every read path: nothing of them.
    expect((await parent.get<Inbox>('/api/v1/me/notifications')).body).toEqual({ items: [], unread: 0 });
    expect((await parent.get('/api/v1/me/preferences')).body).toEqual({ channels: { email: true, sms: false }, quietHours: { start: '21:00', end: '08:00' } });
    const after = (await parent.get<Deliveries>('/api/v1/me/deliveries')).body.items;
    expect(after.map((d) => d.id).sort()).toEqual(before.map((d) => d.id).sort());
    for (const delivery of after) {
      expect(delivery.status).toBe(delivery.channel === 'sms' ? 'cancelled' : 'sent');
      expect(Object.keys(delivery).filter((k) => !['id', 'channel', 'type', 'status', 'attempts', 'createdAt', 'sentAt'].includes(k))).toEqual([]);
    }

    // At rest: the delivery records without address, text or error; nothing that names or reaches them anywhere.
    const records = await notifications.db.collection('deliveries').find({ subject }).toArray();
    expect(records).toHaveLength(before.length);
    for (const record of records) {
      for (const field of ['to', 'language', 'title', 'body', 'lastError']) expect(record).not.toHaveProperty(field);
      expect(record).toMatchObject({ subject, applicationId, erasedAt: expect.any(Date) });
    }
    expect(await notifications.db.collection('recipients').findOne({ _id: applicationId } as never)).toBeNull();
    expect(await notifications.db.collection('preferences').findOne({ _id: subject } as never)).toBeNull();
    expect(await notifications.db.collection('inbox-messages').countDocuments({ $or: [{ subject }, { applicationId }] })).toBe(0);
    expect(await mentions(email, phone, child)).toEqual([]);

    // The same event again, and another request to erase the same: harmless.
    const again = erasureEvent(subject, [applicationId]);
    await notifications.publish(TOPICS.privacy, [event, again]);
    await handled(again);
    expect((await parent.get<Inbox>('/api/v1/me/notifications')).body.items).toEqual([]);
    expect((await parent.get<Deliveries>('/api/v1/me/deliveries')).body.items).toEqual(after);

    // The held text message's job comes due and finds nothing to send.
    const due = Math.max(...records.filter((r) => r.channel === 'sms').map((r) => new Date(r.notBefore).getTime()));
    await settle(Math.max(0, due - Date.now()) + 5000);
    expect(await smsTo(phone)).toHaveLength(0);
    expect((await parent.get<Deliveries>('/api/v1/me/deliveries')).body.items.filter((d) => d.channel === 'sms').every((d) => d.status === 'cancelled')).toBe(true);
  });

  it('stores nothing of an application whose events arrive after its erasure', async () => {
    const subject = uniqueId('parent');
    const parent = await gateway.login('parent', subject);
    const email = `${subject}@example.nl`;
    const applicationId = uniqueId('app');
    const erase = erasureEvent(subject, [applicationId]);
    await notifications.publish(TOPICS.privacy, [erase]);
    await handled(erase);

    // The privacy topic is not ordered with the others: the application's own event comes later.
    const late = submittedEvent({ subject, email, applicationId });
    await notifications.publish(TOPICS.applications, [late]);
    await handled(late);
    await settle(1000);
    expect(await notifications.db.collection('recipients').findOne({ _id: applicationId } as never)).toBeNull();
    expect((await parent.get<Inbox>('/api/v1/me/notifications')).body.items).toEqual([]);
    expect((await parent.get<Deliveries>('/api/v1/me/deliveries')).body.items).toEqual([]);
    expect(await mailsTo(email)).toHaveLength(0);
  });
});
