/**
 * Income checks on their own: how many checks per second the service completes, from declarations put on
 * Kafka to outcomes read back from Kafka, with the declared income and with the (development) register.
 */
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createEvent, incomeDeclaredV1, TOPICS } from '@fund-desk/contracts';
import { EventBus, isValidBsn } from '@fund-desk/platform';
import { launchSystem, stack, uniqueId } from '@fund-desk/testing';

/** Valid BSNs the development register answers for (a synthetic range starting with 80). */
export function syntheticBsns(count: number, from = 800_000_000): string[] {
  const found: string[] = [];
  for (let n = from; found.length < count; n++) if (isValidBsn(String(n))) found.push(String(n));
  return found;
}

async function throughput(bus: EventBus, count: number, withRegister: boolean, bsnOffset: number): Promise<{ seconds: number; perSecond: number }> {
  const ids = Array.from({ length: count }, () => uniqueId('bench-app'));
  const bsns = withRegister ? syntheticBsns(count, 800_000_000 + bsnOffset) : [];
  const waiting = new Set(ids);
  const kafka = new Kafka({ clientId: 'bench-reader', brokers: stack.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueId('bench-reader') });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.incomeChecks, fromBeginning: false });
  let done!: () => void;
  const allDone = new Promise<void>((resolve) => (done = resolve));
  let fetched = false;
  consumer.on(consumer.events.FETCH, () => (fetched = true));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString());
      if (waiting.delete(event.payload?.applicationId) && waiting.size === 0) done();
    },
  });
  while (!fetched) await new Promise((resolve) => setTimeout(resolve, 50));

  const t0 = performance.now();
  const events = ids.map((applicationId, i) =>
    createEvent(incomeDeclaredV1, {
      correlationId: applicationId,
      producer: 'bench',
      payload: {
        applicationId,
        municipalityCode: 'GM0080',
        composition: 'single-parent',
        netMonthlyIncomeCents: 140000 + i,
        circumstances: [],
        checkDate: new Date().toISOString().slice(0, 10),
        householdRef: null,
        ...(withRegister ? { bsn: bsns[i] } : {}),
      },
    }),
  );
  for (let i = 0; i < events.length; i += 100) {
    await bus.publish(events.slice(i, i + 100).map((e) => ({ ...e, topic: TOPICS.incomeDeclarations })));
  }
  await Promise.race([allDone, new Promise((_, reject) => setTimeout(() => reject(new Error(`${waiting.size} checks not completed in 180 s`)), 180_000))]);
  const seconds = (performance.now() - t0) / 1000;
  await consumer.disconnect();
  return { seconds, perSecond: count / seconds };
}

export async function benchIncomeChecks(root: string, count: number): Promise<string[]> {
  const namespace = uniqueId('benchic');
  const system = await launchSystem({
    namespace,
    gatewayPort: 29080,
    basePort: 29000,
    logDir: join(root, '.local', 'bench-logs', namespace),
    consumeFromBeginning: false,
    nodeEnv: 'test',
    repoRoot: root,
    only: ['dev-register', 'income-checks'],
    extraEnv: { 'income-checks': { REGISTER_RATE_PER_SECOND: '1000', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' } },
  });
  const bus = new EventBus({ clientId: 'bench', brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 });
  try {
    const declared = await throughput(bus, count, false, 0);
    const registered = await throughput(bus, count, true, Math.floor(Math.random() * 10_000_000));
    return [
      `income-checks alone, ${count} declarations (declared income): ${declared.perSecond.toFixed(1)} checks/s (${declared.seconds.toFixed(1)} s)`,
      `income-checks alone, ${count} declarations with a BSN (register job each): ${registered.perSecond.toFixed(1)} checks/s (${registered.seconds.toFixed(1)} s)`,
    ];
  } finally {
    await bus.disconnect();
    await system.stop();
  }
}
