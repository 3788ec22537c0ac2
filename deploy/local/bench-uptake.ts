/**
 * Uptake (issue 8): the read models loaded with the figures of a million applications across ten municipalities,
 * then the answer time of `GET /api/v1/municipalities/{code}/uptake` (target: p95 under 100 ms on this machine),
 * and the rebuild from the topics.
 *
 * 1. Load: synthetic applications (households with distinct child keys, 4-digit postcode areas, two school years,
 *    categories, funds, income checks, routings, decisions, fulfilments) are run through uptake's own aggregation
 *    (onSubmitted, onIncomeChecked, onRequestEvent, the child hash of RecordEventUseCase, the distinct-children
 *    markers) in memory, and each bucket is written once with `UptakeRepository.addToBuckets`, into the database
 *    the uptake process then reads. This is a bulk aggregate load, not an event replay: the per-event bookkeeping
 *    (stored effects, markers, application and request state) is not written, only the buckets answers read.
 * 2. Answers: uptake alone (no gateway), called with a municipality officer's token, sequentially and 4 in flight.
 * 3. Rebuild: events for a smaller, known number of applications are put on Kafka, the read models rebuilt from the
 *    topics, and the time until the feed has caught up measured; the time for a million applications is extrapolated.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import mongoose from 'mongoose';
import {
  CATEGORIES,
  Category,
  createEvent,
  DECLINE_REASONS,
  EventEnvelope,
  fundRequestDecidedV1,
  fundRequestFulfilledV1,
  fundRequestRoutedV1,
  TOPICS,
} from '@fund-desk/contracts';
import { DevTokenSigner, EventBus, openDocumentStore } from '@fund-desk/platform';
import { launchSystem, publishOn, stack, submittedEvent, uniqueId } from '@fund-desk/testing';
import type { UptakeConfig } from '../../services/uptake/src/config/uptake.config';
import { ApplicationState, Effect, newRequest, onIncomeChecked, onRequestEvent, onSubmitted, RequestFact, RequestState } from '../../services/uptake/src/uptake/domain/aggregation';
import { dutchDate, Periods, periodsOfDate } from '../../services/uptake/src/uptake/domain/periods';
import { ALL_AREAS, BucketMeta, bucketIncrements, storedIncrements, UptakeRepository } from '../../services/uptake/src/uptake/infrastructure/uptake.repository';
import { RecordEventUseCase } from '../../services/uptake/src/uptake/use-cases/record-event/record-event.use-case';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const TARGET_P95_MS = 100;

/** A small seeded generator (mulberry32), so every run loads the same figures. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pickWeighted = <T>(random: () => number, items: T[], cumulative: number[]): T => {
  const x = random() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return items[lo];
};
const cumulate = (weights: number[]) => weights.reduce<number[]>((acc, w) => (acc.push((acc[acc.length - 1] ?? 0) + w), acc), []);

export const BENCH_MUNICIPALITIES = Array.from({ length: 10 }, (_, i) => `GM${9001 + i}`);
/** Share of the applications per municipality: a few large towns and several small ones. */
const MUNICIPALITY_WEIGHTS = [24, 17, 13, 10, 9, 8, 7, 5, 4, 3];
/** Postcode areas per municipality: 20 … 40, about 30 on average. */
const AREA_COUNTS = [40, 36, 34, 32, 30, 30, 28, 26, 24, 20];
/** Two school years, 2024-25 and 2025-26 (1 August 2024 … 31 July 2026), busiest at the start of the school year. */
const FIRST_DAY = Date.UTC(2024, 7, 1);
const DAYS = Math.round((Date.UTC(2026, 7, 1) - FIRST_DAY) / 86_400_000);
const MONTH_WEIGHT = [1.0, 0.8, 0.9, 0.8, 0.8, 0.9, 0.6, 1.4, 2.0, 1.5, 1.0, 0.7]; // January … December
const CATEGORY_WEIGHTS: Record<Category, number> = {
  'school-trip': 14,
  'school-supplies': 16,
  bicycle: 8,
  laptop: 7,
  'swimming-lessons': 6,
  'sports-membership': 18,
  'sports-gear': 8,
  'culture-lessons': 8,
  'birthday-box': 10,
  'summer-activity': 5,
};
const AMOUNT_CENTS: Record<Category, number> = {
  'school-trip': 4500,
  'school-supplies': 7500,
  bicycle: 25000,
  laptop: 45000,
  'swimming-lessons': 30000,
  'sports-membership': 22500,
  'sports-gear': 9000,
  'culture-lessons': 27500,
  'birthday-box': 3500,
  'summer-activity': 6000,
};
/** Funds per municipality: which fund a category goes to first, and where a declined request may be rerouted. */
function fundsOf(code: string): { first: (c: Category) => string; reroute: string } {
  const c = code.toLowerCase();
  return {
    first: (category) =>
      category.startsWith('sports') || category === 'swimming-lessons'
        ? `jeugdfonds-sport-${c}`
        : category === 'culture-lessons'
          ? `jeugdfonds-cultuur-${c}`
          : category === 'birthday-box'
            ? `kinderhulp-${c}`
            : category === 'laptop' || category === 'bicycle'
              ? `leergeld-${c}`
              : `gemeente-${c}`,
    reroute: `kinderhulp-${c}`,
  };
}

