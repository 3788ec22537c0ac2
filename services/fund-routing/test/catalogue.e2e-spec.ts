import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '@fund-desk/contracts';
import { ApiClient, stack, uniqueId, waitUntil } from '@fund-desk/testing';

/** Administrators keep the fund catalogue: validated on write, every change a new version. */
const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);

const rules = (overrides: Record<string, unknown> = {}) => ({
  name: 'Stichting Testfonds',
  municipalities: ['GM0080'],
  categories: ['school-trip'],
  minAge: 4,
  maxAge: 12,
  categoryMinAge: {},
  incomeLimitPercent: 120,
  acceptedCircumstances: [],
  childLimits: [{ categories: ['school-trip'], amountCents: [{ minAge: 4, maxAge: 12, cents: 10_000 }] }],
  paymentMode: 'pays-provider',
  needsEndorsement: false,
  priority: 5000,
  safetyNet: false,
  // Inactive: other tests running against the same system must not be routed to it.
  active: false,
  yearlyBudgetCents: 100_000,
  ...overrides,
});

describe('fund catalogue', () => {
  it('creates a fund, versions every change, and refuses what does not add up', async () => {
    const admin = await gateway.login('admin', uniqueId('admin'));
    const fundId = uniqueId('testfonds').toLowerCase();

    const created = await admin.put(`/api/v1/funds/${fundId}`, rules());
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: fundId, version: 1, incomeLimitPercent: 120, active: false });

    const changed = await admin.put(`/api/v1/funds/${fundId}`, rules({ incomeLimitPercent: 130 }));
    expect(changed.body).toMatchObject({ version: 2, incomeLimitPercent: 130 });
    const read = await admin.get(`/api/v1/funds/${fundId}`);
    expect(read.body).toMatchObject({ version: 2, incomeLimitPercent: 130, municipalities: ['GM0080'] });

    const bad = await admin.put(`/api/v1/funds/${fundId}`, rules({ minAge: 15, incomeLimitPercent: 90, categories: ['yacht'], municipalities: ['all', 'GM0080'] }), {
      'Accept-Language': 'en',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/incomeLimitPercent', '/categories']));
    expect((await admin.get(`/api/v1/funds/${fundId}`)).body.version).toBe(2); // nothing of the bad write was kept

    const staff = await gateway.login('fund-staff', uniqueId('staff'), { fundId: 'kinderhulp' });
    expect((await staff.put(`/api/v1/funds/${fundId}`, rules())).status).toBe(403);
  });

  it("publishes each version's name, municipalities and budget on the funds topic (uptake shows budgets from it)", async () => {
    const admin = await gateway.login('admin', uniqueId('admin'));
    const fundId = uniqueId('budgetfonds').toLowerCase();
    const seen: { version: number; yearlyBudgetCents: number | null; municipalities: unknown }[] = [];
    const consumer = new Kafka({ clientId: uniqueId('funds-topic'), brokers: stack.kafkaBrokers.split(','), logLevel: logLevel.NOTHING }).consumer({ groupId: uniqueId('funds-topic') });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.funds, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(String(message.value));
        if (event.type === 'fund.catalogue-changed' && event.payload.fundId === fundId) seen.push(event.payload);
      },
    });
    try {
      expect((await admin.put(`/api/v1/funds/${fundId}`, rules({ yearlyBudgetCents: 250_000 }))).status).toBe(200);
      expect((await admin.put(`/api/v1/funds/${fundId}`, rules({ yearlyBudgetCents: 300_000, municipalities: ['GM0080', 'GM0772'] }))).status).toBe(200);
      await waitUntil(async () => seen.length >= 2, { timeoutMs: 30_000, what: 'both versions on the funds topic' });
      expect(seen).toEqual([
        expect.objectContaining({ version: 1, yearlyBudgetCents: 250_000, municipalities: ['GM0080'] }),
        expect.objectContaining({ version: 2, yearlyBudgetCents: 300_000, municipalities: ['GM0080', 'GM0772'] }),
      ]);
      // The outbox is bookkeeping, not a rule: the API shows none of it.
      const fund = await admin.get<Record<string, unknown>>(`/api/v1/funds/${fundId}`);
      expect(Object.keys(fund.body).filter((k) => k.startsWith('outbox') || k === 'catalogueEventVersion')).toEqual([]);
    } finally {
      await consumer.disconnect();
    }
  });
});
