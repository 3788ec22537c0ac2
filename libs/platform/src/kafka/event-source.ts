import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { ContractViolation, decodeEnvelope, EventEnvelope, TOPICS } from '@fund-desk/contracts';
import { DomainError } from '../errors/domain-error';
import { withLogContext } from '../logging/correlation';
import { EventBus } from './event-bus';

/** Where an event came from, for handlers that keep their own bookkeeping (uptake). */
export interface EventOrigin {
  topic: string;
  partition: number;
  offset: string;
}

export type TopicHandler = (event: EventEnvelope, origin: EventOrigin) => Promise<void>;

/**
 * Skips what a group has handled before and records what it handled: the consumers' inbox. Asked once per batch, so a
 * batch of fifty events costs one look-up and one insert instead of a hundred operations.
 */
export interface Inbox {
  seen(eventIds: string[]): Promise<Set<string>>;
  record(events: EventEnvelope[]): Promise<void>;
}

export interface EventSourceOptions {
  group: string;
  topics: string[];
  /** One handler per topic. */
  handlers: Record<string, TopicHandler>;
  /** A new group reads from the earliest offset (production) or the latest (isolated test runs). */
  fromBeginning: boolean;
  maxAttempts: number;
  retryBaseMs: number;
  deadLetterTopic?: string;
  /**
   * Let the broker gather up to `minBytes` for at most `maxWaitMs` before answering a fetch: bigger batches for a
   * consumer that writes per batch and can wait a moment (uptake). Default: answer with whatever there is.
   */
  linger?: { minBytes: number; maxWaitMs: number };
  /** Partitions handled at once; 1 handles every event one after another (uptake's single writer). */
  partitionsConcurrently?: number;
  inbox?: Inbox;
  /**
   * Where to start reading, per partition, instead of the committed offsets (a group of its own, read from a known
   * point: uptake's replay and its live group's first start). Sought once, right after joining; cheaper than an admin
   * `setOffsets`, which runs a consumer of its own per topic and waits out a fetch (five seconds each).
   */
  startAt?: EventOrigin[];
  /**
   * Called once a batch's events are handled, before they go into the inbox and the offset is committed: a handler
   * that gathers a batch's effects in memory writes them here (uptake). If it throws, the batch is read again from
   * its first message.
   */
  beforeCommit?: (position: { topic: string; partition: number }) => Promise<void>;
  /** Hears, after each batch, the next offset to read of its partition (a bounded read knows when it has read up to a point). */
  afterBatch?: (position: EventOrigin) => void;
  /** Called after the source stopped on a crash it will not recover from; the default ends the process. */
  onFatal?: (error: Error) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one way fund-desk consumes Kafka (pitfalls.md): a thin provider around kafkajs, not the Nest transport, so that it
 * can take batches, commit by hand, start and stop, and serve readiness.
 *
 * Per batch of one partition: every message is decoded and checked against the contracts (malformed: dead-lettered at
 * once); what the inbox has seen is skipped; each event goes to its topic's handler in order, retried with backoff and
 * dead-lettered after `maxAttempts` (a contract violation or invalid input at once), with a heartbeat between events;
 * then the handled events go into the inbox and the next offset (last + 1) is committed — once per batch, only after
 * every effect of the batch is stored. A crash half-way redelivers the batch: handlers are idempotent in their own
 * writes, and the inbox skips what was recorded.
 */
export class EventSource {
  private readonly logger = new Logger(EventSource.name);
  private consumer: Consumer | null = null;
  private joined = false;
  private fetched = false;
  private crashed: string | null = null;
  private lastHeartbeat = Date.now();
  private inFlight = 0;
  private idle: (() => void) | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly options: EventSourceOptions,
  ) {}

  get group(): string {
    return this.options.group;
  }

  /** Ready once the consumer has joined its group and fetched: a new group reading from the latest has fixed its positions. */
  readinessProblem(): string | null {
    if (!this.consumer) return 'not consuming (stopped or rebuilding)';
    if (!this.joined) return 'not in its consumer group (joining or rebalancing)';
    if (!this.fetched) return 'joined, not yet fetched';
    return null;
  }

  livenessProblem(): string | null {
    if (this.crashed) return `consumer crashed: ${this.crashed}`;
    if (this.joined && Date.now() - this.lastHeartbeat > 5 * 60_000) return 'consumer silent for 5 minutes';
    return null;
  }

