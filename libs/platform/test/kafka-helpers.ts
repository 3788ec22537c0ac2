import { IHeaders, Kafka, logLevel } from 'kafkajs';
import mongoose, { Connection } from 'mongoose';
import { createEvent, EventEnvelope, incomeDeclaredV1 } from '@fund-desk/contracts';
import { stack, uniqueId } from '@fund-desk/testing';
import { EventBus, EventSource, MongoInbox, openDocumentStore } from '../src';

export interface ReadMessage {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));
}

/** Reads a topic from the beginning until `count` messages arrived or the time is up. */
export async function readTopic(topic: string, count: number, timeoutMs = 15_000): Promise<ReadMessage[]> {
  const kafka = new Kafka({ clientId: 'test-reader', brokers: stack.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}-${Math.random()}` });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    void consumer.run({
      eachMessage: async ({ message }) => {
        messages.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers: headersOf(message.headers) });
        if (messages.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return messages;
}

/** Reads whatever a topic holds after a short quiet period (to prove nothing more arrives). */
export async function readQuietly(topic: string, expectAtLeast: number, quietMs = 1500): Promise<ReadMessage[]> {
  const first = await readTopic(topic, expectAtLeast);
  await new Promise((resolve) => setTimeout(resolve, quietMs));
  return readTopic(topic, first.length + 1, 2000);
}

export interface ConsumerApp {
  connection: Connection;
  bus: EventBus;
  close(): Promise<void>;
}

/** A consumer of one topic through the project's EventSource and inbox, against the real Kafka and database. */
export async function startConsumerApp(options: {
  topic: string;
  group: string;
  dbName: string;
  deadLetterTopic: string;
  handler: (event: EventEnvelope) => Promise<void>;
  maxAttempts?: number;
}): Promise<ConsumerApp> {
  const connection = await mongoose.createConnection(stack.mongoUrl, { dbName: options.dbName }).asPromise();
  const bus = new EventBus({ clientId: `test-${options.group}`, brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 });
  const kit = await openDocumentStore(connection.db!, stack.redisUrl);
  const source = new EventSource(bus, {
    group: options.group,
    topics: [options.topic],
    handlers: { [options.topic]: options.handler },
    fromBeginning: true,
    maxAttempts: options.maxAttempts ?? 3,
    retryBaseMs: 50,
    deadLetterTopic: options.deadLetterTopic,
    inbox: new MongoInbox(connection, kit.store, options.group),
  });
  await source.start();
  return {
    connection,
    bus,
    close: async () => {
      // As a service shuts down: the consumer first (the batch in hand finishes and is committed), then the rest.
      await source.stop(5000);
      await bus.disconnect();
      await kit.close();
      await connection.close();
    },
  };
}

export function envelopeKeyOf(message: ReadMessage): EventEnvelope {
  return JSON.parse(message.value!) as EventEnvelope;
}

/** An `income.declared` event of a new application: the backbone tests' message. */
export function declared(applicationId = uniqueId('app')): EventEnvelope {
  return createEvent(incomeDeclaredV1, {
    correlationId: applicationId,
    producer: 'test',
    payload: { applicationId, municipalityCode: 'GM0080', composition: 'single-parent', netMonthlyIncomeCents: 145000, circumstances: [], checkDate: '2025-09-01' },
  });
}