type BucketLoad = Map<string, { meta: BucketMeta; inc: Record<string, number> }>;

/**
 * Files an effect into buckets in memory exactly as RecordEventUseCase.store and UptakeRepository.applyEffect do:
 * `all` into the bucket of every period kind, `perKind` into its own, a bucket only where something is added.
 */
function fileEffect(buckets: BucketLoad, markers: Set<string>, app: ApplicationState, effect: Effect): void {
  const target = { municipalityCode: app.municipalityCode, area: app.area, periods: app.periods };
  for (const { id, meta, inc } of bucketIncrements(target, storedIncrements(effect))) {
    let bucket = buckets.get(id);
    if (!bucket) buckets.set(id, (bucket = { meta, inc: {} }));
    for (const [field, n] of Object.entries(inc)) bucket.inc[field] = (bucket.inc[field] ?? 0) + n;
  }
  for (const marker of effect.markers) markers.add(marker);
  for (const marker of effect.dropMarkers) markers.delete(marker);
}

interface Household {
  area: string;
  children: { ref: string; key: string }[];
}

/** One municipality's applications, through uptake's aggregation, into bucket increments. Returns counts for the report. */
export function aggregateMunicipality(code: string, index: number, applications: number, recorder: RecordEventUseCase) {
  const random = rng(0x5eed + index);
  const areas = Array.from({ length: AREA_COUNTS[index] }, (_, k) => String(1011 + index * 100 + k * 2));
  const areaCumulative = cumulate(areas.map((_, k) => 1 / Math.sqrt(k + 1)));
  const households: Household[] = Array.from({ length: Math.max(1, Math.round(applications / 2.2)) }, (_, h) => {
    const r = random();
    const count = r < 0.45 ? 1 : r < 0.8 ? 2 : r < 0.95 ? 3 : 4;
    const area = pickWeighted(random, areas, areaCumulative);
    // A pseudonymous child key as applications derives it (64 hex characters), distinct per child of a household.
    return { area, children: Array.from({ length: count }, (_, c) => ({ ref: `c${c + 1}`, key: createHash('sha256').update(`${code}:${h}:${c}`).digest('hex') })) };
  });
  const dayWeights = Array.from({ length: DAYS }, (_, d) => {
    const date = new Date(FIRST_DAY + d * 86_400_000);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6 ? 0.4 : 1;
    const growth = d >= 365 ? 1.15 : 1; // the second school year a little busier
    return MONTH_WEIGHT[date.getUTCMonth()] * weekend * growth;
  });
  const dayCumulative = cumulate(dayWeights);
  const dayIndex = dayWeights.map((_, d) => d);
  const times = new Float64Array(applications);
  for (let i = 0; i < applications; i++) times[i] = FIRST_DAY + pickWeighted(random, dayIndex, dayCumulative) * 86_400_000 + (6 + random() * 16) * 3_600_000;
  times.sort();

  const categoryList = [...CATEGORIES];
  const categoryCumulative = cumulate(categoryList.map((c) => CATEGORY_WEIGHTS[c]));
  const funds = fundsOf(code);
  const periodsCache = new Map<string, Periods>();
  const hashCache = new Map<string, string>();
  const buckets: BucketLoad = new Map();
  const markers = new Set<string>();
  let events = 0;
  let children = 0;
  let requests = 0;

  for (let i = 0; i < applications; i++) {
    const applicationId = `bench-${code}-${i}`;
    const household = households[Math.floor(random() * households.length)];
    const submitted = new Date(times[i]);
    const day = dutchDate(submitted);
    let periods = periodsCache.get(day);
    if (!periods) periodsCache.set(day, (periods = periodsOfDate(day)));
    // All children of the household (60 %), or one of them.
    const included = random() < 0.6 ? household.children : [household.children[Math.floor(random() * household.children.length)]];
    const childHashes: Record<string, string | null> = {};
    for (const child of included) {
      // The same child key gives the same hash in every application (the HMAC of RecordEventUseCase, cached).
      let hash = hashCache.get(child.key);
      if (!hash) hashCache.set(child.key, (hash = recorder.childHash(applicationId, child.ref, child.key)));
      childHashes[child.ref] = hash;
    }
    const items: { childRef: string; category: Category }[] = [];
    for (const child of included) {
      const n = random() < 0.7 ? 1 : 2;
      for (let k = 0; k < n; k++) items.push({ childRef: child.ref, category: pickWeighted(random, categoryList, categoryCumulative) });
    }
    children += included.length;
    const submittedAt = submitted.toISOString();
    const first = onSubmitted({ applicationId, municipalityCode: code, area: household.area, submittedAt, periods, children: childHashes, items }, markers);
    let app = first.application!;
    fileEffect(buckets, markers, app, first);
    events++;

    const r = random();
    const outcome = r < 0.88 ? 'eligible' : r < 0.96 ? 'not-eligible' : null; // null: still being checked
    if (outcome) {
      const checked = onIncomeChecked(app, outcome);
      if (checked.application) app = checked.application;
      fileEffect(buckets, markers, app, checked);
      events++;
    }

    items.forEach((item, k) => {
      requests++;
      let state: RequestState = newRequest({ requestId: `${applicationId}-${k}`, applicationId, childRef: item.childRef, category: item.category });
      const apply = (fact: RequestFact, atMs: number) => {
        const effect = onRequestEvent(app, state, fact, new Date(atMs).toISOString(), markers);
        state = effect.request!;
        fileEffect(buckets, markers, app, effect);
        events++;
      };
      const t0 = times[i] + 60_000;
      if (outcome === 'not-eligible') return apply({ type: 'unroutable', outcome: 'not-eligible' }, t0);
      if (!outcome) return; // waits for its income check
      const x = random();
      if (x < 0.02) return apply({ type: 'duplicate' }, t0);
      if (x < 0.06) return apply({ type: 'unroutable', outcome: 'no-fund-fits' }, t0);
      const amount = AMOUNT_CENTS[item.category];
      let fundId = funds.first(item.category);
      apply({ type: 'routed', fundId, amountCents: amount }, t0);
      if (random() < 0.02) return apply({ type: 'withdrawn', fundId }, t0 + random() * 10 * 86_400_000);
      let decidedAt = t0 + (0.2 + -Math.log(1 - random()) * 6) * 86_400_000; // about a week, a long tail
      if (random() < 0.06) {
        apply({ type: 'decided', decision: 'information-requested', fundId, amountCents: amount, rerouted: false }, decidedAt);
        decidedAt += (1 + random() * 14) * 86_400_000;
      }
      if (random() < 0.18) {
        const rerouted = fundId !== funds.reroute && random() < 0.3;
        const reasonCode = DECLINE_REASONS[Math.floor(random() * DECLINE_REASONS.length)];
        apply({ type: 'decided', decision: 'declined', fundId, amountCents: amount, reasonCode, rerouted }, decidedAt);
        if (!rerouted) {
          if (random() < 0.05) apply({ type: 'reopened', fundId }, decidedAt + 5 * 86_400_000);
          return;
        }
        fundId = funds.reroute;
        apply({ type: 'rerouted', fundId, amountCents: amount }, decidedAt + 3_600_000);
        decidedAt += (1 + random() * 7) * 86_400_000;
        if (random() < 0.3) return apply({ type: 'decided', decision: 'declined', fundId, amountCents: amount, reasonCode: 'not-covered', rerouted: false }, decidedAt);
      }
      // Now and then a fund approves less than asked.
      const approved = random() < 0.1 ? Math.round(amount * 0.8) : amount;
      apply({ type: 'decided', decision: 'approved', fundId, amountCents: approved, rerouted: false }, decidedAt);
      if (random() < 0.85) apply({ type: 'fulfilled', fundId }, decidedAt + (2 + random() * 40) * 86_400_000);
    });
  }
  return { buckets, events, children, requests, distinctChildren: hashCache.size, markers: markers.size, areas };
}