  async start(): Promise<void> {
    const consumer = this.bus.kafka.consumer({
      groupId: this.options.group,
      allowAutoTopicCreation: false,
      // A crashed instance's partitions go to the others after this long (issue 14: recovery within 15 s).
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      rebalanceTimeout: 30_000,
      // An idle fetch returns after a second: readiness (first fetch after joining) comes quickly.
      maxWaitTimeInMs: this.options.linger?.maxWaitMs ?? 1000,
      minBytes: this.options.linger?.minBytes ?? 1,
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
      // kafkajs restarts itself on retriable errors; one it will not recover from must restart the process.
      if (event.payload.restart || this.consumer !== consumer) return;
      this.crashed = event.payload.error.message;
      this.logger.error({ msg: 'Kafka consumer crashed', group: this.options.group, error: this.crashed });
      (this.options.onFatal ?? (() => setTimeout(() => process.exit(1), 100).unref()))(event.payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning });
    this.consumer = consumer;
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 3,
      eachBatch: (payload) => this.batch(consumer, payload),
    });
    for (const { topic, partition, offset } of this.options.startAt ?? []) consumer.seek({ topic, partition, offset });
    this.logger.log({ msg: 'Consuming', group: this.options.group, topics: this.options.topics });
  }

  /** Stops taking new batches; the batch in hand finishes (bounded) and is committed. */
  async stop(timeoutMs = 15_000): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    this.joined = false;
    if (!consumer) return;
    if (this.inFlight > 0) await Promise.race([new Promise<void>((resolve) => (this.idle = resolve)), sleep(timeoutMs)]);
    await consumer.disconnect();
  }

  private async batch(consumer: Consumer, { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const handler = this.options.handlers[topic];
    this.inFlight++;
    try {
      const decoded: { message: KafkaMessage; event: EventEnvelope | null; reason?: string }[] = batch.messages.map((message) => {
        try {
          return { message, event: decodeEnvelope(message.value) };
        } catch (error) {
          return { message, event: null, reason: error instanceof ContractViolation ? error.message : String(error) };
        }
      });
      const ids = decoded.flatMap((d) => (d.event ? [d.event.id] : []));
      const seen = this.options.inbox && ids.length ? await this.options.inbox.seen(ids) : new Set<string>();
      const handled: EventEnvelope[] = [];
      let last: string | null = null;
      for (const { message, event, reason } of decoded) {
        if (!isRunning() || isStale() || this.consumer !== consumer) break;
        if (!event) {
          this.logger.warn({ msg: 'Malformed message dead-lettered', topic, partition, offset: message.offset, reason });
          await this.deadLetter(topic, partition, message, reason ?? 'malformed', 0);
        } else if (seen.has(event.id) || !handler) {
          this.logger.debug({ msg: 'Duplicate event skipped', type: event.type });
        } else {
          await this.handle(handler, event, { topic, partition, offset: message.offset }, message, heartbeat);
          handled.push(event);
          // The same event twice in one batch (a producer's retry, a relay publishing again): once.
          seen.add(event.id);
        }
        resolveOffset(message.offset);
        last = message.offset;
        await heartbeat().catch(() => undefined);
      }
      if (last === null) return;
      if (this.options.beforeCommit) {
        try {
          await this.options.beforeCommit({ topic, partition });
        } catch (error) {
          // Resolved offsets would let kafkajs fetch after them: go back to the batch's first message.
          consumer.seek({ topic, partition, offset: batch.firstOffset() ?? last });
          throw error;
        }
      }
      if (handled.length && this.options.inbox) await this.options.inbox.record(handled);
      // Kafka stores the next offset to read. A commit refused because the group moved on (this member was too slow,
      // or a rebalance began) loses nothing: the partition's new owner reads from the last commit, and the inbox and
      // the handlers' own idempotency absorb what is read twice. It is never a reason to handle an event again here.
      try {
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
      } catch (error) {
        this.logger.warn({ msg: 'Offsets not committed; the batch will be read again by the partition’s owner', topic, partition, error: (error as Error).message });
      }
      this.options.afterBatch?.({ topic, partition, offset: (BigInt(last) + 1n).toString() });
    } finally {
      this.inFlight--;
      if (this.inFlight === 0 && this.idle) this.idle();
    }
  }

  private async handle(handler: TopicHandler, event: EventEnvelope, origin: EventOrigin, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    await withLogContext({ correlationId: event.correlationId, eventId: event.id }, async () => {
      let lastError: unknown;
      for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
        try {
          await handler(event, origin);
          return;
        } catch (error) {
          lastError = error;
          // Retrying cannot fix a broken contract or input the domain calls invalid.
          if (error instanceof ContractViolation || (error instanceof DomainError && error.kind === 'invalid')) break;
          this.logger.warn({ msg: 'Handler failed', type: event.type, attempt, error: (error as Error).message });
          // Stopping: leave the batch uncommitted; it comes back after the restart.
          if (!this.consumer) throw error;
          if (attempt < this.options.maxAttempts) {
            await sleep(Math.min(this.options.retryBaseMs * 2 ** (attempt - 1), 10_000));
            await heartbeat().catch(() => undefined);
          }
        }
      }
      const reason = lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError);
      this.logger.error({ msg: 'Event dead-lettered after retries', type: event.type, reason });
      await this.deadLetter(origin.topic, origin.partition, message, reason, this.options.maxAttempts);
    });
  }

  private deadLetter(topic: string, partition: number, message: KafkaMessage, error: string, attempts: number): Promise<void> {
    return this.bus.deadLetter(this.options.deadLetterTopic ?? TOPICS.deadLetters, {
      group: this.options.group,
      topic,
      partition,
      offset: message.offset,
      key: message.key ?? null,
      value: message.value ?? null,
      error,
      attempts,
    });
  }
}
