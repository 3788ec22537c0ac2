/**
 * Throughput and recovery (issue 14), as production runs the system: two instances of every service that consumes
 * Kafka and serves the parents' API, the gateway spreading requests over them.
 *
 * For 10, 30 and 100 parents at once, each parent submits BENCH_PER_PARENT applications back to back (waiting for the
 * 202 only); then the benchmark waits until every application has every item routed and prints:
 * applications/s (submitted and fully routed in the window from the first submit to the last routing), p50/p95/p99
 * from submission to the last item routed (the services' own timestamps), database operations per application
 * (FerretDB's own command counters) and CPU seconds per service.
 *
 * Recovery: under load from 30 parents, one instance of each consuming service in turn is killed with SIGKILL; the
 * benchmark prints how long until routing ran at 80 % of its rate before the kill again, and checks that every
 * application settled with each need routed exactly once. The killed instance is started again afterwards.
 */
import { readFileSync } from 'node:fs';
import { ApiClient, applicationRequest, type RunningSystem, type ServiceName, uniqueId } from '@fund-desk/testing';

const PER_PARENT = Number(process.env.BENCH_PER_PARENT ?? 5);
const FERRETDB_METRICS = process.env.FERRETDB_METRICS_URL ?? 'http://127.0.0.1:27099/debug/metrics';
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 2);
/** BENCH_INSTANCES (default 2) of every service that consumes Kafka and serves the parents' API; uptake stays one. */
export const THROUGHPUT_INSTANCES: Partial<Record<ServiceName, number>> = { applications: INSTANCES, 'income-checks': INSTANCES, 'fund-routing': INSTANCES, notifications: INSTANCES };
/** BENCH_PARENTS: the loads to measure (default 10,30,100); BENCH_KILLS=0 skips the recovery runs. */
const LOADS = (process.env.BENCH_PARENTS ?? '10,30,100').split(',').map(Number);
const KILLS = process.env.BENCH_KILLS !== '0' && INSTANCES > 1;

interface View {
  submittedAt: string;
  items: { status: string }[];
  timeline: { at: string; type: string }[];
}

interface Submitted {
  parent: ApiClient;
  id: string;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN;
}

