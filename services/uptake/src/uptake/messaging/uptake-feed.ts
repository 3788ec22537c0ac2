import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { TOPICS } from '@fund-desk/contracts';
import { ConflictError, EventBus, EventOrigin, EventSource, EventSourceOptions, Readiness, TopicHandler } from '@fund-desk/platform';
import { UPTAKE_CONFIG, UptakeConfig } from '../../config/uptake.config';
import { BatchFiling } from '../infrastructure/batch-filing';
import { ReplayProjection } from '../infrastructure/replay-projection';
import { BUCKET_LAYOUT, FeedState, UptakeRepository } from '../infrastructure/uptake.repository';
import { RecordEventUseCase } from '../use-cases/record-event/record-event.use-case';

/** The topics uptake reads; every event on them is counted or ignored, nothing else is consumed. */
export const UPTAKE_TOPICS = [TOPICS.applications, TOPICS.incomeChecks, TOPICS.fundRequests, TOPICS.privacy, TOPICS.funds];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Offsets = FeedState['origin'];
const at = (offsets: Offsets, topic: string, partition: number) => offsets.find((o) => o.topic === topic && o.partition === partition)?.offset;

/** How far a rebuild is: reading the history into memory, then writing the read models. */
export interface RebuildProgress {
  phase: 'reading' | 'writing';
  startedAt: string;
  /** Events of the history read so far, of `events` (from the origin to the end when the rebuild began). */
  read: number;
  events: number;
  /** Documents written so far, of `documents` (known once reading is done). */
  written: number;
  documents: number;
  eventsPerSecond: number;
  /** The process's resident memory: the history is held in memory until it is written. */
  rssMb: number;
}

/** Retries an admin request while Kafka answers with a retriable error (a leader still being elected on a fresh cluster). */
async function whileRetriable<T>(request: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 200; ; wait = Math.min(wait * 2, 2000)) {
    try {
      return await request();
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || Date.now() > deadline) throw error;
      await sleep(wait);
    }
  }
}

/**
 * Uptake's feed: the platform's EventSource like every consumer, started and stopped here because a rebuild must stop
 * it and read again with a fresh group from the beginning. The group is `<base>-g<generation>`; a fresh group starts
 * at the recorded origin (the earliest offsets in production). One partition at a time, one event after another, so
 * read-then-write in the repository cannot interleave; uptake keeps its own exactly-once bookkeeping (effects), so the
 * source runs without the inbox; a message that keeps failing is dead-lettered and the feed carries on.
 *
 * A rebuild does not file the history event by event into the database (a dozen operations each): it reads every
 * topic from the origin up to where each partition ended when the rebuild began, files the events into memory with
 * the same use case, writes the read models in bulk, and then starts the live group at those ends. A process that
 * stops half-way finds `rebuilding` in the feed state at its next start and replays again.
 */
