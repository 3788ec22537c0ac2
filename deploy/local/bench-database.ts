/**
 * The database candidates side by side (decisions.md §22): what each MongoDB-wire server keeps correct when many
 * connections write at once, what it supports, and how fast it is at concurrency 1, 8 and 32.
 *
 *   node dist/deploy/local/bench-database.js [label=mongodb://host:port ...]
 *
 * Without arguments it measures `MONGO_URL`. Every check uses a database of its own (dropped afterwards), so it can
 * run beside the stack's own databases. The correctness checks are races that a correct server settles exactly:
 * - `$inc` from 30 connections: the counter ends at 30;
 * - claim race: 30 connections `findOneAndUpdate({ _id, owner: null }, { $set: { owner } })`, exactly one wins;
 * - unique race: 30 connections insert the same key, one document, 29 refusals with code 11000;
 * - guarded `$push`: 30 connections push under the guard "fewer than 10", the array ends with exactly 10;
 * - version race (optimistic concurrency): 30 connections `updateOne({ _id, version: 0 }, …)`, exactly one matches.
 */
import { MongoClient, type Collection, type Document } from 'mongodb';

const RACERS = 30;

export interface RaceResult {
  name: string;
  expected: string;
  got: string;
  ok: boolean;
}

export interface SpeedResult {
  concurrency: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface CandidateReport {
  label: string;
  server: string;
  races: RaceResult[];
  features: Record<'transactions' | 'changeStreams' | 'lookup', string>;
  speed: SpeedResult[];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** `count` clients, each with one connection of its own, so the races really arrive on separate connections. */
async function connections(url: string, count: number): Promise<MongoClient[]> {
  return Promise.all(Array.from({ length: count }, () => new MongoClient(url, { maxPoolSize: 1, minPoolSize: 1 }).connect()));
}

async function race(
  clients: MongoClient[],
  db: string,
  collection: string,
  work: (c: Collection<Document>, i: number) => Promise<unknown>,
): Promise<PromiseSettledResult<unknown>[]> {
  // Open each connection first (a ping), then release all at once.
  await Promise.all(clients.map((client) => client.db(db).command({ ping: 1 })));
  return Promise.allSettled(clients.map((client, i) => work(client.db(db).collection(collection), i)));
}

async function races(url: string, db: string): Promise<RaceResult[]> {
  const admin = new MongoClient(url);
  await admin.connect();
  const clients = await connections(url, RACERS);
  const results: RaceResult[] = [];
  try {
    const d = admin.db(db);

    await d.collection('counters').insertOne({ _id: 'c' as never, n: 0 });
    await race(clients, db, 'counters', (c) => c.updateOne({ _id: 'c' as never }, { $inc: { n: 1 } }));
    const n = (await d.collection('counters').findOne({ _id: 'c' as never }))?.n;
    results.push({ name: `$inc from ${RACERS} connections`, expected: String(RACERS), got: String(n), ok: n === RACERS });

    await d.collection('claims').insertOne({ _id: 'r' as never, owner: null });
    const claims = await race(clients, db, 'claims', (c, i) =>
      c.findOneAndUpdate({ _id: 'r' as never, owner: null }, { $set: { owner: `w${i}` } }, { returnDocument: 'after' }),
    );
    const winners = claims.filter((r) => r.status === 'fulfilled' && r.value !== null).length;
    results.push({ name: 'findOneAndUpdate claim race', expected: '1 winner', got: `${winners} winners`, ok: winners === 1 });

    await d.collection('keys').createIndex({ key: 1 }, { unique: true });
    const inserts = await race(clients, db, 'keys', (c, i) => c.insertOne({ key: 'k', by: i }));
    const stored = await d.collection('keys').countDocuments({ key: 'k' });
    const dupes = inserts.filter((r) => r.status === 'rejected' && (r.reason as { code?: number }).code === 11000).length;
    results.push({
      name: 'unique-index race',
      expected: `1 document, ${RACERS - 1} × 11000`,
      got: `${stored} document(s), ${dupes} × 11000`,
      ok: stored === 1 && dupes === RACERS - 1,
    });

    await d.collection('lists').insertOne({ _id: 'l' as never, items: [] });
    await race(clients, db, 'lists', (c, i) =>
      c.updateOne({ _id: 'l' as never, 'items.9': { $exists: false } }, { $push: { items: i } as never }),
    );
    const items = ((await d.collection('lists').findOne({ _id: 'l' as never }))?.items as unknown[] | undefined)?.length;
    results.push({ name: 'guarded $push (at most 10)', expected: '10', got: String(items), ok: items === 10 });

    await d.collection('versions').insertOne({ _id: 'v' as never, version: 0, by: null });
    const versions = await race(clients, db, 'versions', (c, i) =>
      c.updateOne({ _id: 'v' as never, version: 0 }, { $set: { by: i }, $inc: { version: 1 } }),
    );
    const matched = versions.filter((r) => r.status === 'fulfilled' && (r.value as { matchedCount: number }).matchedCount === 1).length;
    const version = (await d.collection('versions').findOne({ _id: 'v' as never }))?.version;
    results.push({
      name: 'version race (optimistic)',
      expected: '1 match, version 1',
      got: `${matched} match(es), version ${version}`,
      ok: matched === 1 && version === 1,
    });
  } finally {
    await Promise.all(clients.map((client) => client.close()));
    await admin.close();
  }
  return results;
}

async function features(url: string, db: string): Promise<CandidateReport['features']> {
  const client = new MongoClient(url);
  await client.connect();
  const say = (error: unknown) => String((error as Error).message ?? error).split('\n')[0].slice(0, 70);
  try {
    const d = client.db(db);
    let transactions = 'yes';
    const session = client.startSession();
    try {
      await session.withTransaction(async () => {
        await d.collection('tx').insertOne({ a: 1 }, { session });
        await d.collection('tx2').insertOne({ b: 1 }, { session });
      });
    } catch (error) {
      transactions = `no (${say(error)})`;
    } finally {
      await session.endSession();
    }
    let changeStreams = 'yes';
    try {
      const stream = d.collection('cs').watch();
      const next = stream.tryNext();
      await Promise.race([next, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      await stream.close();
    } catch (error) {
      changeStreams = `no (${say(error)})`;
    }
    let lookup = 'yes';
    try {
      await d.collection('left').insertOne({ k: 1 });
      await d.collection('right').insertOne({ k: 1 });
      const rows = await d
        .collection('left')
        .aggregate([{ $lookup: { from: 'right', localField: 'k', foreignField: 'k', as: 'r' } }])
        .toArray();
      if ((rows[0]?.r as unknown[] | undefined)?.length !== 1) lookup = 'no (wrong answer)';
    } catch (error) {
      lookup = `no (${say(error)})`;
    }
    return { transactions, changeStreams, lookup };
  } finally {
    await client.close();
  }
}

/**
 * A service's typical mix per operation: insert a document, read it by `_id`, update it with `$set`/`$inc`, and read
 * by an indexed field of a collection that holds a few thousand documents. `concurrency` operations in flight over a
 * pool of that size.
 */
async function speed(url: string, db: string, concurrency: number, seconds: number): Promise<SpeedResult> {
  const client = new MongoClient(url, { maxPoolSize: concurrency, minPoolSize: concurrency });
  await client.connect();
  try {
    const c = client.db(db).collection(`speed${concurrency}`);
    await c.createIndex({ ref: 1 });
    await c.insertMany(Array.from({ length: 2_000 }, (_, i) => ({ ref: `seed-${i}`, n: 0 })));
    const latencies: number[] = [];
    let next = 0;
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const i = next++;
          const t0 = performance.now();
          switch (i % 4) {
            case 0:
              await c.insertOne({ _id: `d${i}` as never, ref: `r${i}`, n: 0, items: [{ a: 1 }] });
              break;
            case 1:
              await c.findOne({ _id: `d${i - 1}` as never });
              break;
            case 2:
              await c.updateOne({ _id: `d${i - 2}` as never }, { $set: { status: 'routed' }, $inc: { n: 1 } });
              break;
            default:
              await c.findOne({ ref: `seed-${i % 2_000}` });
          }
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    return { concurrency, opsPerSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
  } finally {
    await client.close();
  }
}

export async function measureCandidate(label: string, url: string, seconds = 5): Promise<CandidateReport> {
  const db = `candidates_${Date.now().toString(36)}`;
  const client = new MongoClient(url);
  await client.connect();
  const info = await client.db('admin').command({ buildInfo: 1 });
  const server = `${info.version}${info.ferretdbVersion ? ` (FerretDB ${info.ferretdbVersion})` : ''}`;
  try {
    const raceResults = await races(url, db);
    const featureResults = await features(url, db);
    const speedResults: SpeedResult[] = [];
    for (const concurrency of [1, 8, 32]) speedResults.push(await speed(url, db, concurrency, seconds));
    return { label, server, races: raceResults, features: featureResults, speed: speedResults };
  } finally {
    await client.db(db).dropDatabase().catch(() => undefined);
    await client.close();
  }
}

export function printCandidates(reports: CandidateReport[]): void {
  const row = (cells: string[]) => console.log(`| ${cells.join(' | ')} |`);
  row(['check', ...reports.map((r) => `${r.label} (${r.server})`)]);
  row(['---', ...reports.map(() => '---')]);
  for (let i = 0; i < reports[0].races.length; i++) {
    const name = reports[0].races[i].name;
    row([`${name} — expected ${reports[0].races[i].expected}`, ...reports.map((r) => `${r.races[i].ok ? 'correct' : 'WRONG'}: ${r.races[i].got}`)]);
  }
  for (const feature of ['transactions', 'changeStreams', 'lookup'] as const) {
    row([feature, ...reports.map((r) => r.features[feature])]);
  }
  for (let i = 0; i < reports[0].speed.length; i++) {
    row([
      `ops/s, p50 / p99 at concurrency ${reports[0].speed[i].concurrency}`,
      ...reports.map((r) => `${r.speed[i].opsPerSecond.toFixed(0)} ops/s, ${r.speed[i].p50Ms.toFixed(1)} / ${r.speed[i].p99Ms.toFixed(1)} ms`),
    ]);
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const targets = (args.length ? args : [`default=${process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017'}`]).map((arg) => {
    const at = arg.indexOf('=');
    return at > 0 && !arg.startsWith('mongodb') ? { label: arg.slice(0, at), url: arg.slice(at + 1) } : { label: arg, url: arg };
  });
  const seconds = Number(process.env.BENCH_DATABASE_SECONDS ?? 5);
  (async () => {
    const reports: CandidateReport[] = [];
    for (const { label, url } of targets) {
      console.error(`measuring ${label} …`);
      reports.push(await measureCandidate(label, url, seconds));
    }
    printCandidates(reports);
  })().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
