import { randomBytes } from 'node:crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import {
  applicationItemsAddedV1,
  applicationObjectionFiledV1,
  applicationSubmittedV1,
  applicationWithdrawnV1,
  createEvent,
  decodeEnvelope,
  EventEnvelope,
  fundRequestReopenedV1,
  fundRequestWithdrawnV1,
  incomeCheckCompletedV2,
  personalDataErasureRequestedV1,
  TOPICS,
} from '@fund-desk/contracts';
import { EventBus } from '@fund-desk/platform';
import { ApiClient, applicationRequest, stack, uniqueId, waitUntil, useIsolatedFund } from '@fund-desk/testing';

/**
 * What happens to requests after routing when the application changes: the applicant withdraws items
 * (before or after they reach a fund), adds items, objects to a decline, or has their personal data erased.
 * Applications' events are put on Kafka directly; applications themselves are submitted through the gateway.
 */
jest.setTimeout(120_000);

const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);
const year = new Date().getUTCFullYear();
/** 19 this year: only this file's fund takes summer activities at that age (Kinderhulp only up to €500 per child). */
const birthDate = (month: string) => `${year - 19}-${month}-15`;
const childKey = () => randomBytes(32).toString('hex');

interface QueueItem {
  id: string;
  status: string;
  amountCents: number;
  childFirstName: string;
  description?: string;
  provider?: { name: string; iban: string };
}
interface Detail extends QueueItem {
  history: { status: string; reasonCode?: string }[];
  objection?: { reason: string; filedAt: string };
}
interface Budget {
  reservedCents: number;
  spentCents: number;
}

