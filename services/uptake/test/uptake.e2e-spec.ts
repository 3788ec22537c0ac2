import { randomBytes, randomInt } from 'node:crypto';
import {
  createEvent,
  EventEnvelope,
  fundCatalogueChangedV1,
  fundRequestDecidedV1,
  fundRequestFulfilledV1,
  fundRequestRoutedV1,
  TOPICS,
} from '@fund-desk/contracts';
import { EventBus } from '@fund-desk/platform';
import { ApiClient, publishOn, stack, submittedEvent, uniqueId, waitUntil } from '@fund-desk/testing';

/**
 * Uptake through the gateway, fed a known sequence of events on the real Kafka for a municipality code no other
 * test uses: every figure checked, then the read models rebuilt from the topics give the same answer.
 */
const gateway = new ApiClient(process.env.E2E_GATEWAY_URL!);
const code = `GM9${String(randomInt(0, 1000)).padStart(3, '0')}`;
const other = code === 'GM9999' ? 'GM9998' : 'GM9999';
const fundId = `fund-${code.toLowerCase()}`;
const submittedAt = new Date('2025-10-06T10:00:00Z');
const day = (n: number) => new Date(submittedAt.getTime() + n * 86_400_000);
const query = `/api/v1/municipalities/${code}/uptake?period=month&from=2025-08-01&to=2026-07-31`;

