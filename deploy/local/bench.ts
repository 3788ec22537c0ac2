/**
 * `npm run bench`: measures the running system on this machine and prints the figures.
 * - start-up: from spawning the services to all of them ready;
 * - submit → all items routed, one application at a time (latency, p50/p95/max);
 * - the same under load: many parents submitting at once (throughput and latency).
 * Latency to routed is taken from the application's own timeline (submitted at → last item routed at,
 * both stamped by the services), so it does not depend on how often the benchmark polls: every 50 ms
 * alone, every second under load (a parent's status page, not a stress test of reads).
 */
import { join } from 'node:path';
import { ApiClient, applicationRequest, findRepoRoot, launchSystem, stopLaunched, uniqueId } from '@fund-desk/testing';
import { benchIncomeChecks, syntheticBsns } from './bench-income-checks';
import { benchReservedRouting } from './bench-routing';
import { benchNotifications } from './bench-notifications';
import { benchPortal } from './bench-portal';
import { benchUptake } from './bench-uptake';
import { benchThroughput, THROUGHPUT_INSTANCES } from './bench-throughput';
import { SEED_FUNDS } from '../../services/fund-routing/src/routing/domain/fund';
import { routeItem } from '../../services/fund-routing/src/routing/domain/routing';
import { CATEGORIES } from '@fund-desk/contracts';

/** Routing rules alone (CPU): decisions per second over the seed catalogue. */
function routingDecisionsPerSecond(count = 200_000): number {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    routeItem(SEED_FUNDS, {
      municipalityCode: i % 2 ? 'GM0080' : 'GM0772',
      category: CATEGORIES[i % CATEGORIES.length],
      amountCents: 1_000 + (i % 60_000),
      childAge: i % 21,
      normRatioPpm: 900_000 + (i % 500_000),
      circumstances: [],
    });
  }
  return count / ((performance.now() - t0) / 1000);
}

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 20);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 50);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 500);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const summary = (label: string, ms: number[]) =>
  `${label}: n=${ms.length} p50=${percentile(ms, 50).toFixed(0)} ms p95=${percentile(ms, 95).toFixed(0)} ms p99=${percentile(ms, 99).toFixed(0)} ms max=${Math.max(...ms).toFixed(0)} ms`;

