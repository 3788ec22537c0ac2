import mongoose from 'mongoose';
import type { EventEnvelope } from '@fund-desk/contracts';
import { stack, uniqueId, waitUntil } from '@fund-desk/testing';
import { DEAD_LETTER_HEADERS, EventBus, OutboxRelay, openDocumentStore, outboxFieldsForInsert, type OpenedDocumentStore } from '../src';
import { declared, readQuietly, readTopic, startConsumerApp } from './kafka-helpers';

/**
 * The event backbone against the real broker and database: dead letters, redelivery, retries,
 * graceful shutdown and the outbox. Every test has its own topics, group and database.
 */
jest.setTimeout(90_000);

describe('event backbone', () => {
  let bus: EventBus;
  let topic: string;
  let dlt: string;
  let id: string;

  beforeEach(async () => {
    id = uniqueId('bb');
    topic = `${id}.events`;
    dlt = `${id}.dead-letters`;
    bus = new EventBus({ clientId: id, brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 });
    await bus.ensureTopics([
      { name: topic, partitions: 3 },
      { name: dlt, partitions: 1 },
    ]);
  });

  afterEach(async () => {
    await bus.disconnect();
  });

  const send = (event: EventEnvelope) => bus.sendRaw(topic, [{ key: event.key, value: JSON.stringify(event) }]);

  it('dead-letters malformed bytes with the error, and carries on with the next message', async () => {
    const handled: string[] = [];
    const app = await startConsumerApp({ topic, group: id, dbName: id, deadLetterTopic: dlt, handler: async (e) => void handled.push(e.id) });
    try {
      const good = declared();
      await bus.sendRaw(topic, [
        { key: good.key, value: Buffer.from([0xff, 0x00, 0x7b]) },
        { key: good.key, value: JSON.stringify({ ...good, payload: { ...(good.payload as object), netMonthlyIncomeCents: -1 } }) },
        { key: good.key, value: JSON.stringify(good) },
      ]);
      await waitUntil(() => handled.includes(good.id), { what: 'the valid message after the malformed ones' });
      const letters = await readTopic(dlt, 2);
      expect(letters).toHaveLength(2);
      expect(letters[0].headers[DEAD_LETTER_HEADERS.error]).toContain('not JSON');
      expect(letters[1].headers[DEAD_LETTER_HEADERS.error]).toContain('netMonthlyIncomeCents');
      expect(letters.every((l) => l.headers[DEAD_LETTER_HEADERS.sourceTopic] === topic && l.headers[DEAD_LETTER_HEADERS.group] === id)).toBe(true);
      expect(handled).toEqual([good.id]);
    } finally {
      await app.close();
    }
  });

  it('gives a redelivered event no second effect', async () => {
    const effects: string[] = [];
    const app = await startConsumerApp({ topic, group: id, dbName: id, deadLetterTopic: dlt, handler: async (e) => void effects.push(e.id) });
    try {
      const event = declared();
      const marker = declared();
      await send(event);
      await send(event); // the producer retried, or a relay published twice
      await send(marker);
      await waitUntil(() => effects.includes(marker.id), { what: 'the marker event' });
      expect(effects.filter((e) => e === event.id)).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('retries a failing handler a bounded number of times, then dead-letters it and carries on', async () => {
    const attempts = new Map<string, number>();
    const poison = declared();
    const after = declared();
    const app = await startConsumerApp({
      topic,
      group: id,
      dbName: id,
      deadLetterTopic: dlt,
      maxAttempts: 3,
      handler: async (e) => {
        attempts.set(e.id, (attempts.get(e.id) ?? 0) + 1);
        if (e.id === poison.id) throw new Error('database said no');
      },
    });
    try {
      // same key: same partition, so the second waits behind the first
      await bus.sendRaw(topic, [
        { key: 'same', value: JSON.stringify(poison) },
        { key: 'same', value: JSON.stringify(after) },
      ]);
      await waitUntil(() => attempts.get(after.id) === 1, { what: 'the message behind the poison one' });
      expect(attempts.get(poison.id)).toBe(3);
      const [letter] = await readTopic(dlt, 1);
      expect(letter.headers[DEAD_LETTER_HEADERS.attempts]).toBe('3');
      expect(letter.headers[DEAD_LETTER_HEADERS.error]).toContain('database said no');
      expect(JSON.parse(letter.value!).id).toBe(poison.id);
    } finally {
      await app.close();
    }
  });

  it('finishes the message in hand on shutdown and does not handle it again after a restart', async () => {
    const finished: string[] = [];
    let started = 0;
    const slow = async (e: EventEnvelope) => {
      started++;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      finished.push(e.id);
    };
    const first = await startConsumerApp({ topic, group: id, dbName: id, deadLetterTopic: dlt, handler: slow });
    const event = declared();
    await send(event);
    await waitUntil(() => started === 1, { what: 'the handler to start' });
    await first.close(); // SIGTERM while the handler runs
    expect(finished).toEqual([event.id]);

    const marker = declared();
    const second = await startConsumerApp({ topic, group: id, dbName: id, deadLetterTopic: dlt, handler: slow });
    try {
      await send(marker);
      await waitUntil(() => finished.includes(marker.id), { what: 'the marker after restart' });
      expect(finished.filter((e) => e === event.id)).toHaveLength(1);
      expect(started).toBe(2);
    } finally {
      await second.close();
    }
  });
});

describe('transactional outbox', () => {
  let bus: EventBus;
  let id: string;
  let topic: string;
  let connection: mongoose.Connection;
  let kit: OpenedDocumentStore;

  beforeEach(async () => {
    id = uniqueId('ob');
    topic = `${id}.events`;
    bus = new EventBus({ clientId: id, brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 });
    await bus.ensureTopics([{ name: topic, partitions: 3 }]);
    connection = await mongoose.createConnection(stack.mongoUrl, { dbName: id }).asPromise();
    kit = await openDocumentStore(connection.db!, stack.redisUrl);
  });

  afterEach(async () => {
    await bus.disconnect();
    await kit.close();
    await connection.close();
  });

  const relay = () => {
    const r = new OutboxRelay(bus, kit.store, 50, () => topic);
    r.register(connection.collection('aggregates') as never);
    return r;
  };

  it('publishes an event whose service crashed between saving the change and publishing it', async () => {
    const event = declared();
    // The change and its event are one document write; the process "crashes" before any relay runs.
    await connection.collection('aggregates').insertOne({ _id: event.key, state: 'submitted', ...outboxFieldsForInsert([event]) } as never);

    const restarted = relay(); // a new process
    restarted.start();
    try {
      const [published] = await readTopic(topic, 1);
      expect(JSON.parse(published.value!)).toMatchObject({ id: event.id, type: 'income.declared', key: event.key });
      expect(published.key).toBe(event.key);
      await waitUntil(async () => {
        const doc = await connection.collection('aggregates').findOne({ _id: event.key } as never);
        return doc?.outboxPending === 0 && Object.keys(doc.outbox ?? {}).length === 0;
      }, { what: 'the outbox to be emptied' });
      expect((await readQuietly(topic, 1)).length).toBe(1);
    } finally {
      await restarted.stop();
    }
  });

  it('publishes events of one aggregate in the order they were stored', async () => {
    const events = [declared('agg-1'), declared('agg-1'), declared('agg-1')];
    await connection.collection('aggregates').insertOne({ _id: 'agg-1', ...outboxFieldsForInsert(events) } as never);
    expect(await relay().flush()).toBe(3);
    const published = await readTopic(topic, 3);
    expect(published.map((m) => JSON.parse(m.value!).id)).toEqual(events.map((e) => e.id));
  });

  it('publishes again after a crash between publishing and marking, which the consumer inbox absorbs', async () => {
    const event = declared();
    await connection.collection('aggregates').insertOne({ _id: event.key, ...outboxFieldsForInsert([event]) } as never);
    // The first relay published, then died before it could remove the event from the outbox.
    await bus.publish([{ ...event, topic }]);
    expect(await relay().flush()).toBe(1);
    expect(await readQuietly(topic, 2)).toHaveLength(2);

    const effects: string[] = [];
    const app = await startConsumerApp({ topic, group: id, dbName: id, deadLetterTopic: `${id}.dlt`, handler: async (e) => void effects.push(e.id) });
    try {
      await waitUntil(() => effects.length >= 1, { what: 'the event to be handled' });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(effects).toEqual([event.id]);
    } finally {
      await app.close();
    }
  });
});
