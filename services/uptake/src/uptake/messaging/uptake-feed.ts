import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { ContractViolation, decodeEnvelope, TOPICS } from '@fund-desk/contracts';
import { EventBus, Readiness } from '@fund-desk/platform';
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
 * Uptake's Kafka consumer: a thin provider around kafkajs rather than the Nest transport, because a rebuild
 * must stop it, and start reading again with a fresh group from the beginning. The group is `<base>-g<generation>`;
 * a fresh group starts at the recorded origin (the earliest offsets in production). Messages are handled one at a
 * time (one partition at a time), so read-then-write in the repository cannot interleave; the offset (+1) is
 * committed after the effect is stored; a message that keeps failing is dead-lettered and the feed carries on.
 */
@Injectable()
export class UptakeFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(UptakeFeed.name);
  private consumer: Consumer | null = null;
  private joined = false;
  private fetched = false;
  private crashed: string | null = null;
  private lastHeartbeat = Date.now();
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
        if (!this.joined) throw new Error('not in its consumer group (joining, rebalancing or rebuilding)');
        if (!this.fetched) throw new Error('joined, not yet fetched');
      },
    });
    this.readiness.addLiveness(() => {
      if (this.crashed) return `consumer crashed: ${this.crashed}`;
      if (this.joined && Date.now() - this.lastHeartbeat > 5 * 60_000) return 'consumer silent for 5 minutes';
      return null;
    });
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
    const consumer = this.bus.kafka.consumer({
      groupId: group,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      rebalanceTimeout: 30_000,
      maxWaitTimeInMs: 1000,
    });
    this.joined = false;
    this.fetched = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
      this.lastHeartbeat = Date.now();
    });
    consumer.on(consumer.events.REBALANCING, () => {
      this.joined = false;
      this.fetched = false;
    });
    consumer.on(consumer.events.HEARTBEAT, () => (this.lastHeartbeat = Date.now()));
    consumer.on(consumer.events.FETCH, () => {
      this.lastHeartbeat = Date.now();
      if (this.joined) this.fetched = true;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart && this.consumer === consumer) {
        this.crashed = event.payload.error.message;
        this.logger.error(`Kafka consumer crashed: ${this.crashed}; exiting`);
        setTimeout(() => process.exit(1), 100).unref();
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topics: UPTAKE_TOPICS, fromBeginning: true });
    await consumer.run({ autoCommit: false, partitionsConsumedConcurrently: 1, eachMessage: (payload) => this.handle(consumer, group, payload) });
    this.consumer = consumer;
    this.logger.log({ msg: 'Uptake feed started', group });
  }

  private async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    this.joined = false;
    // kafkajs lets the message in hand finish (and commit) before it leaves the group.
    await consumer?.disconnect();
  }

  private async handle(consumer: Consumer, group: string, { topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const commit = () => consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    let event;
    try {
      event = decodeEnvelope(message.value);
    } catch (error) {
      const reason = error instanceof ContractViolation ? error.message : String(error);
      await this.deadLetter(group, topic, partition, message, reason, 0);
      return commit();
    }
    const attempts = this.config.CONSUMER_MAX_ATTEMPTS;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.recorder.record(event);
        return commit();
      } catch (error) {
        lastError = error;
        this.logger.warn({ msg: 'Uptake failed to file an event', type: event.type, attempt, error: (error as Error).message });
        if (attempt < attempts) {
          await sleep(Math.min(this.config.CONSUMER_RETRY_BASE_MS * 2 ** (attempt - 1), 10_000));
          await heartbeat().catch(() => undefined);
        }
      }
    }
    await this.deadLetter(group, topic, partition, message, lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError), attempts);
    return commit();
  }

  private deadLetter(group: string, topic: string, partition: number, message: EachMessagePayload['message'], error: string, attempts: number) {
    this.logger.error({ msg: 'Event dead-lettered', topic, partition, offset: message.offset, error });
    return this.bus.deadLetter(TOPICS.deadLetters, { group, topic, partition, offset: message.offset, key: message.key ?? null, value: message.value ?? null, error, attempts });
  }
}
