import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { TOPICS } from '@fund-desk/contracts';
import { EventBus, EventSource, Readiness } from '@fund-desk/platform';
import { UPTAKE_CONFIG, UptakeConfig } from '../../config/uptake.config';
import { BUCKET_LAYOUT, FeedState, UptakeRepository } from '../infrastructure/uptake.repository';
import { RecordEventUseCase } from '../use-cases/record-event/record-event.use-case';

/** The topics uptake reads; every event on them is counted or ignored, nothing else is consumed. */
export const UPTAKE_TOPICS = [TOPICS.applications, TOPICS.incomeChecks, TOPICS.fundRequests, TOPICS.privacy, TOPICS.funds];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
 */
@Injectable()
export class UptakeFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(UptakeFeed.name);
  private source: EventSource | null = null;
  private state: FeedState | null = null;

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
        const problem = this.source ? this.source.readinessProblem() : 'rebuilding';
        if (problem) throw new Error(problem);
      },
    });
    this.readiness.addLiveness(() => this.source?.livenessProblem() ?? null);
    const saved = await this.repository.feedState();
    this.state = saved ?? { _id: 'feed', generation: 1, origin: await this.origin(), layout: BUCKET_LAYOUT };
    if (saved && (saved.layout ?? 1) !== BUCKET_LAYOUT) {
      // Read models of an older layout: replay them in this one (a fresh group from the origin).
      this.logger.warn({ msg: 'Uptake read models are of an older layout; rebuilding', layout: saved.layout ?? 1, now: BUCKET_LAYOUT });
      await this.repository.dropReadModels();
      this.state = { ...saved, generation: saved.generation + 1, rebuiltAt: new Date(), layout: BUCKET_LAYOUT };
    }
    await this.repository.saveFeedState(this.state);
    await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Drops the read models and reads every topic again from the origin with a fresh group. */
  async rebuild(): Promise<{ generation: number; group: string }> {
    await this.stop();
    await this.repository.dropReadModels();
    this.state = { ...this.state!, generation: this.generation + 1, rebuiltAt: new Date(), layout: BUCKET_LAYOUT };
    await this.repository.saveFeedState(this.state);
    await this.start();
    return { generation: this.generation, group: this.group };
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
          const at = Number(mine.find((p) => p.partition === end.partition)?.offset ?? -1);
          const start = at >= 0 ? at : Number(this.originOf(topic, end.partition) ?? end.low);
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
    return this.state?.origin.find((o) => o.topic === topic && o.partition === partition)?.offset;
  }

  private async start(): Promise<void> {
    const group = this.group;
    const admin = this.bus.kafka.admin();
    await admin.connect();
    try {
      // A fresh group gets its starting offsets before it joins; a group that already read keeps its own.
      const committed = await whileRetriable(() => admin.fetchOffsets({ groupId: group, topics: UPTAKE_TOPICS }));
      for (const topic of committed) {
        if (topic.partitions.some((p) => Number(p.offset) >= 0)) continue;
        const partitions = topic.partitions.map((p) => ({ partition: p.partition, offset: this.originOf(topic.topic, p.partition) ?? '0' }));
        await whileRetriable(() => admin.setOffsets({ groupId: group, topic: topic.topic, partitions }));
      }
    } finally {
      await admin.disconnect();
    }
    const record = (event: Parameters<RecordEventUseCase['record']>[0]) => this.recorder.record(event);
    const source = new EventSource(this.bus, {
      group,
      topics: UPTAKE_TOPICS,
      handlers: Object.fromEntries(UPTAKE_TOPICS.map((topic) => [topic, record])),
      fromBeginning: true,
      maxAttempts: this.config.CONSUMER_MAX_ATTEMPTS,
      retryBaseMs: this.config.CONSUMER_RETRY_BASE_MS,
      partitionsConcurrently: 1,
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
