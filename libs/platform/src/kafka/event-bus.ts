import { Admin, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { EventEnvelope, TOPIC_SPECS, TopicSpec } from '@fund-desk/contracts';

export interface EventBusOptions {
  clientId: string;
  brokers: string[];
  replicationFactor: number;
}

/** Headers of a dead letter, so an operator can see what failed where, and replay it. */
export const DEAD_LETTER_HEADERS = {
  sourceTopic: 'x-source-topic',
  sourcePartition: 'x-source-partition',
  sourceOffset: 'x-source-offset',
  group: 'x-consumer-group',
  error: 'x-error',
  attempts: 'x-attempts',
  failedAt: 'x-failed-at',
} as const;

export interface DeadLetter {
  group: string;
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  error: string;
  attempts: number;
}

/**
 * The project's one door to Kafka for producing and administration. kafkajs stays behind it (its future is
 * uncertain: see docs/decisions.md), so a replacement touches this file and the consumer options only.
 */
export class EventBus {
  readonly kafka: Kafka;
  private producer: Producer | null = null;
  private admin: Admin | null = null;
  private connecting: Promise<void> | null = null;

  constructor(private readonly options: EventBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      retry: { retries: 8, initialRetryTime: 200 },
    });
  }

  async connect(): Promise<void> {
    if (!this.connecting) {
      this.connecting = (async () => {
        const producer = this.kafka.producer({
          createPartitioner: Partitioners.DefaultPartitioner,
          // Idempotent producing needs unbounded retries (kafkajs); the outbox keeps events safe meanwhile,
          // and a shutdown is bounded by its own timeout.
          idempotent: true,
          maxInFlightRequests: 1,
          retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 10_000 },
          allowAutoTopicCreation: false,
        });
        await producer.connect();
        this.producer = producer;
      })().catch((error) => {
        this.connecting = null;
        throw error;
      });
    }
    return this.connecting;
  }

  /** Creates the topics that are missing, with explicit partitions. Existing topics are left as they are. */
  async ensureTopics(specs: Pick<TopicSpec, 'name' | 'partitions'>[] = TOPIC_SPECS): Promise<void> {
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (!missing.length) return;
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor: this.options.replicationFactor,
          configEntries: this.options.replicationFactor > 1 ? [{ name: 'min.insync.replicas', value: '2' }] : [],
        })),
      });
    } catch (error) {
      // Another service may have created the same topic a moment earlier: its leaders may not be elected yet.
      if (!String((error as Error).message).includes('already exists')) throw error;
      await this.awaitLeaders(missing.map((s) => s.name));
    }
  }

  /** Waits until every partition of the topics has a leader (a topic another client just created may not yet). */
  async awaitLeaders(topics: string[], timeoutMs = 30_000): Promise<void> {
    const admin = await this.getAdmin();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
        if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (error) {
        if (!(error as { retriable?: boolean }).retriable && !/does not host this topic-partition|not the leader/i.test(String(error))) throw error;
      }
      if (Date.now() > deadline) throw new Error(`Kafka topics without a leader after ${timeoutMs} ms: ${topics.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Publishes envelopes in one request, each keyed by its aggregate id. */
  async publish(envelopes: (EventEnvelope & { topic: string })[]): Promise<void> {
    if (!envelopes.length) return;
    await this.connect();
    const byTopic = new Map<string, (EventEnvelope & { topic: string })[]>();
    for (const e of envelopes) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
    await this.producer!.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, list]) => ({
        topic,
        messages: list.map(({ topic: _t, ...envelope }) => ({
          key: envelope.key,
          value: JSON.stringify(envelope),
          headers: { 'x-event-type': envelope.type, 'x-correlation-id': envelope.correlationId },
        })),
      })),
    });
  }

  /** Sends raw bytes (tests, replays). */
  async sendRaw(topic: string, messages: { key?: string | Buffer | null; value: string | Buffer | null; headers?: Record<string, string> }[]): Promise<void> {
    await this.connect();
    await this.producer!.send({ topic, acks: -1, messages });
  }

  async deadLetter(topic: string, letter: DeadLetter): Promise<void> {
    await this.connect();
    await this.producer!.send({
      topic,
      acks: -1,
      messages: [
        {
          key: letter.group,
          value: letter.value,
          headers: {
            [DEAD_LETTER_HEADERS.sourceTopic]: letter.topic,
            [DEAD_LETTER_HEADERS.sourcePartition]: String(letter.partition),
            [DEAD_LETTER_HEADERS.sourceOffset]: letter.offset,
            [DEAD_LETTER_HEADERS.group]: letter.group,
            [DEAD_LETTER_HEADERS.error]: letter.error.slice(0, 2000),
            [DEAD_LETTER_HEADERS.attempts]: String(letter.attempts),
            [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
            ...(letter.key ? { 'x-source-key': letter.key } : {}),
          },
        },
      ],
    });
  }

  /** Readiness: the cluster answers a metadata request. */
  async ping(): Promise<void> {
    const admin = await this.getAdmin();
    await admin.describeCluster();
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled([this.producer?.disconnect(), this.admin?.disconnect()]);
    this.producer = null;
    this.admin = null;
    this.connecting = null;
  }

  private async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }
}