let bus: EventBus;
beforeAll(async () => {
  bus = new EventBus({ clientId: uniqueId('uptake-test'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 });
  await bus.connect();
});
afterAll(() => bus.disconnect());

interface Plan {
  area: string;
  decisionDay: number;
  decision: 'approved' | 'declined';
  fulfilledDay?: number;
}

/** One application for one child and one school trip, its routing, decision and (perhaps) fulfilment. */
function lifecycle(plan: Plan): { submitted: EventEnvelope; requestEvents: EventEnvelope[] } {
  const applicationId = uniqueId('app');
  const itemId = uniqueId('item');
  const submitted = submittedEvent({ email: 'ouder@example.nl', applicationId });
  const p = submitted.payload as any;
  p.municipalityCode = code;
  p.postcodeArea = plan.area;
  p.submittedAt = submittedAt.toISOString();
  p.children[0].key = randomBytes(32).toString('hex');
  p.items[0].itemId = itemId;
  const ref = { requestId: itemId, applicationId, itemId, childRef: 'c1', category: 'school-trip' as const };
  const meta = (at: Date) => ({ correlationId: applicationId, causationId: null, producer: 'test', occurredAt: at });
  const requestEvents: EventEnvelope[] = [
    createEvent(fundRequestRoutedV1, {
      ...meta(day(0)),
      payload: { ...ref, amountCents: 4500, fundId, fundName: 'Test fund', catalogueVersion: 1, endorsementRequired: false, explanation: [] },
    }),
    createEvent(fundRequestDecidedV1, {
      ...meta(day(plan.decisionDay)),
      payload: { ...ref, fundId, fundName: 'Test fund', decision: plan.decision, amountCents: 4500, rerouted: false, ...(plan.decision === 'declined' ? { reasonCode: 'not-covered' as const } : {}) },
    }),
  ];
  if (plan.fulfilledDay !== undefined) requestEvents.push(createEvent(fundRequestFulfilledV1, { ...meta(day(plan.fulfilledDay)), payload: { ...ref, fundId, fundName: 'Test fund', method: 'provider-paid' } }));
  return { submitted, requestEvents };
}

const plans: Plan[] = [
  // 8921: six children, all approved on day 2, four fulfilled on day 5.
  ...[0, 1, 2, 3, 4, 5].map((i) => ({ area: '8921', decisionDay: 2, decision: 'approved' as const, ...(i < 4 ? { fulfilledDay: 5 } : {}) })),
  // 8923: five children, approved on day 10, fulfilled on day 20.
  ...[0, 1, 2, 3, 4].map(() => ({ area: '8923', decisionDay: 10, decision: 'approved' as const, fulfilledDay: 20 })),
  // 8922: two children, one approved on day 3, one declined on day 3.
  { area: '8922', decisionDay: 3, decision: 'approved' },
  { area: '8922', decisionDay: 3, decision: 'declined' },
];

const expected = {
  municipalityCode: code,
  period: 'month',
  from: '2025-08-01',
  to: '2026-07-31',
  headline: { schoolYear: '2025-26', applications: 13, childrenApplied: 13, childrenReached: 12, eligibleChildren: 100, uptakePercent: 12, targetPercent: 70 },
  funnel: {
    applications: 13,
    householdsEligible: 0,
    householdsNotEligible: 0,
    needsRequested: 13,
    needsRouted: 13,
    needsApproved: 12,
    needsFulfilled: 9,
    needsDeclined: null, // 1 need: suppressed
    needsUnroutable: 0,
    needsWithdrawn: 0,
    needsDuplicate: 0,
  },
  categories: [{ category: 'school-trip', requested: 13, routed: 13, approved: 12, fulfilled: 9, unroutable: 0, suppressed: [] }],
  funds: [
    {
      fundId,
      routed: 13,
      approved: 12,
      declined: null,
      withdrawn: 0,
      fulfilled: 9,
      informationRequested: 0,
      reopened: 0,
      reservedCents: 3 * 4500, // approved, not yet fulfilled: two in 8921, one in 8922
      spentCents: 9 * 4500,
      suppressed: ['declined'],
      // The fund's catalogue (version 2; the older version 1 came later and is ignored): €10,000 a year for two municipalities.
      fundName: 'Test fund',
      yearlyBudgetCents: 1_000_000,
      budgetSharedWithOtherMunicipalities: true,
      budgetUsedPercent: 5.4, // (3 + 9) × €45 of €10,000
    },
  ],
  declines: { reasons: ['not-covered'], rows: [{ fundId, 'not-covered': null, suppressed: ['not-covered'] }] },
  unroutable: [],
  // Decisions: six on day 2, two on day 3, five on day 10. Fulfilments: four on day 5, five on day 20.
  timing: { applicationToDecision: { count: 13, medianDays: 3, p90Days: 10 }, applicationToFulfilment: { count: 9, medianDays: 20, p90Days: 20 } },
  suppression: { applied: true, threshold: 5 },
};

describe('uptake', () => {
  it('counts a known sequence of events exactly, suppresses small cells, answers only the own municipality, and rebuilds to the same figures', async () => {
    const admin = await gateway.login('admin', uniqueId('admin'));
    const officer = await gateway.login('municipality', uniqueId('officer'), { municipalityCode: code });
    const stranger = await gateway.login('municipality', uniqueId('officer'), { municipalityCode: other });

    const put = await officer.put(`/api/v1/municipalities/${code}/eligible-children`, {
      schoolYear: '2025-26',
      eligibleChildren: 100,
      targetPercent: 70,
      neighbourhoods: [
        { area: '8921', eligibleChildren: 10 },
        { area: '8923', eligibleChildren: 50, targetPercent: 60 },
      ],
    });
    expect(put.status).toBe(200);
    expect((await stranger.put(`/api/v1/municipalities/${code}/eligible-children`, { schoolYear: '2025-26', eligibleChildren: 1 })).status).toBe(403);

    const catalogue = (version: number, yearlyBudgetCents: number) =>
      createEvent(fundCatalogueChangedV1, {
        correlationId: fundId,
        producer: 'fund-routing',
        payload: { fundId, version, name: version === 2 ? 'Test fund' : 'Old name', municipalities: [code, 'GM0080'], yearlyBudgetCents, changedAt: new Date().toISOString() },
      });
    await publishOn(bus, TOPICS.funds, [catalogue(2, 1_000_000), catalogue(1, 500)]);

    const runs = plans.map(lifecycle);
    // Fund-request events first: uptake must hold them until their application arrives (a replay reads topics in parallel).
    await publishOn(bus, TOPICS.fundRequests, runs.flatMap((r) => r.requestEvents));
    await publishOn(bus, TOPICS.applications, runs.map((r) => r.submitted));
    // A redelivered event counts once.
    await publishOn(bus, TOPICS.applications, [runs[0].submitted]);
    await publishOn(bus, TOPICS.fundRequests, [runs[0].requestEvents[1]]);

    // Every event filed: 13 applications, 13 routings, 13 decisions (12 approvals and the decline), 9 fulfilments.
    const settled = (body: any) =>
      body?.headline?.applications === 13 &&
      body?.funnel?.needsRouted === 13 &&
      body?.timing?.applicationToDecision?.count === 13 &&
      body?.funnel?.needsFulfilled === 9 &&
      body?.funds?.[0]?.yearlyBudgetCents === 1_000_000;
    const first = await waitUntil(
      async () => {
        const r = await officer.get<any>(query);
        return r.status === 200 && settled(r.body) ? r.body : null;
      },
      { timeoutMs: 45_000, what: 'uptake to count every event' },
    );
    expect(first).toMatchObject(expected);

    // Neighbourhoods: 8922 (2 children) is hidden, and so is the smallest other (8923) so the total cannot give it away.
    const byArea = Object.fromEntries(first.neighbourhoods.map((n: any) => [n.area, n]));
    expect(byArea['8921']).toEqual({
      area: '8921',
      applications: 6,
      childrenApplied: 6,
      childrenReached: 6,
      eligibleChildren: 10,
      uptakePercent: 60,
      targetPercent: 70,
      belowTargetPoints: 10,
      suppressed: [],
    });
    expect(byArea['8922']).toMatchObject({ applications: null, childrenApplied: null, childrenReached: null, uptakePercent: null });
    expect(byArea['8923']).toMatchObject({ applications: null, childrenReached: null, eligibleChildren: 50, uptakePercent: null, targetPercent: 60 });
    // The headline minus the shown neighbourhood gives only the sum of the two hidden ones (13 - 6 = 7 = 5 + 2).
    expect(first.neighbourhoods[0].area).toBe('8921'); // the only one with a shown gap to its target

    // The series: everything in October; cumulative uptake within the school year.
    const october = first.series.find((s: any) => s.period === '2025-10');
    expect(october).toMatchObject({ applications: 13, childrenApplied: 13, childrenReached: 12, needsRequested: 13, needsApproved: 12, needsFulfilled: 9, childrenReachedSoFarInSchoolYear: 12, uptakePercent: 12 });
    expect(first.series.find((s: any) => s.period === '2025-09')).toMatchObject({ applications: 0, childrenReachedSoFarInSchoolYear: 0 });
    expect(first.series.find((s: any) => s.period === '2025-11')).toMatchObject({ applications: 0, childrenReachedSoFarInSchoolYear: 12, uptakePercent: 12 });
    expect(first.series).toHaveLength(12);

    // CSV of a table, suppressed the same way.
    const csv = await officer.get<string>(`/api/v1/municipalities/${code}/uptake.csv?table=neighbourhoods&from=2025-08-01&to=2026-07-31`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body).trim().split('\n');
    expect(lines[0]).toBe('area,applications,childrenApplied,childrenReached,eligibleChildren,uptakePercent,targetPercent,belowTargetPoints,suppressed');
    expect(lines).toContain('8922,,,,,,70,,applications childrenApplied childrenReached uptakePercent belowTargetPoints');
    expect(lines[lines.length - 1]).toBe('# suppression applied=true threshold=5');

    // Access: the own municipality and administrators; another municipality's officer gets 403; bad parameters 400.
    expect((await stranger.get(query)).status).toBe(403);
    expect((await admin.get(query)).status).toBe(200);
    const bad = await officer.get<any>(`/api/v1/municipalities/${code}/uptake?period=year&from=2025-13-01`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await officer.get(`/api/v1/municipalities/${code}/uptake.csv?table=nope`)).status).toBe(400);
    expect((await officer.post('/api/v1/municipalities/uptake/rebuild', {})).status).toBe(403);

    // Rebuild: the read models are dropped and replayed from the topics with a fresh group; the same figures come back.
    const rebuilt = await admin.post<{ generation: number; group: string }>('/api/v1/municipalities/uptake/rebuild', {});
    expect(rebuilt.status).toBe(202);
    // The history is read into memory and written in bulk; the status shows how far, then no rebuild and no lag.
    await waitUntil(
      async () => {
        const s = await admin.get<{ generation: number; lag: number; rebuild: { phase: string; read: number; events: number } | null }>('/api/v1/municipalities/uptake/status');
        return s.body.generation === rebuilt.body.generation && s.body.rebuild === null && s.body.lag === 0;
      },
      { timeoutMs: 60_000, what: 'the rebuild to finish' },
    );
    const again = await waitUntil(
      async () => {
        const r = await admin.get<any>(query);
        return r.status === 200 && settled(r.body) ? r.body : null;
      },
      { timeoutMs: 60_000, what: 'the rebuilt read models to catch up' },
    );
    expect(again).toEqual(first);
    const status = await admin.get<{ generation: number; lag: number }>('/api/v1/municipalities/uptake/status');
    expect(status.body.generation).toBe(rebuilt.body.generation);
    expect((await admin.post('/api/v1/municipalities/uptake/rebuild', {})).status).toBe(202);
    const secondRebuild = await admin.post<any>('/api/v1/municipalities/uptake/rebuild', {});
    // Asked again while the first still runs: 409; if the first had already finished, a third generation.
    expect([409, 202]).toContain(secondRebuild.status);

    // After the rebuilds the live group goes on where the replay stopped: a new application counts once.
    const next = lifecycle({ area: '8921', decisionDay: 2, decision: 'approved', fulfilledDay: 5 });
    await publishOn(bus, TOPICS.applications, [next.submitted]);
    await publishOn(bus, TOPICS.fundRequests, next.requestEvents);
    const after = await waitUntil(
      async () => {
        const r = await admin.get<any>(query);
        return r.status === 200 && r.body.headline.applications === 14 && r.body.funnel.needsFulfilled === 10 ? r.body : null;
      },
      { timeoutMs: 60_000, what: 'the application after the rebuild to be counted' },
    );
    expect(after.funnel).toMatchObject({ applications: 14, needsRequested: 14, needsRouted: 14, needsApproved: 13, needsFulfilled: 10 });
  });
});