describe('application changes after routing', () => {
  // A fund of its own for 18- to 20-year-olds' summer activities in Leeuwarden (priority 1): no other test's
  // requests reach it, so its budget moves only with this file's requests.
  const { fundId } = useIsolatedFund(
    gateway,
    'zomerfonds',
    { name: 'Zomerfonds Test', municipality: 'GM0080', category: 'summer-activity', minAge: 18, maxAge: 20 },
    { childLimits: [{ categories: ['summer-activity'], amountCents: [{ minAge: 18, maxAge: 20, cents: 100_000 }] }], account: { name: 'Stichting Zomerfonds Test', iban: 'NL02ABNA0123456789', bic: 'ABNANL2A' }, yearlyBudgetCents: 5_000_000 },
  );
  const base = `/api/v1/funds/${fundId}`;
  let staff: ApiClient;
  let bus: EventBus;
  let mongo: mongoose.Connection;
  let reader: Consumer;
  /** What fund-routing published on the fund-requests topic since this file started. */
  const published: EventEnvelope[] = [];

  beforeAll(async () => {
    staff = await gateway.login('fund-staff', uniqueId('staff'), { fundId });
    bus = new EventBus({ clientId: uniqueId('changes-test'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 });
    mongo = await mongoose.createConnection(stack.mongoUrl, { dbName: `${process.env.E2E_NAMESPACE}-fund-routing`, maxPoolSize: 1 }).asPromise();
    // Read fund-requests from the latest offset: ready once the group has joined and fetched.
    const kafka = new Kafka({ clientId: uniqueId('reader'), brokers: stack.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
    reader = kafka.consumer({ groupId: uniqueId('fund-requests-reader'), maxWaitTimeInMs: 500 });
    let fetched = false;
    reader.on(reader.events.FETCH, () => (fetched = true));
    await reader.connect();
    await reader.subscribe({ topic: TOPICS.fundRequests, fromBeginning: false });
    await reader.run({ eachMessage: async ({ message }) => void published.push(decodeEnvelope(message.value!)) });
    await waitUntil(() => fetched, { what: 'the fund-requests reader to fetch', timeoutMs: 30_000 });
  });

  afterAll(async () => {
    await reader?.disconnect();
    await bus?.disconnect?.();
    await mongo?.close();
  });

  const publish = (topic: string, ...events: EventEnvelope[]) => bus.publish(events.map((e) => ({ ...e, topic })));
  const budget = async () => (await staff.get<Budget>(`${base}/budget`)).body;
  const queue = async () => (await staff.get<{ items: QueueItem[] }>(`${base}/requests?limit=200`)).body.items;
  const inQueue = (id: string, wanted: (r: QueueItem) => boolean, what: string) =>
    waitUntil(async () => (await queue()).find((r) => r.id === id && wanted(r)) ?? null, { what });
  /**
   * Events about a request, at a fund (this file's by default). Another system on the same broker (a
   * colleague's test run) hears the same application events and routes them in its own database, never to
   * this file's fund: its events are told apart by the fund.
   */
  const eventsFor = (type: string, requestId: string, at: string | null = fundId) =>
    published.filter((e) => {
      const p = e.payload as { requestId: string; fundId: string | null };
      return e.type === type && p.requestId === requestId && p.fundId === at;
    });
  const meta = (applicationId: string) => ({ correlationId: applicationId, causationId: null, producer: 'applications' });

  /**
   * Submits through the gateway and waits until every item is routed to this file's fund (as its queue says:
   * the parent's view may also hear of another system on a shared broker); returns the item ids in order.
   */
  async function routedApplication(parent: ApiClient, children: Record<string, unknown>[], items: Record<string, unknown>[]) {
    const submitted = await parent.post<{ id: string }>('/api/v1/applications', applicationRequest({ children, items }));
    expect(submitted.status).toBe(202);
    const view = await parent.get<{ items: { id: string; childRef: string }[] }>(`/api/v1/applications/${submitted.body.id}`);
    // One item per child in these tests (the same need twice for one child would be a duplicate).
    const itemIds = items.map((item) => view.body.items.find((i) => i.childRef === item.childRef)!.id);
    await waitUntil(
      async () => {
        const routed = (await queue()).filter((r) => itemIds.includes(r.id) && r.status === 'routed');
        return routed.length === itemIds.length;
      },
      { what: "every item routed to this file's fund" },
    );
    return { applicationId: submitted.body.id, itemIds };
  }

  const itemsAdded = (applicationId: string, items: { itemId: string; childRef: string; amountCents: number }[], children = [{ ref: 'c9', firstName: 'Fenna', birthDate: birthDate('05'), key: childKey() }]) =>
    createEvent(applicationItemsAddedV1, {
      ...meta(applicationId),
      payload: {
        applicationId,
        children,
        items: items.map((i) => ({ ...i, category: 'summer-activity' as const, description: 'Zeilkamp', provider: { name: 'Zeilschool De Friese Meren', iban: 'NL91ABNA0417164300' } })),
        addedAt: new Date().toISOString(),
      },
    });

  it('withdraws a routed item: its budget is given back once, the fund sees it withdrawn; fulfilled and batched items stay', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const { applicationId, itemIds } = await routedApplication(
      parent,
      [
        { ref: 'c1', firstName: 'Jelle', birthDate: birthDate('03') },
        { ref: 'c2', firstName: 'Wietske', birthDate: birthDate('08') },
        { ref: 'c3', firstName: 'Durk', birthDate: birthDate('12') },
      ],
      [
        { childRef: 'c1', category: 'summer-activity', amountCents: 20_000, description: 'Zomerkamp', provider: { name: 'Zomerkamp Ameland', iban: 'NL91ABNA0417164300' } },
        { childRef: 'c2', category: 'summer-activity', amountCents: 15_000, provider: { name: 'Zomerkamp Ameland', iban: 'NL91ABNA0417164300' } },
        { childRef: 'c3', category: 'summer-activity', amountCents: 6_000, provider: { name: 'Zomerkamp Ameland', iban: 'NL91ABNA0417164300' } },
      ],
    );
    const [open, paid, batched] = itemIds;
    expect((await staff.post(`${base}/requests/${open}/claim`)).status).toBe(200);
    expect((await staff.post(`${base}/requests/${paid}/decision`, { decision: 'approve' })).status).toBe(200);
    expect((await staff.post(`${base}/requests/${paid}/fulfilment`, { method: 'provider-paid' })).status).toBe(200);
    // Approved and in a payment batch (the file may be at the bank): the batch pays it, withdrawn or not.
    expect((await staff.post(`${base}/requests/${batched}/decision`, { decision: 'approve' })).status).toBe(200);
    const batch = await staff.post<{ id: string; payments: { requestId: string }[] }>(`${base}/payment-batches`, {});
    expect(batch.status).toBe(201);
    expect(batch.body.payments.map((p) => p.requestId)).toEqual([batched]);
    const before = await budget();

    const withdrawn = createEvent(applicationWithdrawnV1, {
      ...meta(applicationId),
      payload: { applicationId, itemIds: [open, paid, batched], whole: true, reason: 'withdrawn-by-applicant', withdrawnAt: new Date().toISOString() },
    });
    await publish(TOPICS.applications, withdrawn);
    await inQueue(open, (r) => r.status === 'withdrawn', 'the withdrawn request in the queue');
    // The budget is given back right after the request changed.
    const after = await waitUntil(async () => {
      const b = await budget();
      return b.reservedCents !== before.reservedCents ? b : null;
    }, { what: 'the reservation given back' });
    expect(before.reservedCents - after.reservedCents).toBe(20_000);
    expect(after.spentCents).toBe(before.spentCents);
    expect((await queue()).find((r) => r.id === paid)?.status).toBe('fulfilled');
    const inBatch = await waitUntil(
      async () => {
        const r = await staff.get<Detail & { paymentBatchId?: string }>(`${base}/requests/${batched}`);
        return r.body.history.some((h) => h.status === 'withdrawal-requested') ? r.body : null;
      },
      { what: 'the withdrawal noted on the batched request' },
    );
    expect(inBatch).toMatchObject({ status: 'approved', paymentBatchId: batch.body.id });
    const detail = await staff.get<Detail & { claimedBy?: string }>(`${base}/requests/${open}`);
    expect(detail.body.claimedBy).toBeUndefined();
    expect(detail.body.history.map((h) => h.status)).toContain('withdrawn');
    expect((await staff.post(`${base}/requests/${open}/decision`, { decision: 'approve' })).status).toBe(409);
    const filtered = await staff.get<{ items: QueueItem[] }>(`${base}/requests?status=withdrawn`);
    expect(filtered.body.items.map((r) => r.id)).toContain(open);
    expect(filtered.body.items.every((r) => r.status === 'withdrawn')).toBe(true);

    // The same event again, and the same withdrawal as a new event; then items added on the same partition,
    // which are handled after both: once they are routed, the withdrawals were handled and changed nothing.
    const again = createEvent(applicationWithdrawnV1, { ...meta(applicationId), payload: withdrawn.payload });
    await publish(TOPICS.applications, withdrawn, again);
    const sentinel = uniqueId('item');
    await publish(TOPICS.applications, itemsAdded(applicationId, [{ itemId: sentinel, childRef: 'c9', amountCents: 5_000 }]));
    await inQueue(sentinel, (r) => r.status === 'routed', 'the added item routed after the redelivered withdrawals');
    const afterRedelivery = await budget();
    expect(afterRedelivery.reservedCents - after.reservedCents).toBe(5_000);
    expect(afterRedelivery.spentCents).toBe(after.spentCents);
    await waitUntil(() => eventsFor(fundRequestWithdrawnV1.type, open).length > 0, { what: 'fund-request.withdrawn published' });
    expect(eventsFor(fundRequestWithdrawnV1.type, open)).toHaveLength(1);
    expect(eventsFor(fundRequestWithdrawnV1.type, open)[0].payload).toMatchObject({ requestId: open, applicationId, fundId });
    expect(eventsFor(fundRequestWithdrawnV1.type, paid)).toHaveLength(0);
    expect(eventsFor(fundRequestWithdrawnV1.type, batched)).toHaveLength(0);
    expect((await staff.get<Detail>(`${base}/requests/${batched}`)).body.history.filter((h) => h.status === 'withdrawal-requested')).toHaveLength(1);
  });

  it('routes items added to a routed application at once, each once however often the event comes', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const { applicationId } = await routedApplication(parent, [{ ref: 'c1', firstName: 'Sietse', birthDate: birthDate('02') }], [
      { childRef: 'c1', category: 'summer-activity', amountCents: 10_000, provider: { name: 'Zomerkamp Ameland', iban: 'NL91ABNA0417164300' } },
    ]);
    const before = await budget();
    const added = uniqueId('item');
    const event = itemsAdded(applicationId, [{ itemId: added, childRef: 'c9', amountCents: 12_000 }]);
    await publish(TOPICS.applications, event, event, createEvent(applicationItemsAddedV1, { ...meta(applicationId), payload: event.payload }));
    const sentinel = uniqueId('item');
    await publish(TOPICS.applications, itemsAdded(applicationId, [{ itemId: sentinel, childRef: 'c8', amountCents: 3_000 }], [{ ref: 'c8', firstName: 'Ids', birthDate: birthDate('10'), key: childKey() }]));
    await inQueue(sentinel, (r) => r.status === 'routed', 'the last added item routed');
    const routed = await inQueue(added, (r) => r.status === 'routed', 'the added item routed');
    expect(routed).toMatchObject({ amountCents: 12_000, childFirstName: 'Fenna', description: 'Zeilkamp' });
    expect((await queue()).filter((r) => r.id === added)).toHaveLength(1);
    const after = await budget();
    expect(after.reservedCents - before.reservedCents).toBe(12_000 + 3_000);
  });

  it('skips items withdrawn before routing and routes items added before routing with the rest', async () => {
    const applicationId = uniqueId('app');
    const [kept, gone, late] = [uniqueId('item'), uniqueId('item'), uniqueId('item')];
    const provider = { name: 'Zomerkamp Ameland', iban: 'NL91ABNA0417164300' };
    const submitted = createEvent(applicationSubmittedV1, {
      ...meta(applicationId),
      payload: {
        applicationId,
        applicant: { subject: uniqueId('parent'), role: 'parent' },
        municipalityCode: 'GM0080',
        postcodeArea: '8921',
        circumstances: [],
        children: [{ ref: 'c1', firstName: 'Hylke', birthDate: birthDate('06'), key: childKey() }],
        items: [
          { itemId: kept, childRef: 'c1', category: 'summer-activity', amountCents: 13_000, provider },
          { itemId: gone, childRef: 'c1', category: 'summer-activity', amountCents: 11_000, provider },
        ],
        contact: { email: `${uniqueId('ouder')}@example.nl`, language: 'nl' },
        submittedAt: new Date().toISOString(),
      },
    });
    const withdrawn = createEvent(applicationWithdrawnV1, {
      ...meta(applicationId),
      payload: { applicationId, itemIds: [gone], whole: false, reason: 'withdrawn-by-applicant', withdrawnAt: new Date().toISOString() },
    });
    const before = await budget();
    await publish(TOPICS.applications, submitted, withdrawn, itemsAdded(applicationId, [{ itemId: late, childRef: 'c9', amountCents: 7_000 }]));
    // The income check travels on another topic: send it only once routing has taken in the rest.
    await waitUntil(
      async () => {
        const routingCase = await mongo.collection('routing-cases').findOne({ _id: applicationId } as never);
        const items = (routingCase?.application as { items: { itemId: string }[] } | undefined)?.items ?? [];
        return routingCase?.withdrawnItemIds?.includes(gone) && items.some((i) => i.itemId === late);
      },
      { what: 'the withdrawal and the added item on the routing case' },
    );
    await publish(
      TOPICS.incomeChecks,
      createEvent(incomeCheckCompletedV2, {
        ...meta(applicationId),
        producer: 'income-checks',
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
          explanation: { nl: 'Binnen de norm.', en: 'Within the norm.' },
        },
      }),
    );
    await inQueue(kept, (r) => r.status === 'routed', 'the kept item routed');
    await inQueue(late, (r) => r.status === 'routed', 'the item added before routing routed');
    expect((await queue()).map((r) => r.id)).not.toContain(gone);
    const after = await budget();
    expect(after.reservedCents - before.reservedCents).toBe(13_000 + 7_000);
    // The withdrawn item has its outcome all the same: withdrawn, at no fund.
    const event = await waitUntil(() => eventsFor(fundRequestWithdrawnV1.type, gone, null)[0], { what: 'fund-request.withdrawn without a fund' });
    expect(event.payload).toMatchObject({ requestId: gone, applicationId, fundId: null });
  });

  it('reopens a request declined for good at the fund that declined it, with the objection for its staff', async () => {
    const parent = await gateway.login('parent', uniqueId('parent'));
    const provider = { name: 'Zomerkamp Ameland', iban: 'NL91ABNA0417164300' };
    // €600 is more than Kinderhulp gives one child a year: declined here, it is declined for good.
    const { applicationId, itemIds } = await routedApplication(
      parent,
      [
        { ref: 'c1', firstName: 'Anneke', birthDate: birthDate('04') },
        { ref: 'c2', firstName: 'Tjitske', birthDate: birthDate('09') },
      ],
      [
        { childRef: 'c1', category: 'summer-activity', amountCents: 60_000, provider },
        { childRef: 'c2', category: 'summer-activity', amountCents: 8_000, provider },
      ],
    );
    const [declinedItem, openItem] = itemIds;
    const declined = await staff.post(`${base}/requests/${declinedItem}/decision`, { decision: 'decline', reasonCode: 'not-covered', message: 'Geen zomerkamp' });
    expect(declined.body).toMatchObject({ status: 'declined', fundId });
    const before = await budget();

    const objection = (itemId: string, reason: string) =>
      createEvent(applicationObjectionFiledV1, { ...meta(applicationId), payload: { applicationId, itemId, reason, filedAt: new Date().toISOString() } });
    // An objection to a request that was not declined changes nothing; it is handled before the next one (same partition).
    await publish(TOPICS.applications, objection(openItem, 'Niet afgewezen'), objection(declinedItem, 'Het kamp is nodig voor haar herstel; zie de brief van de huisarts.'));
    const reopened = await waitUntil(
      async () => {
        const r = await staff.get<Detail>(`${base}/requests/${declinedItem}`);
        return r.body.status === 'routed' ? r.body : null;
      },
      { what: 'the request reopened' },
    );
    expect(reopened.objection?.reason).toBe('Het kamp is nodig voor haar herstel; zie de brief van de huisarts.');
    expect(reopened.history.map((h) => h.status)).toEqual(expect.arrayContaining(['declined', 'objection']));
    const after = await budget();
    expect(after.reservedCents - before.reservedCents).toBe(60_000);
    const untouched = await staff.get<Detail>(`${base}/requests/${openItem}`);
    expect(untouched.body.status).toBe('routed');
    expect(untouched.body.objection).toBeUndefined();
    expect(untouched.body.history.map((h) => h.status)).not.toContain('objection');

    // The fund decides again; the event said where it is.
    expect((await staff.post(`${base}/requests/${declinedItem}/decision`, { decision: 'approve' })).status).toBe(200);
    const event = await waitUntil(() => eventsFor(fundRequestReopenedV1.type, declinedItem)[0], { what: 'fund-request.reopened' });
    expect(event.payload).toMatchObject({ requestId: declinedItem, applicationId, fundId, fundName: 'Zomerfonds Test' });
    expect(eventsFor(fundRequestReopenedV1.type, openItem)).toHaveLength(0);
  });

  it('erases personal data: staff no longer see the child or the description; a fulfilled request keeps its provider', async () => {
    const subject = uniqueId('parent');
    const parent = await gateway.login('parent', subject);
    const { applicationId, itemIds } = await routedApplication(
      parent,
      [
        { ref: 'c1', firstName: 'Marrit', birthDate: birthDate('07') },
        { ref: 'c2', firstName: 'Geeske', birthDate: birthDate('11') },
      ],
      [
        { childRef: 'c1', category: 'summer-activity', amountCents: 9_000, description: 'Kamp voor Marrit', provider: { name: 'Zomerkamp Ameland', iban: 'NL91ABNA0417164300' } },
        { childRef: 'c2', category: 'summer-activity', amountCents: 4_000, description: 'Zwemkamp voor Geeske', provider: { name: 'Zwemkamp Sneek', iban: 'NL20INGB0001234567' } },
      ],
    );
    const [paid, open] = itemIds;
    expect((await staff.post(`${base}/requests/${paid}/decision`, { decision: 'approve' })).status).toBe(200);
    expect((await staff.post(`${base}/requests/${paid}/fulfilment`, { method: 'provider-paid' })).status).toBe(200);
    expect((await staff.get<Detail>(`${base}/requests/${open}`)).body.childFirstName).toBe('Geeske');

    const erasure = createEvent(personalDataErasureRequestedV1, {
      correlationId: subject,
      causationId: null,
      producer: 'applications',
      payload: { subject, applicationIds: [applicationId], requestedAt: new Date().toISOString() },
    });
    await publish(TOPICS.privacy, erasure, erasure);
    const erased = await waitUntil(
      async () => {
        const mine = (await queue()).filter((r) => itemIds.includes(r.id));
        return mine.length === 2 && mine.every((r) => r.childFirstName === '') ? mine : null;
      },
      { what: "the child's name gone from the queue" },
    );
    const byId = Object.fromEntries(erased.map((r) => [r.id, r]));
    expect(JSON.stringify(erased)).not.toMatch(/Marrit|Geeske/);
    expect(byId[paid]).toMatchObject({ status: 'fulfilled', amountCents: 9_000, provider: { name: 'Zomerkamp Ameland', iban: 'NL91ABNA0417164300' } });
    expect(byId[open].provider).toBeUndefined();
    for (const id of itemIds) {
      const detail = await staff.get<Detail>(`${base}/requests/${id}`);
      expect(detail.body).toMatchObject({ childFirstName: '', amountCents: id === paid ? 9_000 : 4_000 });
      expect(detail.body.description).toBeUndefined();
      expect(JSON.stringify(detail.body)).not.toMatch(/Marrit|Geeske/);
    }
    const routingCase = await mongo.collection('routing-cases').findOne({ _id: applicationId } as never);
    const application = routingCase?.application as Record<string, any>;
    expect(application.children).toEqual([{ ref: 'c1' }, { ref: 'c2' }]);
    expect(application.items.map((i: Record<string, unknown>) => Object.keys(i).sort())).toEqual([
      ['amountCents', 'category', 'childRef', 'itemId'],
      ['amountCents', 'category', 'childRef', 'itemId'],
    ]);
    expect(application).not.toHaveProperty('contact');
    expect(application).not.toHaveProperty('postcodeArea');
    expect(application.applicant).toEqual({ role: 'parent' });
  });
});