/** Loads the buckets of `applications` applications into the given uptake database. */
export async function loadUptakeReadModels(dbName: string, applications: number, log: (line: string) => void) {
  const connection = await mongoose.createConnection(stack.mongoUrl, { dbName, maxPoolSize: 1 }).asPromise();
  const kit = await openDocumentStore(connection.db!, stack.redisUrl);
  const repository = new UptakeRepository(connection, kit.store);
  const recorder = new RecordEventUseCase(repository, { UPTAKE_KEY_SECRET: 'bench-uptake-key-secret-0123456789abcdef' } as UptakeConfig);
  const total = MUNICIPALITY_WEIGHTS.reduce((s, w) => s + w, 0);
  const shares = MUNICIPALITY_WEIGHTS.map((w) => Math.floor((applications * w) / total));
  shares[0] += applications - shares.reduce((s, n) => s + n, 0);
  let aggregateMs = 0;
  let writeMs = 0;
  let bucketCount = 0;
  let events = 0;
  let requests = 0;
  let distinctChildren = 0;
  let childrenApplied = 0;
  const areasOf: Record<string, string[]> = {};
  try {
    for (const [index, code] of BENCH_MUNICIPALITIES.entries()) {
      const t0 = performance.now();
      const result = aggregateMunicipality(code, index, shares[index], recorder);
      const t1 = performance.now();
      await repository.addToBuckets(result.buckets);
      // Eligible children and targets per school year, for the municipality and its areas (about a third of the children reached).
      for (const schoolYear of ['2024-25', '2025-26']) {
        const perArea = new Map<string, number>();
        for (const { meta, inc } of result.buckets.values()) {
          if (meta.kind === 'school-year' && meta.period === schoolYear && meta.area !== ALL_AREAS) perArea.set(meta.area as string, (inc.childrenReached ?? 0) * 3 + 10);
        }
        const sum = [...perArea.values()].reduce((s, n) => s + n, 0);
        await repository.putEstimate({ municipalityCode: code, schoolYear, area: '*', eligibleChildren: sum, targetPercent: 40 });
        for (const [area, eligible] of perArea) await repository.putEstimate({ municipalityCode: code, schoolYear, area, eligibleChildren: eligible, targetPercent: null });
      }
      const t2 = performance.now();
      aggregateMs += t1 - t0;
      writeMs += t2 - t1;
      bucketCount += result.buckets.size;
      events += result.events;
      requests += result.requests;
      distinctChildren += result.distinctChildren;
      childrenApplied += result.children;
      areasOf[code] = result.areas;
      log(
        `uptake load: ${code} ${fmt(shares[index])} applications (${fmt(result.events)} events, ${result.areas.length} areas) aggregated in ${((t1 - t0) / 1000).toFixed(1)} s, ` +
          `${fmt(result.buckets.size)} buckets written in ${((t2 - t1) / 1000).toFixed(1)} s`,
      );
    }
    return { aggregateMs, writeMs, bucketCount, events, requests, distinctChildren, childrenApplied, areasOf, shares };
  } finally {
    await kit.close();
    await connection.close();
  }
}