async function submitAndWaitRouted(parent: ApiClient, pollMs: number): Promise<{ submitMs: number; routedMs: number; checkToRoutedMs: number }> {
  const body = applicationRequest({
    children: [
      { ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' },
      { ref: 'c2', firstName: 'Daan', birthDate: '2012-09-02' },
    ],
    items: [
      { childRef: 'c1', category: 'school-trip', amountCents: 4500, provider: { name: 'OBS', iban: 'NL91ABNA0417164300' } },
      { childRef: 'c1', category: 'birthday-box', amountCents: 3500 },
      { childRef: 'c2', category: 'sports-membership', amountCents: 22000, provider: { name: 'VV', iban: 'NL91ABNA0417164300' } },
    ],
  });
  const t0 = performance.now();
  const submitted = await parent.post<{ id: string }>('/api/v1/applications', body);
  const submitMs = performance.now() - t0;
  if (submitted.status !== 202) throw new Error(`submit failed: ${submitted.status}`);
  for (;;) {
    const view = await parent.get<{ submittedAt: string; items: { status: string }[]; timeline: { at: string; type: string }[] }>(
      `/api/v1/applications/${submitted.body.id}`,
    );
    // Both facts arrive on their own topics, in either order: wait until the view has both.
    const checked = view.body.timeline.find((t) => t.type === 'income-check.completed');
    if (checked && view.body.items.every((i) => i.status !== 'pending')) {
      // When the last item was routed, by the routing event's own time: independent of how often we poll.
      const routedAt = Math.max(...view.body.timeline.filter((t) => t.type.startsWith('fund-request.')).map((t) => Date.parse(t.at)));
      const checkedAt = Date.parse(checked.at);
      return { submitMs, routedMs: routedAt - Date.parse(view.body.submittedAt), checkToRoutedMs: routedAt - checkedAt };
    }
    if (performance.now() - t0 > 180_000) throw new Error('not routed within 180 s');
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function main() {
  const root = findRepoRoot(__dirname);
  process.on('SIGINT', () => void stopLaunched().then(() => process.exit(130)));
  const namespace = uniqueId('bench');
  const t0 = performance.now();
  const system = await launchSystem({
    namespace,
    gatewayPort: 28080,
    basePort: 28000,
    logDir: join(root, '.local', 'bench-logs', namespace),
    consumeFromBeginning: false,
    nodeEnv: 'test',
    repoRoot: root,
    instances: THROUGHPUT_INSTANCES,
  });
  const startupMs = performance.now() - t0;
  // BENCH_ONLY=throughput: issue 14's figures alone (a few minutes instead of the whole benchmark).
  const only = process.env.BENCH_ONLY;
  try {
    console.log(`services start-up to all ready (BENCH_INSTANCES=${process.env.BENCH_INSTANCES ?? 2} of each consuming service): ${(startupMs / 1000).toFixed(1)} s`);
    await benchThroughput(system);
    if (only === 'throughput') return;

    const gateway = new ApiClient(system.gatewayUrl);
    const parent = await gateway.login('parent', uniqueId('bench-parent'));
    await submitAndWaitRouted(parent, 50); // warm-up

    const sequential: { submitMs: number; routedMs: number; checkToRoutedMs: number }[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) sequential.push(await submitAndWaitRouted(parent, 50));

    // Register-backed income check, end to end: submitted → check completed (from the application's timeline).
    const registerChecks: number[] = [];
    for (const bsn of syntheticBsns(SEQUENTIAL, 800_000_000 + Math.floor(Math.random() * 10_000_000))) {
      const response = await parent.post<{ id: string }>('/api/v1/applications', applicationRequest({ household: { composition: 'single-parent', netMonthlyIncomeCents: 120000, circumstances: [], bsn } }));
      for (;;) {
        const view = await parent.get<{ submittedAt: string; incomeCheck: { status: string; basis?: string }; timeline: { at: string; type: string }[] }>(`/api/v1/applications/${response.body.id}`);
        const completed = view.body.timeline.find((t) => t.type === 'income-check.completed');
        if (completed) {
          if (view.body.incomeCheck.basis !== 'register') throw new Error(`expected a register check, got ${view.body.incomeCheck.basis}`);
          registerChecks.push(Date.parse(completed.at) - Date.parse(view.body.submittedAt));
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    const parents = await Promise.all(Array.from({ length: CONCURRENT }, () => gateway.login('parent', uniqueId('bench-parent'))));
    const tLoad = performance.now();
    const concurrent = await Promise.all(parents.map((p) => submitAndWaitRouted(p, 1000)));
    const loadSeconds = (performance.now() - tLoad) / 1000;

    console.log(`fund-desk benchmark (${new Date().toISOString()}, ${process.platform}, node ${process.version})`);
    console.log(`services start-up to all ready: ${(startupMs / 1000).toFixed(1)} s`);
    console.log(summary('one at a time, submit (HTTP 202)', sequential.map((r) => r.submitMs)));
    console.log(summary('one at a time, submit to all 3 items routed', sequential.map((r) => r.routedMs)));
    console.log(summary('one at a time, income check completed to all 3 items routed', sequential.map((r) => r.checkToRoutedMs)));
    console.log(summary(`${CONCURRENT} parents at once, submit (HTTP 202)`, concurrent.map((r) => r.submitMs)));
    console.log(summary(`${CONCURRENT} parents at once, submit to all routed`, concurrent.map((r) => r.routedMs)));
    console.log(`${CONCURRENT} parents at once: ${(CONCURRENT / loadSeconds).toFixed(1)} applications/s fully routed (${(CONCURRENT * 3 / loadSeconds).toFixed(1)} items/s)`);
    console.log(summary('register-backed income check, submit to check completed', registerChecks));
  } finally {
    await system.stop();
  }
  if (only === 'throughput') return;
  for (const line of await benchIncomeChecks(root, CHECKS)) console.log(line);
  console.log(`routing rules alone (seed catalogue, one core): ${Math.round(routingDecisionsPerSecond()).toLocaleString('en')} decisions/s`);
  console.log(await benchReservedRouting(1_000, 1));
  console.log(await benchReservedRouting(1_000, 8));
  for (const line of await benchNotifications(root, Number(process.env.BENCH_NOTIFICATIONS ?? 600))) console.log(line);
  for (const line of await benchPortal(root)) console.log(line);
  // Uptake: read models of a million applications (BENCH_UPTAKE_APPLICATIONS), answer times and the rebuild.
  for (const line of await benchUptake(root, Number(process.env.BENCH_UPTAKE_APPLICATIONS ?? 1_000_000))) console.log(line);
}

main().catch(async (error) => {
  console.error(error);
  await stopLaunched();
  process.exit(1);
});