@Injectable()
export class UptakeFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(UptakeFeed.name);
  private source: EventSource | null = null;
  private state: FeedState | null = null;
  private replaying: { source: EventSource | null; abort: () => void; progress: RebuildProgress } | null = null;
  private rebuildDone: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(UptakeRepository) private readonly repository: UptakeRepository,
    @Inject(RecordEventUseCase) private readonly recorder: RecordEventUseCase,
    @Inject(UPTAKE_CONFIG) private readonly config: UptakeConfig,
  ) {}

  get group(): string {
    return `${this.config.CONSUMER_GROUP}-g${this.state?.generation ?? 1}`;
  }
  get generation(): number {
    return this.state?.generation ?? 1;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.repository.ensureIndexes();
    this.readiness.add({
      name: 'consumer',
      check: async () => {
        const replay = this.replaying?.progress;
        const problem = replay ? `rebuilding: ${replay.phase} (${replay.read} of ${replay.events} events read)` : this.source ? this.source.readinessProblem() : 'rebuilding';
        if (problem) throw new Error(problem);
      },
    });
    this.readiness.addLiveness(() => this.source?.livenessProblem() ?? this.replaying?.source?.livenessProblem() ?? null);
    const saved = await this.repository.feedState();
    this.state = saved ?? { _id: 'feed', generation: 1, origin: await this.origin(), layout: BUCKET_LAYOUT };
    if (saved && ((saved.layout ?? 1) !== BUCKET_LAYOUT || saved.rebuilding)) {
      // Read models of an older layout, or a rebuild that did not finish: replay them (a fresh group from the origin).
      this.logger.warn({ msg: 'Uptake read models are of an older layout or half rebuilt; rebuilding', layout: saved.layout ?? 1, now: BUCKET_LAYOUT, interrupted: !!saved.rebuilding });
      await this.beginRebuild();
      return;
    }
    await this.repository.saveFeedState(this.state);
    await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.replaying?.abort();
    await this.rebuildDone;
    await this.stop();
  }

  /** Drops the read models and replays every topic from the origin in bulk (see the class); answers at once, runs on. */
  async rebuild(): Promise<{ generation: number; group: string }> {
    if (this.replaying) throw new ConflictError('REBUILD_RUNNING', 'A rebuild is already under way; its progress is in the feed status');
    await this.stop();
    await this.beginRebuild();
    return { generation: this.generation, group: this.group };
  }

  /** Where a rebuild under way is, or null. */
  get rebuildProgress(): RebuildProgress | null {
    return this.replaying ? { ...this.replaying.progress, rssMb: Math.round(process.memoryUsage().rss / 1e6) } : null;
  }

  /** Waits for a rebuild under way to end (tests, tooling). */
  whenRebuilt(): Promise<void> {
    return this.rebuildDone;
  }

  private async beginRebuild(): Promise<void> {
    const startedAt = new Date();
    const { liveFrom: _old, ...kept } = this.state!;
    this.state = { ...kept, generation: this.generation + 1, rebuiltAt: startedAt, layout: BUCKET_LAYOUT, rebuilding: { startedAt } };
    await this.repository.saveFeedState(this.state);
    let aborted = false;
    let wake = () => undefined as void;
    this.replaying = {
      source: null,
      abort: () => {
        aborted = true;
        wake();
      },
      progress: { phase: 'reading', startedAt: startedAt.toISOString(), read: 0, events: 0, written: 0, documents: 0, eventsPerSecond: 0, rssMb: 0 },
    };
    const replaying = this.replaying;
    this.rebuildDone = this.replay(replaying, () => aborted, (w) => (wake = w))
      .catch((error: Error) => {
        // The feed state still says rebuilding: the next start replays again.
        this.logger.error({ msg: 'Uptake rebuild failed; it runs again at the next start', error: error.message });
      })
      .finally(() => {
        if (this.replaying === replaying) this.replaying = null;
      });
  }

  /** Reads the history up to the ends of now into memory, writes it, and starts the live group at those ends. */
  private async replay(replaying: NonNullable<UptakeFeed['replaying']>, aborted: () => boolean, onAbort: (wake: () => void) => void): Promise<void> {
    const started = performance.now();
    const progress = replaying.progress;
    await this.repository.dropReadModels();
    const { starts, ends } = await this.bounds();
    progress.events = ends.reduce((n, end) => n + Math.max(0, Number(end.offset) - Number(at(starts, end.topic, end.partition) ?? end.offset)), 0);
    const projection = new ReplayProjection();
    const report = setInterval(() => {
      progress.eventsPerSecond = Math.round(progress.read / ((performance.now() - started) / 1000));
      progress.rssMb = Math.round(process.memoryUsage().rss / 1e6);
      this.logger.log({ msg: 'Uptake rebuild', ...progress });
    }, 5000);
    try {
      if (aborted()) return; // stopped while the read models were dropped: the next start replays
      if (progress.events > 0) {
        // A group of its own per try: one a crashed try left behind may still have a member for a few seconds.
        const group = `${this.group}-replay-${Date.now()}`;
        const reached = new Map(starts.map((s) => [`${s.topic}:${s.partition}`, BigInt(s.offset)]));
        const done = () => ends.every((end) => (reached.get(`${end.topic}:${end.partition}`) ?? 0n) >= BigInt(end.offset));
        let finish = () => undefined as void;
        const finished = new Promise<void>((resolve) => {
          finish = resolve;
          onAbort(resolve);
        });
        const file = async (event: Parameters<RecordEventUseCase['record']>[0], origin: EventOrigin) => {
          if (BigInt(origin.offset) >= BigInt(at(ends, origin.topic, origin.partition) ?? '0')) return; // the live group's
          progress.read++;
          await this.recorder.record(event, projection);
        };
        const source = this.sourceOf(group, file, {
          startAt: starts,
          afterBatch: ({ topic, partition, offset }) => {
            reached.set(`${topic}:${partition}`, BigInt(offset));
            if (done()) finish();
          },
        });
        replaying.source = source;
        await source.start();
        if (done()) finish();
        await finished;
        replaying.source = null;
        await source.stop();
        await this.deleteGroup(group);
        if (aborted()) return;
      }
      const readSeconds = (performance.now() - started) / 1000;
      progress.phase = 'writing';
      await this.repository.writeReplayed(projection.replayed, (written, documents) => Object.assign(progress, { written, documents }));
      const { rebuilding: _done, ...state } = this.state!;
      this.state = { ...state, liveFrom: ends };
      await this.repository.saveFeedState(this.state);
      const seconds = (performance.now() - started) / 1000;
      this.logger.log({
        msg: 'Uptake rebuilt',
        generation: this.generation,
        events: progress.read,
        readSeconds: Number(readSeconds.toFixed(1)),
        documents: progress.documents,
        seconds: Number(seconds.toFixed(1)),
        eventsPerSecond: Math.round(progress.read / seconds),
        rssMb: Math.round(process.memoryUsage().rss / 1e6),
      });
      this.replaying = null;
      await this.start();
    } finally {
      clearInterval(report);
    }
  }

  /** Where a replay reads: from the origin (or the earliest offset still kept, if later) to each partition's end now. */
  private async bounds(): Promise<{ starts: Offsets; ends: Offsets }> {
    const admin = this.bus.kafka.admin();
    await admin.connect();
    try {
      const starts: Offsets = [];
      const ends: Offsets = [];
      for (const topic of UPTAKE_TOPICS) {
        for (const o of await whileRetriable(() => admin.fetchTopicOffsets(topic))) {
          const origin = this.originOf(topic, o.partition) ?? o.low;
          const start = BigInt(origin) > BigInt(o.low) ? origin : o.low;
          starts.push({ topic, partition: o.partition, offset: BigInt(start) > BigInt(o.high) ? o.high : start });
          ends.push({ topic, partition: o.partition, offset: o.high });
        }
      }
      return { starts, ends };
    } finally {
      await admin.disconnect();
    }
  }

  private async deleteGroup(group: string): Promise<void> {
    const admin = this.bus.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([group]).catch(() => undefined); // none yet, or already gone
    } finally {
      await admin.disconnect();
    }
  }

  /** How far the current group is behind the end of each topic (0 when caught up). */
  async lag(): Promise<number> {
    const admin = this.bus.kafka.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId: this.group, topics: UPTAKE_TOPICS });
      let lag = 0;
      for (const topic of UPTAKE_TOPICS) {
        const ends = await admin.fetchTopicOffsets(topic);
        const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
        for (const end of ends) {
          const read = Number(mine.find((p) => p.partition === end.partition)?.offset ?? -1);
          const start = read >= 0 ? read : Number(at(this.state?.liveFrom ?? [], topic, end.partition) ?? this.originOf(topic, end.partition) ?? end.low);
          lag += Math.max(0, Number(end.high) - start);
        }
      }
      return lag;
    } finally {
      await admin.disconnect();
    }
  }

  /** The offsets a fresh group starts from: the earliest (production), or the end at first start (an isolated test run). */
  private async origin(): Promise<FeedState['origin']> {
    await this.bus.awaitLeaders(UPTAKE_TOPICS);
    const admin = this.bus.kafka.admin();
    await admin.connect();
    try {
      const origin: FeedState['origin'] = [];
      for (const topic of UPTAKE_TOPICS) {
        for (const o of await whileRetriable(() => admin.fetchTopicOffsets(topic))) origin.push({ topic, partition: o.partition, offset: this.config.CONSUME_FROM_BEGINNING === 'true' ? o.low : o.high });
      }
      return origin;
    } finally {
      await admin.disconnect();
    }
  }

  private originOf(topic: string, partition: number): string | undefined {
    return at(this.state?.origin ?? [], topic, partition);
  }

  /** Uptake's source on every topic it reads, one partition at a time (the single writer), with its own options. */
  private sourceOf(group: string, handler: TopicHandler, options: Pick<EventSourceOptions, 'startAt' | 'linger' | 'beforeCommit' | 'afterBatch'>): EventSource {
    return new EventSource(this.bus, {
      group,
      topics: UPTAKE_TOPICS,
      handlers: Object.fromEntries(UPTAKE_TOPICS.map((topic) => [topic, handler])),
      fromBeginning: true,
      maxAttempts: this.config.CONSUMER_MAX_ATTEMPTS,
      retryBaseMs: this.config.CONSUMER_RETRY_BASE_MS,
      partitionsConcurrently: 1,
      ...options,
    });
  }

  private async start(): Promise<void> {
    const group = this.group;
    const admin = this.bus.kafka.admin();
    await admin.connect();
    let startAt: EventOrigin[];
    try {
      // A fresh group starts where the rebuild read to, or at the origin; a group that already read keeps its own.
      const committed = await whileRetriable(() => admin.fetchOffsets({ groupId: group, topics: UPTAKE_TOPICS }));
      startAt = committed.flatMap(({ topic, partitions }) =>
        partitions
          .filter((p) => Number(p.offset) < 0)
          .map((p) => ({ topic, partition: p.partition, offset: at(this.state?.liveFrom ?? [], topic, p.partition) ?? this.originOf(topic, p.partition) ?? '0' })),
      );
    } finally {
      await admin.disconnect();
    }
    // A batch's events are filed into memory and written together before its offset is committed; whatever a
    // crash left stored and unapplied is finished first (and again after a failed write).
    let unfinished = true;
    let filing: BatchFiling | null = null;
    const record = async (event: Parameters<RecordEventUseCase['record']>[0]) => {
      if (unfinished) {
        const finished = await this.repository.finishPending();
        if (finished) this.logger.warn({ msg: 'Finished effects a stopped feed had stored', count: finished });
        unfinished = false;
      }
      filing ??= new BatchFiling(this.repository);
      await this.recorder.record(event, filing);
    };
    const source = this.sourceOf(group, record, {
      startAt,
      // Figures for municipalities may lag a second: batches of up to a second's events, one bucket write each.
      linger: { minBytes: 256 * 1024, maxWaitMs: 1000 },
      beforeCommit: async () => {
        const batch = filing;
        filing = null;
        if (!batch || batch.empty) return;
        try {
          await this.repository.commitBatch(batch.delta);
        } catch (error) {
          unfinished = true;
          throw error;
        }
      },
    });
    this.source = source;
    await source.start();
    this.logger.log({ msg: 'Uptake feed started', group });
  }

  private async stop(): Promise<void> {
    const source = this.source;
    this.source = null;
    // The batch in hand finishes (and is committed) before the group is left.
    await source?.stop();
  }
}