const body = () =>
  applicationRequest({
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

/** FerretDB's count of commands it has answered (all databases), from its Prometheus endpoint; null when off. */
async function databaseOperations(): Promise<number | null> {
  try {
    const text = await (await fetch(FERRETDB_METRICS, { signal: AbortSignal.timeout(2000) })).text();
    let total = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith('ferretdb_client_requests_total{')) total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return total;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) of each running service process, summed over its instances. */
function cpuSeconds(system: RunningSystem): Record<string, number> {
  const ticks = 100; // USER_HZ on Linux
  const out: Record<string, number> = {};
  for (const { service, pid } of system.processes()) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out[service] = (out[service] ?? 0) + (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Each parent submits `count` applications back to back (or until `seconds` are up); returns what was accepted. */
async function submitFor(parents: ApiClient[], count: number, seconds = Infinity): Promise<Submitted[]> {
  const deadline = performance.now() + seconds * 1000;
  const submitted: Submitted[] = [];
  await Promise.all(
    parents.map(async (parent) => {
      for (let sent = 0; sent < count && performance.now() < deadline; ) {
        const response = await parent.post<{ id: string }>('/api/v1/applications', body());
        if (response.status === 202) {
          submitted.push({ parent, id: response.body.id });
          sent++;
        } else await new Promise((resolve) => setTimeout(resolve, 200)); // an instance just died: the gateway moves on
      }
    }),
  );
  return submitted;
}

/** Submits at a steady `perSecond` for `seconds`, taking the parents in turn; returns what was accepted. */
async function submitPaced(parents: ApiClient[], perSecond: number, seconds: number): Promise<Submitted[]> {
  const submitted: Submitted[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < Math.round(perSecond * seconds); i++) {
    const due = started + (i * 1000) / perSecond;
    if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
    const parent = parents[i % parents.length];
    pending.push(
      (async () => {
        for (let attempt = 0; attempt < 20; attempt++) {
          const response = await parent.post<{ id: string }>('/api/v1/applications', body());
          if (response.status === 202) return void submitted.push({ parent, id: response.body.id });
          await new Promise((resolve) => setTimeout(resolve, 200)); // an instance just died: the gateway moves on
        }
      })(),
    );
  }
  await Promise.all(pending);
  return submitted;
}

/**
 * Waits until every application has every item out of pending; returns their views. It watches only the last few
 * submitted until they are done (a parent's status page, not a stress test of reads: polling every application would
 * make the benchmark the heaviest reader), then reads each application once, and again only those still open.
 */
async function settle(submitted: Submitted[], timeoutMs = 600_000): Promise<View[]> {
  const views = new Map<string, View>();
  const started = performance.now();
  const check = async (batch: Submitted[]) => {
    for (let i = 0; i < batch.length; i += 10) {
      await Promise.all(
        batch.slice(i, i + 10).map(async ({ parent, id }) => {
          const view = await parent.get<View>(`/api/v1/applications/${id}`);
          if (view.status === 200 && view.body.items.every((item) => item.status !== 'pending')) views.set(id, view.body);
        }),
      );
    }
  };
  const last = submitted.slice(-5);
  while (views.size < submitted.length) {
    if (performance.now() - started > timeoutMs) throw new Error(`${submitted.length - views.size} applications not routed within ${timeoutMs / 1000} s`);
    const watching = last.filter((s) => !views.has(s.id));
    await check(watching.length ? watching : submitted.filter((s) => !views.has(s.id)));
    if (views.size < submitted.length) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return submitted.map((s) => views.get(s.id)!);
}

const routedAt = (view: View) => Math.max(...view.timeline.filter((t) => t.type.startsWith('fund-request.')).map((t) => Date.parse(t.at)));

/** Every need routed exactly once, every step once: how many applications break that. */
function duplicates(views: View[]): number {
  return views.filter((view) => {
    const count = (type: string) => view.timeline.filter((t) => t.type === type).length;
    return count('application.submitted') !== 1 || count('income-check.completed') !== 1 || count('fund-request.routed') + count('fund-request.unroutable') !== view.items.length;
  }).length;
}

/** Prints each figure as soon as it is measured (a run takes minutes). */
export async function benchThroughput(system: RunningSystem): Promise<void> {
  const gateway = new ApiClient(system.gatewayUrl);
  const warm = await Promise.all(Array.from({ length: 5 }, () => gateway.login('parent', uniqueId('bench-warm'))));
  await settle(await submitFor(warm, 2));

  let rateAt30 = 5;
  for (const count of LOADS) {
    const parents = await Promise.all(Array.from({ length: count }, () => gateway.login('parent', uniqueId('bench-parent'))));
    const ops0 = await databaseOperations();
    const cpu0 = cpuSeconds(system);
    const submitted = await submitFor(parents, PER_PARENT);
    const views = await settle(submitted);
    const ops1 = await databaseOperations();
    const cpu1 = cpuSeconds(system);
    const first = Math.min(...views.map((v) => Date.parse(v.submittedAt)));
    const last = Math.max(...views.map(routedAt));
    const latencies = views.map((v) => routedAt(v) - Date.parse(v.submittedAt));
    const window = (last - first) / 1000;
    if (count === 30) rateAt30 = views.length / window;
    const cpu = Object.entries(cpu1)
      .map(([service, seconds]) => `${service} ${(seconds - (cpu0[service] ?? 0)).toFixed(1)}`)
      .join(', ');
    console.log(
      `${INSTANCES} instance(s) each, ${count} parents × ${PER_PARENT} applications back to back: ${views.length} applications, ${(views.length / window).toFixed(1)} applications/s fully routed ` +
        `(${((views.length * 3) / window).toFixed(1)} items/s); submit → all routed p50 ${percentile(latencies, 50).toFixed(0)} ms, ` +
        `p95 ${percentile(latencies, 95).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms; ` +
        `database operations per application ${ops0 !== null && ops1 !== null ? ((ops1 - ops0) / views.length).toFixed(1) : 'n/a (FerretDB metrics off)'}; ` +
        `duplicated ${duplicates(views)}; CPU s per service: ${cpu}`,
    );
  }

  // Recovery after SIGKILL of one instance of each consuming service, under a steady load from 30 parents at 70 % of
  // what 30 parents reached above (a backlog would hide the recovery).
  for (const service of KILLS ? (['fund-routing', 'income-checks', 'applications', 'notifications'] as const) : []) {
    const parents = await Promise.all(Array.from({ length: 30 }, () => gateway.login('parent', uniqueId('bench-kill'))));
    const killAfter = 8;
    const load = submitPaced(parents, Math.max(1, rateAt30 * 0.7), killAfter + 17);
    await new Promise((resolve) => setTimeout(resolve, killAfter * 1000));
    const killedAt = Date.now();
    await system.stopService(service, 'SIGKILL', 1);
    const submitted = await load;
    const views = await settle(submitted);
    await system.startService(service, 1);
    // Routing rate per second (by the routing's own time) before the kill, and when it came back to 80 % of it.
    const perSecond = new Map<number, number>();
    for (const view of views) {
      const second = Math.floor(routedAt(view) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    const killSecond = Math.floor(killedAt / 1000);
    const before = [...Array(5).keys()].map((i) => perSecond.get(killSecond - 5 + i) ?? 0);
    const baseline = before.reduce((s, n) => s + n, 0) / before.length;
    let recovered: number | null = null;
    for (let s = killSecond; s <= Math.max(...perSecond.keys()); s++) {
      const window = [0, 1, 2].map((i) => perSecond.get(s + i) ?? 0);
      if (window.reduce((a, b) => a + b, 0) / 3 >= 0.8 * baseline) {
        recovered = s - killSecond;
        break;
      }
    }
    console.log(
      `kill -9 of ${service} #2 under load (30 parents, ${(rateAt30 * 0.7).toFixed(1)} applications/s): ${views.length} applications all settled, duplicated ${duplicates(views)}; ` +
        `routing at ${baseline.toFixed(1)}/s before, back to ≥ 80 % after ${recovered === null ? 'not within the run' : `${recovered} s`}`,
    );
  }
}
