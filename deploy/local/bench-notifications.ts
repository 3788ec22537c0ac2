/**
 * Notifications on their own: e-mails delivered per second to the SMTP sink, and the delay from a domain
 * event on Kafka to the e-mail accepted by the SMTP server (the sink's receipt time), one at a time and
 * with a burst of events at once.
 */
import { join } from 'node:path';
import { EventEnvelope, TOPICS } from '@fund-desk/contracts';
import { EventBus } from '@fund-desk/platform';
import { ApiClient, launchSystem, publishOn, stack, submittedEvent, uniqueId } from '@fund-desk/testing';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const submitted = (email: string): EventEnvelope => submittedEvent({ email });

export async function benchNotifications(root: string, burst: number): Promise<string[]> {
  const namespace = uniqueId('bench-notif');
  const system = await launchSystem({
    namespace,
    basePort: 19_200,
    gatewayPort: 19_280,
    logDir: join(root, '.local', 'bench-logs', namespace),
    consumeFromBeginning: false,
    repoRoot: root,
    only: ['dev-mail-sink', 'notifications'],
    extraEnv: { notifications: { EMAIL_RATE_PER_SECOND: '1000' } },
  });
  const bus = new EventBus({ clientId: uniqueId('bench-notif'), brokers: stack.kafkaBrokers.split(','), replicationFactor: 1 });
  const sink = new ApiClient(system.urls['dev-mail-sink']);
  const mails = async (email: string) => (await sink.get<{ items: { sentAt: string; messageId: string }[] }>(`/api/v1/dev/mailbox?to=${encodeURIComponent(email)}`)).body.items;
  const publish = (events: EventEnvelope[]) => publishOn(bus, TOPICS.applications, events);
  try {
    // One at a time: event published → e-mail accepted by the SMTP server.
    const single: number[] = [];
    for (let i = 0; i < 20; i++) {
      const email = `${uniqueId('one')}@bench.example`;
      const event = submitted(email);
      await publish([event]);
      for (;;) {
        const got = await mails(email);
        if (got.length) {
          single.push(Date.parse(got[0].sentAt) - Date.parse(event.occurredAt));
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    // A burst: many events at once, to several addresses (the mailbox lists 200 per address).
    const addresses = Array.from({ length: Math.ceil(burst / 150) }, () => `${uniqueId('burst')}@bench.example`);
    const events = Array.from({ length: burst }, (_, i) => submitted(addresses[i % addresses.length]));
    const occurred = new Map(events.map((e) => [e.id, Date.parse(e.occurredAt)]));
    const t0 = Date.now();
    for (let i = 0; i < events.length; i += 100) await publish(events.slice(i, i + 100));
    let received: { sentAt: string; messageId: string }[] = [];
    while (received.length < burst && Date.now() - t0 < 600_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      received = (await Promise.all(addresses.map(mails))).flat();
    }
    const delays = received.map((m) => {
      const eventId = [...occurred.keys()].find((id) => m.messageId.includes(id.replace(/[^A-Za-z0-9.-]/g, '.')));
      return Date.parse(m.sentAt) - (eventId ? occurred.get(eventId)! : t0);
    });
    const lastAt = Math.max(...received.map((m) => Date.parse(m.sentAt)));
    return [
      `notifications, one at a time, event → e-mail accepted by SMTP: n=20 p50=${percentile(single, 50)} ms p95=${percentile(single, 95)} ms max=${Math.max(...single)} ms`,
      `notifications, ${burst} events at once: ${received.length} e-mails, ${(received.length / ((lastAt - t0) / 1000)).toFixed(1)} e-mails/s to the SMTP sink; event → e-mail p50=${percentile(delays, 50)} ms p95=${percentile(delays, 95)} ms`,
    ];
  } finally {
    await bus.disconnect();
    await system.stop();
  }
}