/** The questions a municipality asks, as query strings. */
const QUESTIONS = [
  { name: 'month, school year 2025-26', query: 'period=month&from=2025-08-01&to=2026-07-31' },
  { name: 'week, school year 2025-26', query: 'period=week&from=2025-08-01&to=2026-07-31' },
  { name: 'school-year, both years', query: 'period=school-year&from=2024-08-01&to=2026-07-31' },
  { name: 'month, Nov–Jan (cumulative from Aug)', query: 'period=month&from=2025-11-01&to=2026-01-31' },
  { name: 'week, one quarter of 2024-25', query: 'period=week&from=2024-09-01&to=2024-11-30' },
];

export async function benchUptake(root: string, applications = Number(process.env.BENCH_UPTAKE_APPLICATIONS ?? 1_000_000)): Promise<string[]> {
  const lines: string[] = [];
  const log = (line: string) => console.log(line);
  // Each result is printed as soon as it is known too, so a failure later does not lose it.
  const result = (line: string) => {
    lines.push(line);
    log(`= ${line}`);
  };
  const namespace = uniqueId('bench-uptake');
  const dbName = `${namespace}-uptake`;

  // 1. Bulk aggregate load (not an event replay).
  log(`uptake load: ${fmt(applications)} applications across ${BENCH_MUNICIPALITIES.length} municipalities into ${dbName} …`);
  const tLoad = performance.now();
  const load = await loadUptakeReadModels(dbName, applications, log);
  const loadMs = performance.now() - tLoad;
  result(
    `uptake bulk aggregate load (not an event replay): ${fmt(applications)} applications, ${fmt(load.events)} events' effects through uptake's aggregation in memory ` +
      `(${fmt(load.requests)} requested items, ${fmt(load.childrenApplied)} children on applications, ${fmt(load.distinctChildren)} distinct children) in ${(load.aggregateMs / 1000).toFixed(1)} s; ` +
      `${fmt(load.bucketCount)} buckets written once each (UptakeRepository.addToBuckets: inserts of 1,000) in ${(load.writeMs / 1000).toFixed(1)} s; total ${(loadMs / 1000).toFixed(1)} s`,
  );

  const system = await launchSystem({
    namespace,
    basePort: 19_400,
    gatewayPort: 19_480,
    logDir: join(root, '.local', 'bench-logs', namespace),
    consumeFromBeginning: false,
    nodeEnv: 'test',
    repoRoot: root,
    only: ['uptake'],
  });
  const bus = new EventBus({ clientId: uniqueId('bench-uptake'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 });
  try {
    const tokens = new DevTokenSigner(system.devLoginKey);
    const officer = Object.fromEntries(BENCH_MUNICIPALITIES.map((code) => [code, tokens.issue({ subject: `bench-officer-${code}`, role: 'municipality', municipalityCode: code })]));
    const adminToken = tokens.issue({ subject: 'bench-admin', role: 'admin' });
    const ask = async (path: string, token: string, method = 'GET') => {
      const t0 = performance.now();
      const response = await fetch(`${system.urls.uptake}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
      const body = await response.text();
      const ms = performance.now() - t0;
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${body.slice(0, 300)}`);
      return { ms, body: body ? JSON.parse(body) : null };
    };
    const question = (i: number) => {
      const code = BENCH_MUNICIPALITIES[i % BENCH_MUNICIPALITIES.length];
      const q = QUESTIONS[Math.floor(i / BENCH_MUNICIPALITIES.length) % QUESTIONS.length];
      return { code, q, path: `/api/v1/municipalities/${code}/uptake?${q.query}` };
    };

    // The answer must carry the loaded figures (a check that uptake reads what was loaded).
    const check = (await ask(`/api/v1/municipalities/${BENCH_MUNICIPALITIES[0]}/uptake?period=school-year&from=2024-08-01&to=2026-07-31`, officer[BENCH_MUNICIPALITIES[0]])).body;
    const answered = check.series.reduce((s: number, row: { applications: number }) => s + row.applications, 0);
    if (answered !== load.shares[0]) throw new Error(`uptake answers ${answered} applications for ${BENCH_MUNICIPALITIES[0]}, loaded ${load.shares[0]}`);

    // Warm-up: every question once (for different municipalities).
    for (let i = 0; i < QUESTIONS.length; i++) await ask(question(i * (BENCH_MUNICIPALITIES.length + 1)).path, officer[question(i * (BENCH_MUNICIPALITIES.length + 1)).code]);

    // 200 answers, or as many as fit in the time limit when answers are slow (the line says how many).
    const wanted = Number(process.env.BENCH_UPTAKE_REQUESTS ?? 200);
    const limitMs = Number(process.env.BENCH_UPTAKE_QUERY_SECONDS ?? 180) * 1000;
    const sequential: number[] = [];
    const byQuestion = new Map<string, number[]>();
    const tSequential = performance.now();
    for (let i = 0; i < wanted && performance.now() - tSequential < limitMs; i++) {
      const { code, q, path } = question(i);
      const { ms } = await ask(path, officer[code]);
      sequential.push(ms);
      byQuestion.set(q.name, [...(byQuestion.get(q.name) ?? []), ms]);
    }
    const count = sequential.length;
    const inFlight = 4;
    const concurrent: number[] = [];
    let next = 0;
    const tConcurrent = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let i = next++; i < count && performance.now() - tConcurrent < limitMs; i = next++) concurrent.push((await ask(question(i).path, officer[question(i).code])).ms);
      }),
    );
    const concurrentSeconds = (performance.now() - tConcurrent) / 1000;
    const p95 = percentile(sequential, 95);
    const stats = (ms: number[]) => `p50=${percentile(ms, 50).toFixed(0)} ms p95=${percentile(ms, 95).toFixed(0)} ms p99=${percentile(ms, 99).toFixed(0)} ms max=${Math.max(...ms).toFixed(0)} ms`;
    result(
      `uptake answers (${fmt(load.bucketCount)} buckets loaded; uptake alone over HTTP, officer token; ${QUESTIONS.length} questions × ${BENCH_MUNICIPALITIES.length} municipalities), ` +
        `${count} sequential (one at a time): ${stats(sequential)}; target p95 < ${TARGET_P95_MS} ms: ${p95 < TARGET_P95_MS ? 'met' : 'NOT met'}`,
    );
    for (const [name, ms] of byQuestion) result(`  ${name}: n=${ms.length} ${stats(ms)}`);
    result(`uptake answers, ${concurrent.length} with ${inFlight} in flight: ${stats(concurrent)} (${(concurrent.length / concurrentSeconds).toFixed(1)} answers/s)`);

    // 3. Rebuild from the topics, for a known number of applications of a fresh municipality code.
    const rebuildApplications = Number(process.env.BENCH_UPTAKE_REBUILD_APPLICATIONS ?? 25_000);
    if (!rebuildApplications) return lines; // BENCH_UPTAKE_REBUILD_APPLICATIONS=0: answers only
    const code = 'GM9011';
    const fundId = 'fund-bench-rebuild';
    const submittedEvents: EventEnvelope[] = [];
    const requestEvents: EventEnvelope[] = [];
    for (let i = 0; i < rebuildApplications; i++) {
      const applicationId = `${namespace}-app-${i}`;
      const itemId = `${namespace}-item-${i}`;
      const at = new Date(Date.UTC(2025, 8, 1) + (i % 280) * 86_400_000 + 36_000_000);
      const event = submittedEvent({ email: 'ouder@example.nl', applicationId });
      const p = event.payload as any;
      p.municipalityCode = code;
      p.postcodeArea = String(9901 + (i % 30));
      p.submittedAt = at.toISOString();
      p.children[0].key = createHash('sha256').update(`${namespace}:${i}`).digest('hex');
      p.items[0].itemId = itemId;
      submittedEvents.push(event);
      const ref = { requestId: itemId, applicationId, itemId, childRef: 'c1', category: 'school-trip' as const };
      const meta = (days: number) => ({ correlationId: applicationId, causationId: null, producer: 'bench', occurredAt: new Date(at.getTime() + days * 86_400_000) });
      requestEvents.push(
        createEvent(fundRequestRoutedV1, { ...meta(0), payload: { ...ref, amountCents: 4500, fundId, fundName: 'Bench fund', catalogueVersion: 1, endorsementRequired: false, explanation: [] } }),
        createEvent(fundRequestDecidedV1, { ...meta(3), payload: { ...ref, fundId, fundName: 'Bench fund', decision: 'approved', amountCents: 4500, rerouted: false } }),
        createEvent(fundRequestFulfilledV1, { ...meta(10), payload: { ...ref, fundId, fundName: 'Bench fund', method: 'provider-paid' } }),
      );
    }
    const published = submittedEvents.length + requestEvents.length;
    await bus.connect();
    // Applications first, then their fund requests, as the services would publish them.
    for (let i = 0; i < submittedEvents.length; i += 500) await publishOn(bus, TOPICS.applications, submittedEvents.slice(i, i + 500));
    for (let i = 0; i < requestEvents.length; i += 500) await publishOn(bus, TOPICS.fundRequests, requestEvents.slice(i, i + 500));
    log(`uptake rebuild: ${fmt(published)} events for ${fmt(rebuildApplications)} applications of ${code} published; rebuilding …`);

    const tRebuild = performance.now();
    const rebuilt = (await ask('/api/v1/municipalities/uptake/rebuild', adminToken, 'POST')).body as { generation: number };
    interface Progress { phase: string; read: number; events: number; written: number; documents: number; eventsPerSecond: number; rssMb: number }
    const status = async () => (await ask('/api/v1/municipalities/uptake/status', adminToken)).body as { generation: number; lag: number; rebuild: Progress | null };
    const deadline = Date.now() + Number(process.env.BENCH_UPTAKE_REBUILD_TIMEOUT_S ?? 900) * 1000;
    const reportPath = `/api/v1/municipalities/${code}/uptake?period=school-year&from=2025-08-01&to=2026-07-31`;
    let caughtUp = false;
    let last: Progress | null = null;
    let readDone: number | null = null;
    let peakRss = 0;
    let lastLog = Date.now();
    while (Date.now() < deadline) {
      await sleep(250);
      const now = await status();
      if (now.rebuild) {
        last = now.rebuild;
        peakRss = Math.max(peakRss, now.rebuild.rssMb);
        if (now.rebuild.phase === 'writing' && readDone === null) readDone = performance.now();
        if (Date.now() - lastLog > 5_000) {
          lastLog = Date.now();
          log(`uptake rebuild: ${now.rebuild.phase}, ${fmt(now.rebuild.read)} of ${fmt(now.rebuild.events)} events read, ${fmt(now.rebuild.written)} of ${fmt(now.rebuild.documents)} documents written, ${now.rebuild.rssMb} MB`);
        }
        continue;
      }
      if (now.lag === 0) {
        const report = (await ask(reportPath, adminToken)).body;
        if (report.headline.applications === rebuildApplications && report.funnel.needsFulfilled === rebuildApplications) {
          caughtUp = true;
          break;
        }
      }
    }
    const rebuildSeconds = (performance.now() - tRebuild) / 1000;
    const events = last?.events ?? 0;
    const rate = events / rebuildSeconds;
    const perApplication = published / rebuildApplications;
    result(
      `uptake rebuild (generation ${rebuilt.generation}): ${caughtUp ? 'caught up, figures exact' : 'NOT caught up within the time limit'}; ${fmt(events)} events replayed ` +
        `(${fmt(published)} published for ${fmt(rebuildApplications)} applications of ${code}, ${perApplication} events each, plus any other runs' events on the shared topics) ` +
        `in ${rebuildSeconds.toFixed(1)} s: ${rate.toFixed(0)} events/s (POST to figures answered); reading ${readDone === null ? 'n/a' : ((readDone - tRebuild) / 1000).toFixed(1)} s, ` +
        `writing ${fmt(last?.documents ?? 0)} documents the rest; uptake's memory at most ${peakRss} MB`,
    );
    result(
      `uptake rebuild for ${fmt(applications)} applications, EXTRAPOLATED (not measured) at that rate: ${fmt(load.events)} events (as many as the load's effects) ` +
        `→ ${((load.events / rate) / 60).toFixed(1)} min; at ${perApplication} events per application → ${((applications * perApplication) / rate / 60).toFixed(1)} min`,
    );
  } finally {
    await bus.disconnect().catch(() => undefined);
    await system.stop();
    // The loaded read models take a few hundred megabytes in FerretDB: not kept.
    const connection = await mongoose.createConnection(stack.mongoUrl, { dbName }).asPromise();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
  return lines;
}
