import type { EventEnvelope } from '@fund-desk/contracts';
import { stack, uniqueId, waitUntil } from '@fund-desk/testing';
import { EventBus, EventSource } from '../src';
import { declared } from './kafka-helpers';

/**
 * What uptake relies on, against the real broker: a group started at given offsets reads from there, and a batch
 * whose write before the commit fails is read again from its first message, so nothing gathered in memory is lost.
 */
jest.setTimeout(90_000);


let bus: EventBus;
let topic: string;
let id: string;
beforeEach(async () => {
  id = uniqueId('es');
  topic = `${id}.events`;
  bus = new EventBus({ clientId: id, brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 });
  await bus.ensureTopics([{ name: topic, partitions: 1 }]);
});
afterEach(() => bus.disconnect());

const send = (events: EventEnvelope[]) => bus.sendRaw(topic, events.map((e) => ({ key: e.key, value: JSON.stringify(e) })));
const options = { topics: [] as string[], fromBeginning: true, maxAttempts: 2, retryBaseMs: 10, partitionsConcurrently: 1 };

it('starts a new group at the offsets it is given', async () => {
  const events = Array.from({ length: 6 }, () => declared());
  await send(events);
  const seen: string[] = [];
  const source = new EventSource(bus, { ...options, group: id, topics: [topic], handlers: { [topic]: async (e) => void seen.push(e.id) }, startAt: [{ topic, partition: 0, offset: '4' }] });
  await source.start();
  try {
    await waitUntil(async () => seen.length >= 2, { timeoutMs: 30_000, what: 'the last two events' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(seen).toEqual(events.slice(4).map((e) => e.id));
  } finally {
    await source.stop();
  }
});

it('reads a batch again from its first message when the write before its commit fails', async () => {
  const events = Array.from({ length: 5 }, () => declared());
  await send(events);
  const written = new Set<string>();
  let gathered: string[] = [];
  let failures = 1;
  const source = new EventSource(bus, {
    ...options,
    group: id,
    topics: [topic],
    handlers: { [topic]: async (e) => void gathered.push(e.id) },
    beforeCommit: async () => {
      const batch = gathered;
      gathered = [];
      if (failures-- > 0) throw new Error('the database is away');
      for (const eventId of batch) written.add(eventId);
    },
  });
  await source.start();
  try {
    await waitUntil(async () => written.size === events.length, { timeoutMs: 60_000, what: 'every event written after the failed write' });
    expect([...written].sort()).toEqual(events.map((e) => e.id).sort());
  } finally {
    await source.stop();
  }
});
